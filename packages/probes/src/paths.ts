import { defineNames, deriveSeed, randomSubset, seededRandom, defineProbe, MeasurementBuilder, l2Norm, readBack } from '@skipbench/core';
import { vjp } from './jacobian.js';
import { lastStageGradient } from './backward-chain.js';

/** Paths sampled per length, and the share of the total gradient the reported length range must hold. */
export const PATHS_PER_LENGTH = 6;
export const PATHS_MASS = 0.9;

/** log10 C(n, k), exact enough for any depth. */
export function log10Binomial(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log10(n - k + i) - Math.log10(i);
  return sum;
}

const log10Sum = (values: number[]) => {
  const max = Math.max(...values);
  return max + Math.log10(values.reduce((sum, v) => sum + 10 ** (v - max), 0));
};

/** The names `paths` writes in its results. */
export const PATHS = defineNames({
  metrics: {
    effectiveLengthLow: { name: 'effective-length-low', unit: 'blocks' },
    effectiveLengthHigh: { name: 'effective-length-high', unit: 'blocks' },
    meanPathLength: { name: 'mean-path-length', unit: 'blocks' },
    gradientWeightedLength: { name: 'gradient-weighted-length', unit: 'blocks' },
  },
  series: {
    pathShare: { name: 'path-share', unit: '1' },
    singlePathGradientLog10: { name: 'single-path-gradient-log10', unit: 'log10' },
    gradientByLengthLog10: { name: 'gradient-by-length-log10', unit: 'log10' },
    gradientShareByLength: { name: 'gradient-share-by-length', unit: '1' },
  },
});
const { metrics: M, series: S } = PATHS;

/**
 * A residual net as an ensemble of paths (Veit, Wilber & Belongie 2016): of 2^n paths, C(n, k) go through k
 * branches. A path's gradient is g_L pushed back through the branches it takes and the identity elsewhere;
 * sampling paths of each length gives the gradient each length carries, and the lengths that carry most.
 */
export const paths = defineProbe({
  id: 'paths',
  version: '1',
  summary: 'path-length distribution (Binomial(n, 1/2)) and the gradient carried by paths of each length',
  requires: ['blocks', 'additive'],
  names: PATHS,
  headline: [M.effectiveLengthLow, M.effectiveLengthHigh, M.meanPathLength],
  async run(model, { tf, seed, settings }) {
    const n = model.depth;
    const { x, y } = model.task.sample(settings.batch, seed);
    const singlePathLog10: Array<number | null> = [];
    const stream = tf.tidy(() => model.forward(x).stream);
    const gLast = lastStageGradient(tf, model, x, y);
    try {
      const rng = seededRandom(deriveSeed(seed, 'paths'));
      for (let k = 0; k <= n; k++) {
        const magnitudes: number[] = [];
        for (let sample = 0; sample < (k === 0 || k === n ? 1 : PATHS_PER_LENGTH); sample++) {
          const taken = new Set(randomSubset(rng, n, k));
          const [g] = await readBack(tf, () => {
            let g = gLast;
            for (let l = n - 1; l >= 0; l--) if (taken.has(l)) g = vjp(tf, model.branch(l, x), stream[l]!, g);
            return [tf.clone(g)];
          });
          magnitudes.push(l2Norm(g!));
        }
        const mean = magnitudes.reduce((a, b) => a + b, 0) / magnitudes.length;
        singlePathLog10.push(mean > 0 ? Math.log10(mean) : null);
      }
    } finally {
      tf.dispose([x, y, gLast, ...stream]);
    }
    const countLog10 = Array.from({ length: n + 1 }, (_, k) => log10Binomial(n, k));
    const totalLog10 = singlePathLog10.map((v, k) => (v === null ? null : v + countLog10[k]!));
    const finite = totalLog10.filter((v): v is number => v !== null);
    const allLog10 = log10Sum(finite);
    const share = totalLog10.map((v) => (v === null ? 0 : 10 ** (v - allLog10)));
    // The narrowest range of lengths holding PATHS_MASS of the total gradient.
    let best = { low: 0, high: n };
    for (let low = 0; low <= n; low++) {
      let mass = 0;
      for (let high = low; high <= n; high++) {
        mass += share[high]!;
        if (mass >= PATHS_MASS) {
          if (high - low < best.high - best.low) best = { low, high };
          break;
        }
      }
    }
    return new MeasurementBuilder(PATHS)
      .series(S.pathShare, countLog10.map((c) => 10 ** (c - n * Math.log10(2))))
      .series(S.singlePathGradientLog10, singlePathLog10)
      .series(S.gradientByLengthLog10, totalLog10)
      .series(S.gradientShareByLength, share)
      .metric(M.effectiveLengthLow, best.low)
      .metric(M.effectiveLengthHigh, best.high)
      .metric(M.meanPathLength, n / 2)
      .metric(M.gradientWeightedLength, share.reduce((sum, s, k) => sum + s * k, 0))
      .note(
        `${S.pathShare} is C(n,k)/2^n; each length's gradient is the mean over ${PATHS_PER_LENGTH} sampled paths times C(n,k); ` +
          `the effective range is the narrowest holding ${PATHS_MASS * 100}% of the total`,
      )
      .build();
  },
});
