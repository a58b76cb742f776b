import { defineNames, deriveSeed, defineProbe, MeasurementBuilder, type Tensor, readBack } from '@skipbench/core';
import { normalTensor } from './jacobian.js';

/** Points on the line through one input, and the lags over which gradient correlation is reported. */
export const SHATTERED_POINTS = 16;
export const SHATTERED_MAX_LAG = 4;

/** Pearson correlation of two equally long vectors. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i]! / n;
    meanB += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - meanA;
    const db = b[i]! - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa === 0 || bb === 0 ? (aa === bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
}

/** The names `shattered` writes in its results. */
export const SHATTERED = defineNames({
  metrics: { neighbourGradientCorrelation: { name: 'neighbour-gradient-correlation', unit: '1' } },
  series: { gradientCorrelationByLag: { name: 'gradient-correlation-by-lag', unit: '1' } },
});

/**
 * Shattered gradients (Balduzzi et al. 2017): the input gradient of a fixed readout of the output at points
 * along a line through one input; plain deep nets decorrelate them like white noise, residual nets do not.
 */
export const shattered = defineProbe({
  id: 'shattered',
  version: '1',
  summary: 'correlation of input gradients at neighbouring points on a line through an input, by lag',
  requires: [],
  names: SHATTERED,
  headline: [SHATTERED.metrics.neighbourGradientCorrelation],
  // The line point and at least one background sample.
  samples: (batch) => Math.max(batch, 2),
  async run(model, { tf, seed, settings }) {
    // One line point at a time beside a background batch: batch-statistics normalisation then sees ordinary
    // data, not 32 nearly equal points.
    const background = model.task.sample(settings.batch, seed);
    const byLag: number[] = [];
    try {
      const rows = await readBack(tf, () => {
        const x = tf.slice(background.x, 0, 1);
        const others = tf.slice(background.x, 1);
        const direction = normalTensor(tf, x.shape, deriveSeed(seed, 'line'));
        // Points x + t·step for t = −n/2 … n/2 − 1: the line spans one input norm.
        const step = tf.mul(direction, tf.div(tf.norm(x), tf.mul(tf.norm(direction), SHATTERED_POINTS)));
        const outShape = model.forward(background.x).out.shape;
        const readout = normalTensor(tf, [1, ...outShape.slice(1)], deriveSeed(seed, 'readout'));
        const mask = tf.concat([tf.zeros([outShape[0]! - 1, ...outShape.slice(1)]), readout]);
        return Array.from({ length: SHATTERED_POINTS }, (_, i) => {
          const point = tf.add(x, tf.mul(step, i - SHATTERED_POINTS / 2));
          return tf.grad((p: Tensor) => tf.sum(tf.mul(model.forward(tf.concat([others, p])).out, mask)))(point);
        });
      });
      for (let lag = 1; lag <= SHATTERED_MAX_LAG; lag++) {
        let sum = 0;
        for (let i = 0; i + lag < SHATTERED_POINTS; i++) sum += correlation(rows[i]!, rows[i + lag]!);
        byLag.push(sum / (SHATTERED_POINTS - lag));
      }
    } finally {
      tf.dispose([background.x, background.y]);
    }
    return new MeasurementBuilder(SHATTERED)
      .series(SHATTERED.series.gradientCorrelationByLag, byLag)
      .metric(SHATTERED.metrics.neighbourGradientCorrelation, byLag[0]!)
      .note(`${SHATTERED_POINTS} points 1/${SHATTERED_POINTS} of an input norm apart; gradient of a fixed random readout of the output; correlation averaged over pairs at each lag 1..${SHATTERED_MAX_LAG}`)
      .build();
  },
});
