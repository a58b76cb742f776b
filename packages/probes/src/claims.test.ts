import { beforeAll, describe, expect, it } from 'vitest';
import { type Model, buildModel, type ProbeContext, tf, l2Norm } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { linearChain, linearMatrixChain, linearOde } from '@skipbench/core/toys';
import { bound } from './bound.js';
import { euler } from './euler.js';
import { lesion } from './lesion.js';
import { lipschitz } from './lipschitz.js';
import { noise } from './noise.js';
import { log10Binomial, paths } from './paths.js';
import { lastStageGradient } from './backward-chain.js';
import { shattered } from './shattered.js';

const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const contextFor = (rebuild: ProbeContext['rebuild'] = () => {
  throw new Error('no rebuild');
}): ProbeContext => ({ tf, seed: 9, settings, rebuild });

beforeAll(async () => {
  await selectBackend('wasm');
});

async function measure(model: Model, probe: typeof lipschitz, context = contextFor()) {
  try {
    return await probe.run(model, context);
  } finally {
    model.dispose();
  }
}

describe('lipschitz', () => {
  it('finds the largest singular value of a known linear block, and 1 + it for the residual block', async () => {
    // W = diag(2.5, 1, 0.3, 0.2, 0.1, 0): ‖W‖ = 2.5 and ‖I + W‖ = 3.5.
    const w = [2.5, 1, 0.3, 0.2, 0.1, 0].map((d, i) => Array.from({ length: 6 }, (_, j) => (i === j ? d : 0)));
    const m = await measure(linearMatrixChain(3, w, true), lipschitz);
    // Stopped once two estimates agree within 1e-3; they rise to ‖J‖ from below, so within 1e-3 of it here.
    for (const k of m.series['branch-lipschitz']!) expect(k).toBeCloseTo(2.5, 3);
    for (const k of m.series['block-lipschitz']!) expect(k).toBeCloseTo(3.5, 3);
    expect(m.metrics['log10-product-bound']).toBeCloseTo(3 * Math.log10(3.5), 3);
    expect(m.labels['bound-held']).toBe('yes');
  });

  // The Lanczos estimate after j steps is the best over a j-dimensional Krylov space, which holds the top
  // singular direction exactly once j reaches the number of distinct nonzero singular values (the start has a
  // share of each): these 6 × 6 diagonal maps are found to float32 rounding within three steps, gap or no gap.
  const diagonal = (d: number[]) => d.map((value, i) => d.map((_, j) => (i === j ? value : 0)));

  it('converges in few steps when the top singular value stands apart, and K_G = σ_max(I + W)', async () => {
    // W = diag(2, 0.2, 0.1, 0, 0, 0): K_F = 2; I + W = diag(3, 1.2, 1.1, 1, 1, 1): K_G = 3. Both estimates
    // agree with the step before to 1e-3 at step 3 (power iteration took 3 and 4).
    const m = await measure(linearMatrixChain(2, diagonal([2, 0.2, 0.1, 0, 0, 0]), true), lipschitz);
    for (const k of m.series['branch-lipschitz']!) expect(k).toBeCloseTo(2, 4);
    for (const k of m.series['block-lipschitz']!) expect(k).toBeCloseTo(3, 4);
    expect(m.series['branch-iterations']).toEqual([3, 3]);
    expect(m.series['block-iterations']).toEqual([3, 3]);
  });

  it('is exact when the gap is small, once the Krylov space spans the distinct singular values', async () => {
    // W = diag(2, 1.9, 0.5, 0, 0, 0): (σ₂/σ₁)² = 0.9025, where twelve power-iteration steps stayed 0.5–1% under
    // K_F = 2; JJᵀ has three distinct nonzero eigenvalues, so the third Lanczos step holds the top direction
    // (and agrees with the second's estimate to 1e-3: it stops there).
    const m = await measure(linearMatrixChain(2, diagonal([2, 1.9, 0.5, 0, 0, 0]), true), lipschitz);
    expect(m.series['branch-iterations']).toEqual([3, 3]);
    for (const k of m.series['branch-lipschitz']!) expect(k).toBeCloseTo(2, 5);
  });

  it('measures a block that is its branch alone once: K_G is K_F from the same iteration', async () => {
    const m = await measure(linearMatrixChain(2, diagonal([2.5, 1, 0.3, 0, 0, 0]), false), lipschitz);
    expect(m.series['block-lipschitz']).toEqual(m.series['branch-lipschitz']);
    expect(m.series['block-iterations']).toEqual(m.series['branch-iterations']);
    for (const k of m.series['branch-lipschitz']!) expect(k).toBeCloseTo(2.5, 3);
  });
});

describe('bound', () => {
  it('puts a residual chain with branch a·h exactly at Π(1 + c_l) with c_l = a', async () => {
    const a = 0.3;
    const m = await measure(linearChain(5, a, true), bound);
    for (const c of m.series['branch-gain']!) expect(c).toBeCloseTo(a, 5);
    expect(m.metrics['log10-ratio-first-last']).toBeCloseTo(5 * Math.log10(1 + a), 5);
    expect(m.metrics['log10-upper-bound']).toBeCloseTo(5 * Math.log10(1 + a), 5);
    expect(m.metrics['log10-lower-bound']).toBeCloseTo(5 * Math.log10(1 - a), 5);
    expect(m.metrics['position-between-bounds']).toBeCloseTo(1, 4);
    expect(m.labels['bound-held']).toBe('yes');
  });
});

describe('paths', () => {
  it('gives the Binomial(n, 1/2) length distribution and a^k·‖g_L‖ for a path through k branches a·h', async () => {
    const n = 6;
    const a = 0.5;
    const model = linearChain(n, a, true);
    const { x, y } = model.task.sample(settings.batch, 9);
    const gLast = Math.log10(l2Norm(lastStageGradient(tf, model, x, y).dataSync()));
    tf.dispose([x, y]);
    const m = await measure(model, paths);
    const binomial = [1, 6, 15, 20, 15, 6, 1].map((c) => c / 64);
    for (const [k, share] of m.series['path-share']!.entries()) expect(share).toBeCloseTo(binomial[k]!, 12);
    for (const [k, value] of m.series['single-path-gradient-log10']!.entries()) expect(value).toBeCloseTo(gLast + k * Math.log10(a), 5);
    // C(64, 32) = 1 832 624 140 942 590 534
    expect(log10Binomial(64, 32)).toBeCloseTo(18 + Math.log10(1.8326241409425905), 8);
  });
});

describe('euler', () => {
  it('measures the change on doubling L exactly for dh/dt = a·h, and first-order convergence', async () => {
    const a = 0.8;
    const architecture = linearOde(a);
    const config = { ...architecture.defaults, depth: 4, seed: 3 };
    const m = await measure(buildModel(architecture, config), euler, contextFor((o) => buildModel(architecture, { ...config, ...o })));
    const flow = (steps: number) => (1 + a / steps) ** steps;
    const expected = [4, 8, 16].map((L) => Math.abs(flow(L) - flow(2 * L)) / flow(2 * L));
    for (const [i, change] of m.series['relative-change-on-doubling']!.entries()) expect(change).toBeCloseTo(expected[i]!, 5);
    // Error to the 64-step reference (e^a itself is the 1/L → 0 limit).
    const reference = flow(64);
    for (const [i, error] of m.series['relative-error-to-reference']!.entries()) {
      expect(error).toBeCloseTo(Math.abs(flow(4 * 2 ** i) - reference) / reference, 5);
    }
    // First order: the change roughly halves per doubling (log2 of the ratio → 1 as L grows).
    expect(m.metrics['convergence-order']).toBeCloseTo(Math.log2(expected[1]! / expected[2]!), 4);
    expect(Math.abs(m.metrics['convergence-order']! - 1)).toBeLessThan(0.1);
  });

  it('finds no convergence when a shared map is iterated instead of integrated', async () => {
    const architecture = linearOde(0.9, false);
    const config = { ...architecture.defaults, depth: 4, seed: 3 };
    const m = await measure(buildModel(architecture, config), euler, contextFor((o) => buildModel(architecture, { ...config, ...o })));
    // h_L = 0.9^L h_0: the change on doubling, |0.9^L − 0.9^2L| / 0.9^2L, grows instead of halving.
    const changes = m.series['relative-change-on-doubling'] as number[];
    expect(changes[2]!).toBeGreaterThan(changes[0]!);
    expect(changes[0]).toBeCloseTo((0.9 ** 4 - 0.9 ** 8) / 0.9 ** 8, 4);
  });
});

describe('noise', () => {
  it('finds a linear map passes relative noise through unchanged (amplification 1)', async () => {
    const m = await measure(linearChain(4, 0.7, false), noise);
    for (const [i, deviation] of m.series['output-deviation-input-noise']!.entries()) expect(deviation).toBeCloseTo(m.series['noise-levels']![i]!, 5);
    expect(m.metrics['input-amplification']).toBeCloseTo(1, 3);
    expect(m.metrics['middle-amplification']).toBeCloseTo(1, 3);
  });
});

describe('shattered', () => {
  it('finds perfectly correlated gradients for a linear model (its gradient is constant)', async () => {
    const m = await measure(linearChain(3, 0.7, true), shattered);
    for (const c of m.series['gradient-correlation-by-lag']!) expect(c).toBeCloseTo(1, 5);
  });
});

describe('lesion', () => {
  it('divides the loss of a residual chain by (1 + a) per removed block', async () => {
    const a = 0.25;
    const m = await measure(linearChain(5, a, true), lesion);
    const base = m.metrics['loss-intact']!;
    for (const loss of m.series['loss-without-block']!) expect(loss! / base).toBeCloseTo(1 / (1 + a), 5);
    for (const [i, loss] of m.series['loss-removing-k-blocks']!.entries()) expect(loss! / base).toBeCloseTo((1 + a) ** -(i + 1), 5);
    expect(m.metrics['mean-loss-increase-one-block']).toBeCloseTo(1 / (1 + a) - 1, 5);
  });
});
