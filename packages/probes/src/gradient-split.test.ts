import { beforeAll, describe, expect, it } from 'vitest';
import { type Model, type Measurement, tf, l2Norm } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { linearChain, linearReadoutTask, splitLinearChain } from '@skipbench/core/toys';
import { gradientSplit } from './gradient-split.js';

const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const seed = 9;
const context = { tf, seed, settings, rebuild: () => { throw new Error('no rebuild'); } };

beforeAll(async () => {
  await selectBackend('wasm');
});

async function measure(model: Model): Promise<Measurement> {
  try {
    return await gradientSplit.run(model, context);
  } finally {
    model.dispose();
  }
}

/** log10 ‖c‖√batch: ‖dL/dh_L‖ for the linear readout L = Σ h_L ⊙ c over the batch (the probe's data seed). */
function readoutLog10(): number {
  const { x, y } = linearReadoutTask(7).sample(settings.batch, seed);
  const norm = l2Norm(y.dataSync());
  tf.dispose([x, y]);
  return Math.log10(norm);
}

describe('gradient-split', () => {
  it('sends the whole gradient through the identity when the branch is zero', async () => {
    // F(h) = 0·h: dL/dh_l = g + 0, so the branch part is exactly 0 and g is the readout's c at every block.
    const m = await measure(linearChain(3, 0, true));
    expect(m.series['branch-identity-ratio']).toEqual([0, 0, 0]);
    expect(m.series['identity-share']).toEqual([1, 1, 1]);
    expect(m.series['branch-grad-log10']).toEqual([null, null, null]);
    expect(m.series['branch-identity-cos']).toEqual([null, null, null]);
    for (const value of m.series['identity-grad-log10']!) expect(value).toBeCloseTo(readoutLog10(), 5);
    expect(m.notes).toContain('branch-grad-log10 and branch-identity-cos are null where the branch part is exactly zero (all of the gradient takes the identity)');
  });

  it('finds the branch part a·g for F(h) = a·h: ratio |a|, cosine sign(a)', async () => {
    // g_{l+1} = (1 + a)^(L−1−l) c per sample, J_Fᵀg = a·g: ratio |a|, cos −1 for a < 0, share 1/(1 + |a|).
    const [depth, a] = [4, -0.5];
    const m = await measure(linearChain(depth, a, true));
    const base = readoutLog10();
    for (const [l, value] of m.series['identity-grad-log10']!.entries()) expect(value).toBeCloseTo(base + (depth - 1 - l) * Math.log10(1 + a), 5);
    for (const [l, value] of m.series['branch-grad-log10']!.entries()) expect(value).toBeCloseTo(base + (depth - 1 - l) * Math.log10(1 + a) + Math.log10(Math.abs(a)), 5);
    for (const ratio of m.series['branch-identity-ratio']!) expect(ratio).toBeCloseTo(Math.abs(a), 6);
    for (const cos of m.series['branch-identity-cos']!) expect(cos).toBeCloseTo(-1, 6);
    expect(m.metrics['mean-identity-share']).toBeCloseTo(1 / (1 + Math.abs(a)), 6);
    expect(m.metrics['max-branch-identity-ratio']).toBeCloseTo(Math.abs(a), 6);
  });

  it('gives each named part its own VJP: part k of a_k·h carries |a_k| of g', async () => {
    // Parts 0.3·h and −0.1·h: J_pᵀg = a_p g, so the ratios are 0.3 and 0.1, the shares 0.75 and 0.25, and
    // the branch (0.2·h) has ratio 0.2 with cosine +1.
    const m = await measure(splitLinearChain(3, { attention: 0.3, mlp: -0.1 }));
    for (const ratio of m.series['attention-identity-ratio']!) expect(ratio).toBeCloseTo(0.3, 6);
    for (const ratio of m.series['mlp-identity-ratio']!) expect(ratio).toBeCloseTo(0.1, 6);
    expect(m.metrics['mean-attention-share']).toBeCloseTo(0.75, 6);
    expect(m.metrics['mean-mlp-share']).toBeCloseTo(0.25, 6);
    expect(m.metrics['mean-branch-identity-ratio']).toBeCloseTo(0.2, 6);
    expect(m.metrics['mean-branch-identity-cos']).toBeCloseTo(1, 6);
  });
});
