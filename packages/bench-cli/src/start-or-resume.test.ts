import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { collected, exited, faultyPlugin, projectWith, skipbench, startSkipbench, until } from './test-cli.js';

// One command for the first start and every requeue of a scheduler's task.
const project = projectWith([faultyPlugin]);
const out = path.join(project, 'task.json');
const marks = path.join(project, 'task.marks');
/** Two cases: `ok`, then `slow`, whose build notes in `marks` that it runs and sleeps (60 s unless told). */
const command = ['run', 'gradient', '--arch', 'faulty.mlp', '--variant', 'ok,slow', '--depths', '2', '--jobs', '1', '--out', out, '--start-or-resume'];
const builds = () => (existsSync(marks) ? readFileSync(marks, 'utf8').split('\n').filter((l) => l.startsWith('running')).length : 0);

describe('--start-or-resume', () => {
  it('starts without a journal, resumes with one, and runs nothing once --out holds every case', async () => {
    const first = startSkipbench(command, project, { env: { SKIPBENCH_TEST_MARKS: marks } });
    const stderr = collected(first.stderr);
    await until(() => builds() === 1);
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(130);
    expect(stderr.text).not.toContain('resuming');
    expect(parseResults(readFileSync(out, 'utf8'), out).cases.map((c) => c.variant)).toEqual(['ok']);

    const requeued = skipbench(command, project, { SKIPBENCH_TEST_MARKS: marks, SKIPBENCH_TEST_SLOW_MS: '0' });
    expect(requeued.stderr).toContain('skipbench: resuming task.json: 1 of 2 cases done\n');
    expect(requeued.code).toBe(0);
    expect(builds()).toBe(2);

    // Done: no worker starts, so the slow case (60 s now) is not built again.
    const again = skipbench(command, project, { SKIPBENCH_TEST_MARKS: marks });
    expect(again.stderr).toContain('skipbench: task.json holds every case of this run (2): nothing to run\n');
    expect(again.code).toBe(0);
    expect(builds()).toBe(2);
    const document = parseResults(readFileSync(out, 'utf8'), out);
    expect(document.complete).toBe(true);
    expect(document.cases.map((c) => [c.variant, c.status])).toEqual([
      ['ok', 'ok'],
      ['slow', 'ok'],
    ]);
  });

  it('exits 0 once the file holds every case, a failed one too, so a scheduler neither retries the task nor holds back the merge', () => {
    const failing = path.join(project, 'failing.json');
    const args = ['run', 'gradient', '--arch', 'faulty.mlp', '--variant', 'throws', '--depths', '2', '--jobs', '1', '--out', failing, '--start-or-resume'];
    const first = skipbench(args, project);
    expect(first.stderr).toContain('skipbench: 1 of 1 cases failed\n');
    expect(first.code).toBe(0);
    const again = skipbench(args, project);
    expect(again.stderr).toContain('skipbench: failing.json holds every case of this run (1): nothing to run\n');
    expect(again.code).toBe(0);
    // Without the flag the same file is a run with a failure.
    expect(skipbench([...args.slice(0, -1), '--resume'], project).code).toBe(1);
  });

  it('is refused beside --resume or --force, and without --out, in one line with exit 2', () => {
    const refused = (args: string[]) => {
      const { code, stdout, stderr } = skipbench(['run', 'gradient', '--arch', 'faulty.mlp', '--start-or-resume', ...args], project);
      expect([code, stdout]).toEqual([2, '']);
      return stderr;
    };
    const both = 'skipbench: --start-or-resume chooses between starting and resuming by itself: leave out --resume and --force.\n';
    expect(refused(['--out', out, '--resume'])).toBe(both);
    expect(refused(['--out', out, '--force'])).toBe(both);
    expect(refused([])).toBe('skipbench: --start-or-resume needs --out: the results file that the first start and every requeue write.\n');
  });
});
