import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { alive, collected, exited, faultyPlugin, nonTiming, projectWith, skipbench, startSkipbench, until } from './test-cli.js';

// A scheduler's cancel (scancel, a pod's deletion, `kill -- -PGID`) sends SIGTERM to every process of the run.
const project = projectWith([faultyPlugin]);
const read = (file: string) => parseResults(readFileSync(file, 'utf8'), file);
/** Two cases: `ok`, then `slow`, whose build notes in `marks` that it runs (with its worker's pid) and sleeps 60 s. */
const args = ['run', 'gradient', '--arch', 'faulty.mlp', '--variant', 'ok,slow', '--depths', '2', '--jobs', '1'];
const slowCase = 'gradient/faulty.mlp/slow/none/glorot/d2/b8/gradient-profile/seed=1234';

/** Starts the run in a process group of its own and resolves once the slow case sleeps, with its worker's pid. */
async function whileSlowCaseRuns(name: string) {
  const [out, marks] = [path.join(project, `${name}.json`), path.join(project, `${name}.marks`)];
  const child = startSkipbench([...args, '--out', out], project, { detached: true, env: { SKIPBENCH_TEST_MARKS: marks } });
  const stderr = collected(child.stderr);
  await until(() => existsSync(marks) && readFileSync(marks, 'utf8').startsWith('running'));
  const worker = Number(/^running (\d+)/.exec(readFileSync(marks, 'utf8'))![1]);
  return { child, stderr, out, worker, woke: () => readFileSync(marks, 'utf8').includes('woke') };
}

describe('a cancelled case is never a failed one', () => {
  it('SIGTERM to the whole group stops the running case at once: missing, never journalled; --resume runs it; the file equals an uninterrupted run', async () => {
    const { child, stderr, out, woke } = await whileSlowCaseRuns('cancelled');
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited(child)).toBe(130);
    // The slow case never woke: it was running when the signal hit, and was stopped, not waited for.
    expect(woke()).toBe(false);
    expect(stderr.text).toContain('skipbench: SIGTERM: stopping now; 1 running left out (--resume runs them), writing what is done\n');
    const journal = readFileSync(`${out}.partial.jsonl`, 'utf8').trim().split('\n').slice(1);
    expect(journal.map((line) => JSON.parse(line).status)).toEqual(['ok']);
    const interrupted = read(out);
    expect(interrupted.cases.map((c) => [c.variant, c.status])).toEqual([['ok', 'ok']]);
    expect(interrupted.missing).toEqual([slowCase]);

    const fast = { SKIPBENCH_TEST_SLOW_MS: '0' };
    const resumed = skipbench([...args, '--out', out, '--resume'], project, fast);
    expect(resumed.stderr).toContain("skipbench: resuming cancelled.json: 1 of 2 cases done\n");
    expect(resumed.code).toBe(0);
    const uninterrupted = path.join(project, 'uninterrupted.json');
    expect(skipbench([...args, '--out', uninterrupted], project, fast).code).toBe(0);
    expect(read(out).complete).toBe(true);
    expect(read(out).cases.map(nonTiming)).toEqual(read(uninterrupted).cases.map(nonTiming));
  });

  it('a worker ignores SIGTERM and SIGHUP sent to it alone; killed by another signal while the run goes on, its case failed', async () => {
    const { child, worker, out, woke } = await whileSlowCaseRuns('worker-signals');
    process.kill(worker, 'SIGTERM');
    process.kill(worker, 'SIGHUP');
    // Delivered once nothing is pending for the process: then it must still run.
    await until(() => /^ShdPnd:\s+0+$/m.test(readFileSync(`/proc/${worker}/status`, 'utf8')));
    expect(alive(worker)).toBe(true);
    expect(woke()).toBe(false);
    process.kill(worker, 'SIGKILL');
    expect(await exited(child)).toBe(1);
    expect(read(out).cases.map((c) => [c.variant, c.status, c.error])).toEqual([
      ['ok', 'ok', undefined],
      ['slow', 'failed', 'the worker died (killed by SIGKILL)'],
    ]);
  });

  it('a worker whose parent is gone exits, even in the middle of a case', async () => {
    const { child, worker, woke } = await whileSlowCaseRuns('orphaned');
    child.kill('SIGKILL');
    await exited(child);
    await until(() => !alive(worker));
    expect(woke()).toBe(false);
  });
});
