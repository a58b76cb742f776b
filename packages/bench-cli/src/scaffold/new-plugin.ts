import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { API_VERSION, UsageError } from '@skipbench/core';
import { pluginFiles, probePluginFiles } from './template.js';

const require = createRequire(import.meta.url);
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;

/** `skipbench-plugin-highway` → `highway`; `@me/skipbench-gated` → `gated`. */
export function familyOf(packageName: string): string {
  return packageName
    .replace(/^@[^/]+\//, '')
    .replace(/^skipbench-(plugin-)?/, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `skipbench-plugin-stream-norm` → `stream-norm`: lower-case words joined by single `-`, as probe ids are. */
export const probeIdOf = (packageName: string): string => familyOf(packageName).replace(/-+/g, '-');

/**
 * Writes a plugin package into `dir/<name without scope>`; returns the folder. A family (`gated.mlp`), or with
 * `probeOnly` a probe named after the package and a claim on it.
 */
export function writePluginScaffold(packageName: string, dir = '.', { probeOnly = false }: { probeOnly?: boolean } = {}): string {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(packageName)) {
    throw new UsageError(`Expected an npm package name (lower case, e.g. skipbench-plugin-highway or @me/skipbench-gated), but got '${packageName}'.`);
  }
  const family = probeOnly ? probeIdOf(packageName) : familyOf(packageName);
  if (family === '' || !/^[a-z]/.test(family)) {
    throw new UsageError(probeOnly ? `Cannot derive a probe id from '${packageName}'; name it like skipbench-plugin-<probe>.` : `Cannot derive a family id from '${packageName}'; name it like skipbench-plugin-<family>.`);
  }
  if (!existsSync(dir)) throw new UsageError(`Folder '${dir}' does not exist; create it or choose another --dir.`);
  const target = path.join(dir, packageName.replace(/^@[^/]+\//, ''));
  if (existsSync(target) && readdirSync(target).length > 0) throw new UsageError(`Folder '${target}' exists and is not empty.`);
  const files = (probeOnly ? probePluginFiles : pluginFiles)({ packageName, family, coreVersion: versionOf('@skipbench/core'), kitVersion: versionOf('@skipbench/kit'), apiVersion: API_VERSION });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    writeFileSync(path.join(target, file), text);
  }
  return target;
}
