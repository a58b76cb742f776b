import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { bin, collected, exited, faultyPlugin, packageDir, projectWith, until } from './test-cli.js';

// However the run is launched, SIGINT and SIGTERM sent to what was launched reach it: each launcher starts the
// same two-case run, and gets a Ctrl-C (the run says it stops, the sleeping case goes on), then a SIGTERM
// (the run stops the case now and writes the file).
const project = projectWith([faultyPlugin]);
mkdirSync(path.join(project, 'node_modules', '.bin'));
symlinkSync(bin, path.join(project, 'node_modules', '.bin', 'skipbench'));
writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'launchers', private: true }));

/** The run's arguments, into `<name>.json`; its slow case notes in `<name>.marks` once it sleeps (60 s). */
function runArgs(name: string) {
  const out = path.join(project, `${name}.json`);
  return { out, marks: path.join(project, `${name}.marks`), args: ['run', 'gradient', '--arch', 'faulty.mlp', '--variant', 'ok,slow', '--depths', '2', '--jobs', '1', '--out', out] };
}

/** Starts `command` in its own process group in the project, with the slow case's marks file. */
function launch(command: string[], marks: string): ChildProcess {
  return spawn(command[0]!, command.slice(1), { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SKIPBENCH_TEST_MARKS: marks, FORCE_COLOR: '0' } });
}

/** Resolves once no signal is pending for `pid`: each one sent has been delivered. */
const delivered = (pid: number) => until(() => /^SigPnd:\s+0+\nShdPnd:\s+0+$/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')));

/**
 * Once the slow case runs, sends SIGINT to `target(child)` (with `alsoGroup`, to the whole group first, as a
 * terminal does, then to the target once the run has heard the group's), then SIGTERM; checks that the run
 * acted on each once and wrote the file without the slow case.
 */
async function interrupt(name: string, command: (args: string[]) => string[], { target = async (child: ChildProcess) => child.pid!, alsoGroup = false } = {}) {
  const { out, marks, args } = runArgs(name);
  const child = launch(command(args), marks);
  const stderr = collected(child.stderr!);
  await until(() => existsSync(marks));
  const pid = await target(child);
  process.kill(alsoGroup ? -child.pid! : pid, 'SIGINT');
  await until(() => stderr.text.includes('SIGINT: stopping'));
  if (alsoGroup) process.kill(pid, 'SIGINT');
  await delivered(pid);
  process.kill(pid, 'SIGTERM');
  expect(await exited(child)).toBe(130);
  expect(stderr.text.split('\n').filter((line) => line.startsWith('skipbench: SIG'))).toEqual([
    'skipbench: SIGINT: stopping; no new case starts, 1 running finish first (Ctrl-C again to stop them now)',
    'skipbench: SIGTERM: stopping the running cases now and writing what is done',
  ]);
  expect(parseResults(readFileSync(out, 'utf8'), out).missing).toEqual(['gradient/faulty.mlp/slow/none/glorot/d2/b8/gradient-profile/seed=1234']);
}

/** The first child of `pid`, once it has one (unshare's is PID 1 of the namespace it made). */
async function firstChild(pid: number): Promise<number> {
  const children = `/proc/${pid}/task/${pid}/children`;
  await until(() => readFileSync(children, 'utf8').trim() !== '');
  return Number(readFileSync(children, 'utf8').trim().split(' ')[0]);
}

describe('signals through every launcher', () => {
  it('the installed bin (node_modules/.bin/skipbench); a Ctrl-C that reaches it twice, from the terminal and from a launcher, counts once', async () => {
    await interrupt('bin', (args) => [path.join(project, 'node_modules', '.bin', 'skipbench'), ...args], { alsoGroup: true });
  });

  it("npx -c 'exec skipbench …' (plain npx runs the bin under a shell that passes no signal on), with a Ctrl-C to the whole group too", async () => {
    await interrupt('npx', (args) => ['npx', '-c', `exec skipbench ${args.join(' ')}`], { alsoGroup: true });
  });

  it("pnpm skipbench in the workspace: the root script execs the CLI after its build", async () => {
    const root = JSON.parse(readFileSync(path.resolve(packageDir, '../../package.json'), 'utf8')) as { scripts: { skipbench: string } };
    // The same script, with its turbo build (done already) left out.
    const script = root.scripts.skipbench.replaceAll('turbo run build', 'true');
    expect(script).toMatch(/&& exec node packages\/bench-cli\/bin\/skipbench\.js$/);
    const workspace = path.join(project, 'workspace');
    mkdirSync(path.join(workspace, 'packages'), { recursive: true });
    symlinkSync(packageDir, path.join(workspace, 'packages', 'bench-cli'));
    symlinkSync(path.join(project, 'node_modules'), path.join(workspace, 'node_modules'));
    writeFileSync(path.join(workspace, 'package.json'), JSON.stringify({ name: 'workspace', private: true, scripts: { skipbench: script } }));
    await interrupt('pnpm', (args) => ['pnpm', '--dir', workspace, 'skipbench', ...args]);
  });

  it("a container's first process: sh -c 'exec skipbench …' as PID 1", async () => {
    const command = (args: string[]) => ['unshare', '--user', '--map-root-user', '--pid', '--fork', 'sh', '-c', 'exec "$@"', 'sh', process.execPath, bin, ...args];
    await interrupt('pid1', command, { target: (unshare) => firstChild(unshare.pid!) });
  });
});
