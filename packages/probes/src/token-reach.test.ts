import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Model, type Measurement, tf } from '@skipbench/core';
import { linearRecurrence } from '@skipbench/core/toys';
import { tokenReach } from './token-reach.js';

const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const context = { tf, seed: 9, settings, rebuild: () => { throw new Error('no rebuild'); } };

beforeAll(async () => {
  await selectBackend('wasm');
});

async function measure(model: Model): Promise<Measurement> {
  try {
    return await tokenReach.run(model, context);
  } finally {
    model.dispose();
  }
}

/** log10 ‖c‖√batch for the readout vector c of linearRecurrence's seed (7). */
function readoutLog10(): number {
  const model = linearRecurrence(1, 1);
  const { x, y } = model.task.sample(settings.batch, 9);
  const log10 = Math.log10(tf.norm(y).dataSync()[0]!);
  tf.dispose([x, y]);
  model.dispose();
  return log10;
}

describe('token-reach', () => {
  it('finds ‖dL/dx_t‖ = |a|^(T−1−t) ‖c‖√B for h_{t+1} = a·h_t + x_t read at the last step', async () => {
    const [steps, a] = [8, -0.6];
    const m = await measure(linearRecurrence(steps, a));
    const base = readoutLog10();
    for (const [t, value] of m.series['token-grad-log10']!.entries()) expect(value).toBeCloseTo(base + (steps - 1 - t) * Math.log10(Math.abs(a)), 5);
    expect(m.series['distance-to-read']).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(m.metrics['log10-decay-per-step']).toBeCloseTo(Math.log10(0.6), 5);
    // Share of x_0: |a|^(T−1) / Σ_{k<T} |a|^k.
    const geometric = Array.from({ length: steps }, (_, k) => 0.6 ** k).reduce((s, v) => s + v, 0);
    expect(m.metrics['first-token-share']).toBeCloseTo(0.6 ** (steps - 1) / geometric, 6);
    expect(m.metrics['log10-ratio-first-read']).toBeCloseTo((steps - 1) * Math.log10(0.6), 5);
    expect(m.metrics['reads-from']).toBe(steps - 1);
    expect(m.metrics['log-space']).toBe(0);
  });

  it('chains the positions in log space where float32 underflows: a = 0.01 over 24 steps puts dL/dx_0 at 1e-46', async () => {
    // 0.01^23 = 1e-46 is below float32's smallest subnormal (1.4e-45), so the direct gradient at x_0 is 0.
    const [steps, a] = [24, 0.01];
    const m = await measure(linearRecurrence(steps, a));
    const base = readoutLog10();
    for (const [t, value] of m.series['token-grad-log10']!.entries()) expect(value).toBeCloseTo(base - 2 * (steps - 1 - t), 4);
    expect(m.metrics['log10-decay-per-step']).toBeCloseTo(-2, 5);
    expect(m.metrics['log-space']).toBe(1);
    expect(m.notes).toContain("float32's input gradient underflowed (max |dL/dx_t| < 1e-30) at some position; every position was chained block by block in log space");
  });
});
