import { defineNames, type Model, SkipbenchError, defineProbe, MeasurementBuilder, type Tensor, type TF, readBack } from '@skipbench/core';
import { walkBackward } from './backward-chain.js';
import { UNDERFLOW_GUARD } from './gradient-profile.js';
import { maxAbs } from './norms.js';

/** The names `token-reach` writes in its results. */
export const TOKEN_REACH = defineNames({
  metrics: {
    decayPerStep: { name: 'log10-decay-per-step', unit: 'log10/step' },
    firstTokenShare: { name: 'first-token-share', unit: '1' },
    firstTokenGradLog10: { name: 'first-token-grad-log10', unit: 'log10' },
    readTokenGradLog10: { name: 'read-token-grad-log10', unit: 'log10' },
    log10RatioFirstRead: { name: 'log10-ratio-first-read', unit: 'log10' },
    readsFrom: { name: 'reads-from', unit: 'position' },
    logSpace: { name: 'log-space', unit: '1' },
  },
  series: {
    tokenGradLog10: { name: 'token-grad-log10', unit: 'log10' },
    tokenGradShare: { name: 'token-grad-share', unit: '1' },
    distanceToRead: { name: 'distance-to-read', unit: 'steps' },
  },
  labels: {},
});
const { metrics: M, series: S } = TOKEN_REACH;

/** Position t's entries of a `[batch, positions, features]` array, gathered over the batch. */
function atPosition(values: ArrayLike<number>, [batch, positions, features]: readonly number[], t: number): Float64Array {
  const out = new Float64Array(batch! * features!);
  for (let b = 0; b < batch!; b++) for (let f = 0; f < features!; f++) out[b * features! + f] = values[(b * positions! + t) * features! + f]!;
  return out;
}

/** log10 ‖Σ_k 10^scale_k · v_k‖ in float64, the terms rescaled by their largest so none underflows; null where all are zero. */
function log10NormOfScaledSum(terms: ReadonlyArray<{ scale: number; values: Float64Array }>): number | null {
  const tops = terms.map(({ scale, values }) => {
    const top = maxAbs(values);
    return top > 0 ? scale + Math.log10(top) : Number.NEGATIVE_INFINITY;
  });
  const largest = Math.max(...tops);
  if (!Number.isFinite(largest)) return null;
  const sum = new Float64Array(terms[0]!.values.length);
  for (const { scale, values } of terms) {
    const weight = 10 ** (scale - largest);
    if (weight === 0) continue;
    for (let i = 0; i < sum.length; i++) sum[i]! += weight * values[i]!;
  }
  const norm = Math.sqrt(sum.reduce((a, v) => a + v * v, 0));
  return norm > 0 ? largest + Math.log10(norm) : null;
}

/**
 * dL/dx by blocks, in log space: x reaches stream[1] through the stem and block 0, and every later block
 * through what it reads of x itself (a recurrent step its x_t), so dL/dx = Σ_l (∂_x stream[l+1])ᵀ g_{l+1},
 * each term a VJP with the unit direction g_{l+1}/‖g_{l+1}‖ scaled by its log10 norm. Per position.
 */
async function chainedInputGradient(tf: TF, model: Model, x: Tensor, y: Tensor, positions: number): Promise<Array<number | null>> {
  const alongInput = (f: (input: Tensor) => Tensor, direction: Tensor) => tf.engine().gradients(() => f(x), [x], direction, true).grads[0] ?? tf.zerosLike(x);
  const walk = await walkBackward(tf, model, x, y, ({ l, input, direction }) =>
    alongInput((v) => model.block(l, v)(l === 0 ? model.forward(v).stream[0]! : input), direction),
  );
  return Array.from({ length: positions }, (_, t) =>
    log10NormOfScaledSum(
      walk.measuredValues.flatMap((values, l) => {
        const scale = walk.log10[l + 1];
        return values === null || scale === null || scale === undefined ? [] : [{ scale, values: atPosition(values, x.shape, t) }];
      }),
    ),
  );
}

/** Least-squares slope of `ys` against `xs`. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const covariance = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
  const variance = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return covariance / variance;
}

/**
 * How far back the gradient reaches along a sequence input: ‖dL/dx_t‖ for every input position t, against
 * its distance from the position the answer is read at (`Model.readsFrom`). Attention reaches any position
 * in one step; a recurrent net passes the gradient back through one state per step, so it shrinks by a
 * factor per step: the fitted decay (log10 per step) says which. Positions whose float32 gradient
 * underflowed are recomputed block by block in log space.
 */
export const tokenReach = defineProbe({
  id: 'token-reach',
  version: '1',
  summary: '‖dL/dx_t‖ per input position against its distance from where the answer is read: decay per step, first-token share',
  requires: ['sequence'],
  names: TOKEN_REACH,
  headline: [M.decayPerStep, M.firstTokenShare],
  async run(model, { tf, seed, settings }) {
    const readsFrom = model.readsFrom;
    if (readsFrom === undefined) throw new SkipbenchError('Expected a model declaring capabilities.sequence to have readsFrom, but model.readsFrom is undefined.', 'plugin');
    const { x, y } = model.task.sample(settings.batch, seed);
    const positions = x.shape[1]!;
    let log10: Array<number | null>;
    let logSpace = false;
    try {
      const [grad] = await readBack(tf, () => [tf.grad((input: Tensor) => model.task.loss(model.forward(input).out, y))(x)]);
      const perPosition = Array.from({ length: positions }, (_, t) => atPosition(grad!, x.shape, t));
      log10 = perPosition.map((values) => log10NormOfScaledSum([{ scale: 0, values }]));
      logSpace = model.capabilities.blocks && perPosition.some((values) => !(maxAbs(values) >= UNDERFLOW_GUARD));
      if (logSpace) log10 = await chainedInputGradient(tf, model, x, y, positions);
    } finally {
      tf.dispose([x, y]);
    }
    const distance = Array.from({ length: positions }, (_, t) => Math.abs(readsFrom - t));
    const known = log10.flatMap((value, t) => (value === null ? [] : [{ t, value }]));
    const largest = Math.max(...known.map(({ value }) => value));
    const total = known.reduce((sum, { value }) => sum + 10 ** (value - largest), 0);
    const share = log10.map((value) => (value === null ? null : 10 ** (value - largest) / total));
    const builder = new MeasurementBuilder(TOKEN_REACH)
      .series(S.tokenGradLog10, log10)
      .series(S.tokenGradShare, share)
      .series(S.distanceToRead, distance)
      .metric(M.readsFrom, readsFrom)
      .metric(M.logSpace, logSpace ? 1 : 0)
      .note(
        `${S.tokenGradLog10}[t] = log10 ‖dL/dx_t‖ over the batch and features of input position t; the answer is read at position ${readsFrom}, ` +
          `${S.distanceToRead} = |${readsFrom} − t|; ${M.decayPerStep} is the least-squares slope of ${S.tokenGradLog10} against ${S.distanceToRead} ` +
          `(negative: the gradient shrinks with distance); ${S.tokenGradShare}[t] = ‖dL/dx_t‖ / Σ_s ‖dL/dx_s‖`,
      );
    if (logSpace) builder.note(`float32's input gradient underflowed (max |dL/dx_t| < ${UNDERFLOW_GUARD}) at some position; every position was chained block by block in log space`);
    if (known.length < positions) builder.note(`${S.tokenGradLog10} and ${S.tokenGradShare} are null where dL/dx_t is exactly zero (or underflowed on a model without blocks to chain)`);
    const first = log10[0];
    const read = log10[readsFrom];
    if (first !== null && first !== undefined) builder.metric(M.firstTokenGradLog10, first).metric(M.firstTokenShare, share[0]!);
    if (read !== null && read !== undefined) builder.metric(M.readTokenGradLog10, read);
    if (first !== null && first !== undefined && read !== null && read !== undefined) builder.metric(M.log10RatioFirstRead, first - read);
    if (new Set(known.map(({ t }) => distance[t])).size >= 2) {
      builder.metric(M.decayPerStep, slope(known.map(({ t }) => distance[t]!), known.map(({ value }) => value)));
    }
    return builder.build();
  },
});
