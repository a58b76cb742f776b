import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const bin = path.join(packageDir, 'bin', 'skipbench.js');
export const coreDir = path.resolve(packageDir, '..', 'core');
export const kitDir = path.resolve(packageDir, '..', 'kit');

/** Runs the built CLI as a user would and returns its exit code and output. */
export function skipbench(args: string[], cwd = packageDir) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it. */
export function startSkipbench(args: string[], cwd = packageDir) {
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

/** The toy plugin (a working residual MLP), as a third party would install it. */
export const toyPlugin: TestPackage = { name: 'skipbench-plugin-toy', pkg: { keywords: ['skipbench-plugin'], skipbench: { apiVersion: 2 } }, fixture: 'toy-plugin.js' };
