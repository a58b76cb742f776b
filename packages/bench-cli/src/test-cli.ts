import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from '@skipbench/engine';

export const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const bin = path.join(packageDir, 'bin', 'skipbench.js');
export const coreDir = path.resolve(packageDir, '..', 'core');
export const kitDir = path.resolve(packageDir, '..', 'kit');

/**
 * The bench-cli package inside the workspace, where discovery finds every workspace plugin: only for the
 * tests of the real families (each says why it needs them). The others run in `fixtureProject()`.
 */
export const workspace = packageDir;

/** Runs the built CLI as a user would, in the fixture project unless told otherwise, and returns its exit code and output; `env` adds to its environment. */
export function skipbench(args: string[], cwd = fixtureProject(), env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Starts the CLI without waiting for it, in the fixture project unless told otherwise; `detached` gives it a
 * process group of its own (its pid negated signals the whole group), `env` adds to its environment.
 */
export function startSkipbench(args: string[], cwd = fixtureProject(), { detached = false, env = {} }: { detached?: boolean; env?: Record<string, string> } = {}) {
  return spawn(process.execPath, [bin, ...args], { cwd, detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** What a process wrote so far to a stream, read as it comes. */
export function collected(stream: NodeJS.ReadableStream): { text: string } {
  const output = { text: '' };
  stream.on('data', (chunk) => {
    output.text += chunk;
  });
  return output;
}

/** Resolves with a child's exit code once it exits. */
export const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', resolve));

/** Polls until `ready()` holds (the test's own timeout bounds the wait). */
export async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await sleep(20);
}

/** Whether a process still runs (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** What a results case holds apart from timing: what an interrupted and resumed run must share with an uninterrupted one. */
export const nonTiming = (c: CaseResult) => ({ id: c.id, index: c.index, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels, notes: c.notes });

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
/** Variants that each break in one way (`hangs`, `throws`, …), and `slow`, which sleeps at build (see the fixture). */
export const faultyPlugin: TestPackage = { name: 'skipbench-plugin-faulty', fixture: 'faulty-plugin/' };
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
