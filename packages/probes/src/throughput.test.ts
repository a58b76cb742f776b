import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { tf } from '@skipbench/core';
import { buildToyConv } from '@skipbench/core/toys';
import { summariseRepetitions, throughput } from './throughput.js';

describe('throughput', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('records the first call apart, a leak-free train step, and a peak memory holding every weight and its gradient', async () => {
    const model = buildToyConv();
    const settings = { batch: 4, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 2, warmupIterations: 1 }, repeat: 1 };
    const { metrics } = await throughput.run(model, { tf, seed: 1, settings, rebuild: () => buildToyConv() });
    const weightBytes = model.params.reduce((sum, p) => sum + p.size * 4, 0);
    model.dispose();
    expect(metrics['train-step-new-tensors']).toBe(0);
    // The step holds the weights and one gradient per weight at once (SGD updates them after the backward pass).
    expect(metrics['train-step-peak-memory']! * 2 ** 20).toBeGreaterThanOrEqual(2 * weightBytes);
    expect(metrics['forward-first-call']).toBeGreaterThan(0);
    expect(metrics['forward-kernel-time']).toBeGreaterThan(0);
  });
});


describe('summariseRepetitions', () => {
  it('takes the median and spread of all repetitions below five', () => {
    expect(summariseRepetitions([12, 10, 11])).toEqual({ median: 11, spreadPercent: (2 / 11) * 100, kept: 3 });
    expect(summariseRepetitions([10, 14])).toEqual({ median: 12, spreadPercent: (4 / 12) * 100, kept: 2 });
  });

  it('drops the fastest and the slowest from five repetitions on', () => {
    expect(summariseRepetitions([5, 1, 3, 2, 4])).toEqual({ median: 3, spreadPercent: (2 / 3) * 100, kept: 3 });
  });
});
