import { describe, expect, it } from 'vitest';
import { toyConv } from '@skipbench/core/toys';
import { asFlags, refusal } from '../test-errors.js';
import { planBenchmark } from './plan.js';
import { parseShard } from './shard.js';

describe('parseShard', () => {
  it.each([
    ['2/3', {}, { index: 2, count: 3 }],
    ['auto', { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '5', SLURM_ARRAY_TASK_COUNT: '4' }, { index: 3, count: 4 }],
    ['auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MAX: '2' }, { index: 1, count: 3 }],
    ['auto/4', { JOB_COMPLETION_INDEX: '3' }, { index: 4, count: 4 }],
    // A Slurm task resubmitted alone (sbatch --array=1) is still shard 2 of 3: auto/n reads only its index.
    ['auto/3', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '1' }, { index: 2, count: 3 }],
  ])('%s with %j is %j', (spec, env, shard) => {
    expect(parseShard(spec, env)).toEqual(shard);
  });

  it.each([
    [
      '0/3',
      {},
      "Expected shard 'i/n' (1 <= i <= n), 'auto' (Slurm array job) or 'auto/n' (Slurm array or Kubernetes indexed Job, index 0..n-1), but got '0/3'.",
      "Expected --shard 'i/n' (1 <= i <= n), 'auto' (Slurm array job) or 'auto/n' (Slurm array or Kubernetes indexed Job, index 0..n-1), but got '0/3'.",
    ],
    ['auto', {}, 'shard auto found no SLURM_ARRAY_TASK_ID; in a Kubernetes indexed Job use shard auto/<completions>.', '--shard auto found no SLURM_ARRAY_TASK_ID; in a Kubernetes indexed Job use --shard auto/<completions>.'],
    ['auto/2', { JOB_COMPLETION_INDEX: '2' }, 'JOB_COMPLETION_INDEX is 2, but shard auto/2 allows 0..1.', 'JOB_COMPLETION_INDEX is 2, but --shard auto/2 allows 0..1.'],
    ['auto/3', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1' }, 'SLURM_ARRAY_TASK_ID is 3, but shard auto/3 allows 0..2.', 'SLURM_ARRAY_TASK_ID is 3, but --shard auto/3 allows 0..2.'],
    ['auto/3', {}, 'shard auto/n found no JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).', '--shard auto/n found no JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm).'],
  ])('rejects %s with %j, naming the option and the spec it received', (spec, env, message, worded) => {
    const error = refusal(() => parseShard(spec, env));
    expect(error.message).toBe(message);
    expect(error).toMatchObject({ option: 'shard', received: spec });
    // A command line words it by its flag.
    expect(asFlags(error)).toBe(worded);
  });

  it('lists the forms it accepts when the spec has none of them', () => {
    expect(refusal(() => parseShard('2'))).toMatchObject({ option: 'shard', received: '2', accepted: ['i/n', 'auto', 'auto/n'] });
  });
});

describe('sharded plans', () => {
  it('split the cases into disjoint slices that cover the plan, with one benchmark version', () => {
    const options = { benchmark: 'all', architectures: [toyConv] };
    const whole = planBenchmark(options);
    const slices = [1, 2, 3].map((index) => planBenchmark({ ...options, shard: { index, count: 3 } }));
    expect(slices.flatMap((s) => s.cases.map((c) => c.index)).sort((a, b) => a - b)).toEqual(whole.cases.map((c) => c.index));
    expect(new Set(slices.map((s) => s.benchmark.version))).toEqual(new Set([whole.benchmark.version]));
    expect(slices[1]!.benchmark.shard).toEqual({ index: 2, count: 3 });
  });
});
