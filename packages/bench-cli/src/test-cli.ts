import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const bin = path.join(packageDir, 'bin', 'skipbench.js');
export const coreDir = path.resolve(packageDir, '..', 'core');
export const kitDir = path.resolve(packageDir, '..', 'kit');

/**
 * The bench-cli package inside the workspace, where discovery finds every workspace plugin: only for the
 * tests of the real families (each says why it needs them). The others run in `fixtureProject()`.
 */
export const workspace = packageDir;

/** Runs the built CLI as a user would, in the fixture project unless told otherwise, and returns its exit code and output. */
export function skipbench(args: string[], cwd = fixtureProject()) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it, in the fixture project unless told otherwise. */
export function startSkipbench(args: string[], cwd = fixtureProject()) {
  return spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A plugin package to install: its package.json fields, and its index.js as text or as a fixture file to copy. */
export interface TestPackage {
  name: string;
  pkg?: object;
  index?: string;
  fixture?: string;
}

/** A project outside the workspace with core and these packages installed in its node_modules. */
export function projectWith(packages: readonly TestPackage[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'skipbench-project-'));
  const modules = path.join(root, 'node_modules');
  mkdirSync(path.join(modules, '@skipbench'), { recursive: true });
  symlinkSync(coreDir, path.join(modules, '@skipbench', 'core'), 'dir');
  for (const { name, pkg = {}, index = '', fixture } of packages) {
    const dir = path.join(modules, name);
    if (fixture?.endsWith('/')) {
      cpSync(path.join(packageDir, 'src', 'fixtures', fixture), dir, { recursive: true });
      continue;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', exports: './index.js', ...pkg }));
    if (fixture !== undefined) cpSync(path.join(packageDir, 'src', 'fixtures', fixture), path.join(dir, 'index.js'));
    else writeFileSync(path.join(dir, 'index.js'), index);
  }
  return root;
}

const plugin = (name: string, fixture: string): TestPackage => ({ name, pkg: { keywords: ['skipbench-plugin'], skipbench: { apiVersion: 2 } }, fixture });

/** The toy plugin (a working residual MLP, variants plain and residual), as a third party would install it. */
export const toyPlugin = plugin('skipbench-plugin-toy', 'toy-plugin.js');
/** A gated MLP (gate.mlp: plain and gated, options gate-bias and gated-blocks) with its own probe, benchmark and claim. */
export const gatePlugin = plugin('skipbench-plugin-gate', 'gate-plugin.js');
/** A probe-only plugin: the stream-rms probe and the streams benchmark. */
export const streamRmsPlugin = plugin('skipbench-plugin-stream-rms', 'stream-rms-plugin.js');

let fixtures: string | undefined;

/**
 * A project with the fixture plugins installed (toy, gate, stream-rms), made once per test file: what the CLI
 * lists there is the standard probes' (registered first, from the CLI's own dependencies) and the fixtures'.
 */
export function fixtureProject(): string {
  fixtures ??= projectWith([toyPlugin, gatePlugin, streamRmsPlugin]);
  return fixtures;
}
