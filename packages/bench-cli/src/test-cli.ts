import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const bin = path.join(packageDir, 'bin', 'skipbench.js');
export const coreDir = path.resolve(packageDir, '..', 'core');

/** Runs the built CLI as a user would and returns its exit code and output. */
export function skipbench(args: string[], cwd = packageDir) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it. */
export function startSkipbench(args: string[], cwd = packageDir) {
  return spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}
