import { buildModel, deriveSeed, readBack, tf, type Model, type ModelConfig } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_TRAINING,
  adversarialTraining,
  discriminatorLoss,
  ganMixture,
  generatorLoss,
  inputGradientNorms,
  modeCentres,
  modeCoverage,
  RECOVERED_SHARE,
  RING,
  sampleMixture,
  SEEDS,
} from './index.js';

const { metrics: M, series: S } = ADVERSARIAL_TRAINING;

beforeAll(async () => {
  await selectBackend('wasm');
});

const config = (overrides: Partial<ModelConfig>): ModelConfig => ({ ...ganMixture.defaults, width: 8, inputSize: 2, seed: 5, ...overrides });

describe('the ring mixture', () => {
  it('puts 8 centres on the circle of radius 2 at angles 2πk/8', () => {
    const centres = modeCentres(RING);
    expect(centres).toHaveLength(8);
    // cos 0 = 1; cos π/4 = sin π/4 = √2/2, so centre 1 is (√2, √2); centre 2 at π/2 is (0, 2).
    expect(centres[0]![0]).toBeCloseTo(2, 12);
    expect(centres[1]![0]).toBeCloseTo(Math.SQRT2, 12);
    expect(centres[1]![1]).toBeCloseTo(Math.SQRT2, 12);
    expect(centres[2]![1]).toBeCloseTo(2, 12);
    for (const [x, y] of centres) expect(Math.hypot(x, y)).toBeCloseTo(RING.radius, 12);
  });

  it('draws each mode about 1/8 of the time, around its centre with spread σ', () => {
    const count = 4000;
    const { points, modes } = sampleMixture(RING, count, 11);
    const centres = modeCentres(RING);
    let squares = 0;
    for (let k = 0; k < RING.modes; k++) {
      const rows = [...modes.keys()].filter((i) => modes[i] === k);
      // A share's standard error is √(p(1 − p)/n) = √(0.125 · 0.875 / 4000) = 0.0052; allow 4 of them.
      expect(Math.abs(rows.length / count - 1 / 8)).toBeLessThan(4 * 0.0052);
      const meanX = rows.reduce((sum, i) => sum + points[2 * i]!, 0) / rows.length;
      const meanY = rows.reduce((sum, i) => sum + points[2 * i + 1]!, 0) / rows.length;
      // The sample mean's standard error is σ/√n per axis; allow 4 of them.
      const allowed = (4 * RING.sigma) / Math.sqrt(rows.length);
      expect(Math.abs(meanX - centres[k]![0])).toBeLessThan(allowed);
      expect(Math.abs(meanY - centres[k]![1])).toBeLessThan(allowed);
      for (const i of rows) squares += (points[2 * i]! - centres[k]![0]) ** 2 + (points[2 * i + 1]! - centres[k]![1]) ** 2;
    }
    // 8000 squared deviations from the true centres: the standard deviation's standard error is σ/√(2 · 8000) = 0.8% of σ.
    expect(Math.abs(Math.sqrt(squares / (2 * count)) / RING.sigma - 1)).toBeLessThan(0.04);
  });
});

describe('modeCoverage', () => {
  const centres = modeCentres(RING);
  const at = (...pairs: Array<[number, number]>) => Float32Array.from(pairs.flat());

  it('counts 3 modes for points exactly at 3 of the centres, and nothing for a point between modes', () => {
    const points = at(...Array.from({ length: 13 }, () => [centres[0]!, centres[3]!, centres[5]!]).flat(), [0, 0]);
    const coverage = modeCoverage(RING, points);
    expect(coverage.recovered).toBe(3);
    // 13 of 40 points at each of modes 0, 3 and 5; the origin is 2 (40σ) from every centre.
    expect(coverage.shares[3]).toBeCloseTo(13 / 40, 12);
    expect(coverage.nearAnyMode).toBeCloseTo(39 / 40, 12);
  });

  it('recovers a mode from a share of 1/32 within 3σ, not below it', () => {
    const inside: [number, number] = [centres[7]![0] + 2.9 * RING.sigma, centres[7]![1]];
    const outside: [number, number] = [centres[7]![0] + 3.1 * RING.sigma, centres[7]![1]];
    const rest = Array.from({ length: 31 }, () => centres[0]!);
    // 1 of 32 points within 3σ of mode 7 is a share of exactly 1/32.
    expect(RECOVERED_SHARE).toBe(1 / 32);
    expect(modeCoverage(RING, at(...rest, inside)).recovered).toBe(2);
    expect(modeCoverage(RING, at(...rest, outside)).recovered).toBe(1);
    // 1 of 33 is below 1/32.
    expect(modeCoverage(RING, at(...rest, centres[0]!, inside)).recovered).toBe(1);
  });
});

describe('the losses', () => {
  it('are ln 2 at a zero logit, and ln(1 + e^−2) at logits of ±2 on the side of the label', async () => {
    const [atZero, confident, generated] = await readBack(tf, () => [
      discriminatorLoss(tf, tf.tensor2d([0, 0], [2, 1]), tf.tensor2d([1, 0], [2, 1])),
      // Real at logit 2: −log σ(2) = ln(1 + e^−2) = 0.126928; generated at logit −2: −log(1 − σ(−2)), the same.
      discriminatorLoss(tf, tf.tensor2d([2, -2], [2, 1]), tf.tensor2d([1, 0], [2, 1])),
      // The non-saturating generator loss at logit 0 is −log σ(0) = ln 2.
      generatorLoss(tf, tf.tensor2d([0], [1, 1])),
    ]);
    expect(atZero![0]).toBeCloseTo(Math.LN2, 6);
    expect(confident![0]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 6);
    expect(generated![0]).toBeCloseTo(Math.LN2, 6);
  });
});

describe('the gradient the generator receives', () => {
  it('is the norm of the weight vector for a discriminator set to be linear', async () => {
    const model: Model = buildModel(ganMixture, config({ variant: 'residual', depth: 1, width: 2 }));
    try {
      const [stemKernel, stemBias] = model.params;
      const [headKernel, headBias] = model.params.slice(-2);
      // Stem h = x + 10 (positive for |x| < 10, so the head's ReLU passes it); the block's weights zero, so
      // its branch is 0 and the block is the identity; head D = 3 h₁ + 4 h₂. So ∇ₓD = (3, 4), of norm 5.
      stemKernel!.assign(tf.tensor2d([1, 0, 0, 1], [2, 2]));
      stemBias!.assign(tf.tensor1d([10, 10]));
      for (const p of model.blockParams(0)) p.assign(tf.zerosLike(p));
      headKernel!.assign(tf.tensor2d([3, 4], [2, 1]));
      headBias!.assign(tf.tensor1d([0]));
      const x = tf.tensor2d([0, 0, 1.5, -2, -1, 0.25], [3, 2]);
      const norms = await inputGradientNorms(tf, model, x);
      const [logits] = await readBack(tf, () => [model.forward(x).out]);
      x.dispose();
      expect(norms.map((n) => Number(n.toFixed(5)))).toEqual([5, 5, 5]);
      // D(0, 0) = 3 · 10 + 4 · 10 = 70.
      expect(logits![0]).toBeCloseTo(70, 4);
    } finally {
      model.dispose();
    }
  });
});

describe('adversarial-training', () => {
  const settings = (trainSteps: number) => ({ batch: 8, trainSteps, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 });
  /** Runs the probe at depth 2; `prepare` may change each seed's fresh model before it trains. */
  const run = async (variant: string, trainSteps: number, prepare: (model: Model) => void = () => {}) => {
    const base = config({ variant, depth: 2 });
    const model = buildModel(ganMixture, base);
    const rebuild = (overrides: Partial<ModelConfig>) => {
      const fresh = buildModel(ganMixture, { ...base, ...overrides });
      prepare(fresh);
      return fresh;
    };
    try {
      return await adversarialTraining.run(model, { tf, seed: deriveSeed(5, 'data'), settings: settings(trainSteps), rebuild });
    } finally {
      model.dispose();
    }
  };

  it('measures every seed at the 5 checkpoints, one stage gradient per discriminator stage', async () => {
    const result = await run('residual', 4);
    expect(result.diverged).toBeUndefined();
    expect(result.metrics[M.seeds]).toBe(SEEDS);
    expect(result.metrics[M.divergedSeeds]).toBe(0);
    // Checkpoints at 0, ¼, ½, ¾ and all of 4 steps.
    expect(result.series[S.checkpointSteps]).toEqual([0, 1, 2, 3, 4]);
    for (let seed = 0; seed < SEEDS; seed++) {
      expect(result.series[S.seedDiscLoss(seed)]).toHaveLength(4);
      expect(result.series[S.seedModesRecovered(seed)]).toHaveLength(5);
      // Depth 2: stem output and two blocks, 3 stages.
      expect(result.series[S.seedDiscStageGradLog10(seed, 'end')]).toHaveLength(3);
    }
    expect(result.metrics[M.generatorGradNormFinal]).toBeGreaterThan(0);
    // 4 steps: the last quarter is one step, whose variance is 0.
    expect(result.metrics[M.discLossVarianceLate]).toBe(0);
  });

  it('records divergence at the step whose loss is not finite, and stops that seed there', async () => {
    // A NaN head bias makes every logit NaN (x + NaN is NaN), so the first discriminator loss, at step 0, is NaN.
    const result = await run('plain', 3, (fresh) => fresh.params.at(-1)!.assign(tf.tensor1d([Number.NaN])));
    expect(result.diverged).toBe(true);
    expect(result.metrics[M.divergedSeeds]).toBe(SEEDS);
    expect(Array.from({ length: SEEDS }, (_, seed) => result.metrics[M.seedDivergedAtStep(seed)])).toEqual([0, 0, 0]);
    expect(result.series[S.seedDiscLoss(0)]).toHaveLength(1);
    expect(result.series[S.seedModesRecovered(0)]?.slice(1)).toEqual([null, null, null, null]);
    expect(result.notes).toContain('seed 0 diverged: a non-finite loss at step 0; training stopped there, so its later checkpoints are null');
  });
});
