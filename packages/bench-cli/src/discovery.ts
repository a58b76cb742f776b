import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { API_VERSION, speaksApiVersion, validatePlugin, type Plugin } from '@skipbench/core';
import type { WorkerLaunch } from '@skipbench/engine';

export type PluginSource = 'project' | 'workspace' | 'node_modules' | 'bundled';

export interface DiscoveredPlugin {
  plugin: Plugin;
  packageName: string;
  version: string;
  source: PluginSource;
  directory: string;
  /** The module the plugin loads from (what `skipbench pack` bundles). */
  entry: string;
}

export interface Discovery {
  plugins: DiscoveredPlugin[];
  /** One line per package that declared itself a plugin but could not be used. */
  problems: string[];
}

interface PackageJson {
  name?: string;
  version?: string;
  keywords?: string[];
  skipbench?: { apiVersion?: number; entry?: string };
  exports?: unknown;
  main?: string;
}

const PLUGIN_KEYWORD = 'skipbench-plugin';

const require = createRequire(import.meta.url);

function readPackageJson(directory: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** A plugin declares itself with a `skipbench` field or the `skipbench-plugin` keyword in package.json. */
function declaresPlugin(pkg: PackageJson): boolean {
  return pkg.skipbench !== undefined || (pkg.keywords ?? []).includes(PLUGIN_KEYWORD);
}

function entryOf(pkg: PackageJson): string | undefined {
  if (pkg.skipbench?.entry !== undefined) return pkg.skipbench.entry;
  const root = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    const conditions = root as Record<string, unknown>;
    for (const key of ['import', 'default', 'node']) if (typeof conditions[key] === 'string') return conditions[key] as string;
  }
  return pkg.main ?? 'index.js';
}

/** The nearest folder at or above `from` holding pnpm-workspace.yaml, and its package folders. */
function workspacePackageDirs(from: string): string[] {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'pnpm-workspace.yaml');
    if (existsSync(manifest)) {
      const globs = [...readFileSync(manifest, 'utf8').matchAll(/^\s*-\s*['"]?([^'"\n#]+?)\/\*['"]?\s*$/gm)].map((m) => m[1]!);
      return globs.flatMap((glob) => listDirs(path.join(dir, glob)));
    }
    if (path.dirname(dir) === dir) return [];
  }
}

function listDirs(parent: string): string[] {
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
      .map((entry) => path.join(parent, entry.name))
      // readdir's order is the file system's: sort, so listings and plans are the same on every machine.
      .sort();
  } catch {
    return [];
  }
}

function nearestPackageDir(from: string): string[] {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return [dir];
    if (path.dirname(dir) === dir) return [];
  }
}

/** Packages in `node_modules` folders at and above `from` (`name` and `@scope/name`). */
function nodeModulesPackageDirs(from: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    for (const entry of listDirs(path.join(dir, 'node_modules'))) {
      const base = path.basename(entry);
      if (base.startsWith('.')) continue;
      if (base.startsWith('@')) dirs.push(...listDirs(entry));
      else dirs.push(entry);
    }
    if (path.dirname(dir) === dir) return dirs;
  }
}

/** How long one plugin's import may take. @default 10 s */
export const defaultImportTimeoutMs = 10_000;

/** SKIPBENCH_IMPORT_TIMEOUT_MS overrides the import time limit (tests use a short one). */
function importTimeoutMs(): number {
  const set = process.env['SKIPBENCH_IMPORT_TIMEOUT_MS'];
  const value = set === undefined || set.trim() === '' ? Number.NaN : Number(set);
  return Number.isFinite(value) && value > 0 ? value : defaultImportTimeoutMs;
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** Core's major version is its plugin API version: a plugin for another one is refused before it is imported. */
const apiMismatch = (name: string, speaks: number) =>
  `${name}: skipped, it was built for @skipbench/core ${speaks} (plugin API ${speaks}) and this skipbench needs @skipbench/core ^${API_VERSION}.0.0 (plugin API ${API_VERSION}): install a release of it built against that`;

async function loadPlugin(directory: string, pkg: PackageJson, source: PluginSource): Promise<DiscoveredPlugin | string> {
  const name = pkg.name ?? path.basename(directory);
  const declared = pkg.skipbench?.apiVersion;
  if (declared !== undefined && !speaksApiVersion(declared)) {
    return apiMismatch(name, declared);
  }
  const entry = entryOf(pkg)!;
  let module: { default?: unknown };
  const timeoutMs = importTimeoutMs();
  let timer: NodeJS.Timeout | undefined;
  try {
    // A top-level await that never settles would hold the command forever (Node then exits 13 with no output).
    const timedOut = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), timeoutMs);
    });
    const loaded = await Promise.race([import(pathToFileURL(path.join(directory, entry)).href) as Promise<{ default?: unknown }>, timedOut]);
    if (loaded === 'timed out') return `${name}: skipped, loading ${entry} did not finish within ${formatSeconds(timeoutMs)}`;
    module = loaded;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `${name}: skipped, loading ${entry} failed: ${message}`;
  } finally {
    clearTimeout(timer);
  }
  const errors = validatePlugin(module.default);
  if (errors.length > 0) return `${name}: skipped, its default export is not a plugin (${errors.join('; ')})`;
  const plugin = module.default as Plugin;
  if (!speaksApiVersion(plugin.apiVersion)) {
    return apiMismatch(name, plugin.apiVersion);
  }
  return { plugin, packageName: name, version: pkg.version ?? plugin.version ?? '0.0.0', source, directory, entry: path.join(directory, entry) };
}

let bundledPlugins: DiscoveredPlugin[] | undefined;
let bundleFile: string | undefined;

/** Set in a packed bundle's worker processes: the bundle serves cases instead of running the CLI. */
export const BUNDLE_WORKER_ENV = 'SKIPBENCH_BUNDLE_WORKER';

/** In a packed bundle the plugins are compiled in: discovery returns them and looks at no folder. */
export function useBundledPlugins(plugins: ReadonlyArray<{ plugin: Plugin; packageName: string; version: string }>, bundle: string): void {
  bundleFile = bundle;
  bundledPlugins = plugins.map((p) => ({ ...p, source: 'bundled', directory: path.dirname(bundle), entry: bundle }));
}

/** How the runner starts workers that have the discovered plugins: core's worker importing their entries, or the bundle itself in worker mode. */
export function workerLaunch(discovery: Discovery): WorkerLaunch {
  if (bundleFile !== undefined) return { plugins: [], script: bundleFile, env: { [BUNDLE_WORKER_ENV]: '1' } };
  return { plugins: discovery.plugins.map((p) => p.entry) };
}

/**
 * Finds plugins: the package at `cwd` itself, the workspace around it, and `node_modules` folders at and
 * above it. A plugin that
 * fails to load is reported in one line and the others are still returned.
 */
export async function discoverPlugins(cwd: string): Promise<Discovery> {
  if (bundledPlugins !== undefined) return { plugins: bundledPlugins, problems: [] };
  const candidates: Array<{ directory: string; source: PluginSource }> = [
    // The standard probes, claims and benchmarks: a plugin like any other, the CLI's own dependency, registered first.
    { directory: path.dirname(require.resolve('@skipbench/probes/package.json')), source: 'node_modules' },
    // The package being worked on: a plugin author runs skipbench in the plugin's own folder.
    ...nearestPackageDir(cwd).map((directory) => ({ directory, source: 'project' as const })),
    ...workspacePackageDirs(cwd).map((directory) => ({ directory, source: 'workspace' as const })),
    ...nodeModulesPackageDirs(cwd).map((directory) => ({ directory, source: 'node_modules' as const })),
  ];
  const seen = new Set<string>();
  const plugins: DiscoveredPlugin[] = [];
  const problems: string[] = [];
  for (const { directory, source } of candidates) {
    const pkg = readPackageJson(directory);
    if (pkg === undefined || !declaresPlugin(pkg)) continue;
    const key = pkg.name ?? realpathSync(directory);
    if (seen.has(key)) continue;
    seen.add(key);
    const loaded = await loadPlugin(directory, pkg, source);
    if (typeof loaded === 'string') problems.push(loaded);
    else plugins.push(loaded);
  }
  return { plugins, problems };
}
