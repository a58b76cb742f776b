import { defineNames, defineProbe, MeasurementBuilder } from '@skipbench/core';
import { vjp } from './jacobian.js';
import { walkBackward } from './backward-chain.js';

/** The names `bound` writes in its results. */
export const BOUND = defineNames({
  metrics: {
    log10UpperBound: { name: 'log10-upper-bound', unit: 'log10' },
    log10LowerBound: { name: 'log10-lower-bound', unit: 'log10' },
    maxBranchGain: { name: 'max-branch-gain', unit: '1' },
    log10RatioFirstLast: { name: 'log10-ratio-first-last', unit: 'log10' },
    positionBetweenBounds: { name: 'position-between-bounds', unit: '1' },
  },
  series: {
    branchGain: { name: 'branch-gain', unit: '1' },
    streamGradLog10: { name: 'stream-grad-log10', unit: 'log10' },
  },
  labels: { boundHeld: 'bound-held' },
});
const { metrics: M, series: S, labels: L } = BOUND;

/**
 * The seed's statement itself: with c_l = ‖J_{F_l}ᵀ u_{l+1}‖ the branch gain along the actual backward
 * direction, each residual step scales the gradient by a factor in [1 − c_l, 1 + c_l], so the first/last
 * ratio lies between Π(1 − c_l) and Π(1 + c_l). Reports both bounds (log10) and where the ratio sits.
 */
export const bound = defineProbe({
  id: 'bound',
  version: '1',
  summary: 'first/last gradient ratio against Π(1 − c_l) and Π(1 + c_l), c_l the branch gain along the backward direction',
  requires: ['blocks', 'additive'],
  names: BOUND,
  headline: [M.log10RatioFirstLast, M.positionBetweenBounds, L.boundHeld],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    let gains: number[];
    let log10: Array<number | null>;
    try {
      const walk = await walkBackward(tf, model, x, y, ({ l, input, direction }) => vjp(tf, model.branch(l, x), input, direction));
      log10 = walk.log10;
      gains = walk.measured.map((gain) => gain ?? 0);
    } finally {
      tf.dispose([x, y]);
    }
    const builder = new MeasurementBuilder(BOUND).series(S.branchGain, gains).series(S.streamGradLog10, log10);
    const upper = gains.reduce((sum, c) => sum + Math.log10(1 + c), 0);
    const lowerVacuous = gains.some((c) => c >= 1);
    const lower = lowerVacuous ? null : gains.reduce((sum, c) => sum + Math.log10(1 - c), 0);
    builder.metric(M.log10UpperBound, upper).metric(M.maxBranchGain, Math.max(...gains));
    if (lower !== null) builder.metric(M.log10LowerBound, lower);
    else builder.note('some c_l ≥ 1, so the lower bound Π(1 − c_l) is vacuous (≤ 0)');
    const first = log10[0];
    const last = log10[model.depth];
    if (first === null || first === undefined || last === null || last === undefined) {
      return builder.label(L.boundHeld, 'undetermined').note('a stage gradient is exactly zero').build();
    }
    const ratio = first - last;
    const tolerance = 1e-3;
    const held = ratio <= upper + tolerance && (lower === null || ratio >= lower - tolerance);
    builder.metric(M.log10RatioFirstLast, ratio).label(L.boundHeld, held ? 'yes' : 'no');
    if (lower !== null && upper > lower) builder.metric(M.positionBetweenBounds, (ratio - lower) / (upper - lower));
    return builder
      .note('position 0 = at Π(1 − c_l), 1 = at Π(1 + c_l); the ratio is chained block by block in log space')
      .build();
  },
});
