import { describe, expect, it } from 'vitest';
import { buildModel, UsageError } from '@skipbench/core';
import { planBenchmark } from '@skipbench/engine';
import { unet } from './index.js';

describe('unet levels: refused above the depth, never capped', () => {
  it('the planner refuses --option levels=10 at depth 8 before anything runs', () => {
    expect(() => planBenchmark({ benchmark: 'depth', architectures: [unet], depths: [8], options: { levels: [10] } })).toThrowError(
      new UsageError('Expected option levels of unet.segment to be an integer from 1 to the depth, but got 10 at depth 8.'),
    );
  });

  it('build throws the same UsageError when called without the planner', () => {
    expect(() => buildModel(unet, { ...unet.defaults, seed: 1, depth: 2, options: { levels: 3 } })).toThrowError(
      new UsageError('Expected option levels of unet.segment to be an integer from 1 to the depth, but got 3 at depth 2.'),
    );
  });

  it('refuses valid=2 up front', () => {
    expect(() => planBenchmark({ benchmark: 'depth', architectures: [unet], depths: [8], options: { valid: [2] } })).toThrowError(
      new UsageError('Expected option valid of unet.segment to be one of 0, 1, but got 2.'),
    );
  });
});
