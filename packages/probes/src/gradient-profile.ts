import { defineNames, type Model, defineProbe, MeasurementBuilder, type Tensor, type TF, l2Norm, settled } from '@skipbench/core';
import { fromLog10, maxAbs } from './norms.js';

/**
 * Gradient verdict thresholds on log10 of the first stage's gradient RMS over the last's: per element
 * (‖dL/dstream[l]‖ / √(entries of stage l)), so stages of different sizes compare; for stages of one size it
 * is log10(‖dL/dstream[first]‖ / ‖dL/dstream[last]‖).
 */
export const VANISHING_LOG10 = -2;
export const EXPLODING_LOG10 = 2;

/**
 * Below this largest |value| a float32 gradient has lost its precision to subnormals (the smallest normal
 * float32 is 1.2e-38), so its norm is recomputed in log space.
 */
export const UNDERFLOW_GUARD = 1e-30;

/** log10 of float32's smallest positive value, the subnormal 2^-149 ≈ 1.4e-45. */
const FLOAT32_SMALLEST_LOG10 = -149 * Math.log10(2);

/** The names `gradient-profile` writes in its results. */
export const GRADIENT_PROFILE = defineNames({
  metrics: {
    loss: { name: 'loss', unit: 'nats' },
    logSpaceStages: { name: 'log-space-stages', unit: 'stages' },
    vanishingBelowLog10: { name: 'vanishing-below-log10', unit: 'log10' },
    explodingAboveLog10: { name: 'exploding-above-log10', unit: 'log10' },
    log10RatioFirstLast: { name: 'log10-ratio-first-last', unit: 'log10' },
    ratioFirstLast: { name: 'ratio-first-last', unit: '1' },
    /** Where the ratio is beyond float32: log10(first/last) is below this. */
    log10RatioFirstLastBelow: { name: 'log10-ratio-first-last-below', unit: 'log10' },
    /** The same ratio per element: of the gradient RMS, ‖dL/dstream[l]‖ / √(entries of stage l). The verdict reads it. */
    log10RmsRatioFirstLast: { name: 'log10-rms-ratio-first-last', unit: 'log10' },
    log10RmsRatioFirstLastBelow: { name: 'log10-rms-ratio-first-last-below', unit: 'log10' },
  },
  series: {
    streamGradNorm: { name: 'stream-grad-norm', unit: '1' },
    streamGradLog10: { name: 'stream-grad-log10', unit: 'log10' },
    streamGradRms: { name: 'stream-grad-rms', unit: '1' },
    streamGradRmsLog10: { name: 'stream-grad-rms-log10', unit: 'log10' },
    /** Elements of each stage per sample (per node on a graph): √ of it times √batch turns the norm into the RMS. */
    stageElements: { name: 'stage-elements', unit: '1' },
    blockParamGradNorm: { name: 'block-param-grad-norm', unit: '1' },
    blockParamGradLog10: { name: 'block-param-grad-log10', unit: 'log10' },
  },
  labels: { verdict: 'verdict' },
});

export interface GradientProfile {
  /** log10 ‖dL/dstream[l]‖ for every stage; null where the gradient is exactly zero. */
  streamLog10: Array<number | null>;
  /**
   * Entries of stage l: its batch (or node) axis times `stageElements[l]`. log10 of the gradient's RMS per
   * entry is `streamLog10[l] − ½ log10(entries)`.
   */
  stageEntries: number[];
  /** Elements of stage l per sample (per node on a graph). */
  stageElements: number[];
  /** log10 ‖dL/dθ_l‖ over block l's parameters; null where it is exactly zero. */
  blockParamLog10: Array<number | null>;
  /** Stages whose float32 gradient underflowed and were recomputed in log space, deepest first. */
  logSpaceStages: number[];
  /**
   * The block whose input underflowed in the forward pass (max |h_l| < 1e-30) and whose backward pass then
   * gave exactly zero even in log space: float32 passes no gradient to stage l or below. null otherwise.
   */
  forwardUnderflowAt: number | null;
  loss: number;
}

const log10OrNull = (value: number) => (value > 0 && Number.isFinite(value) ? Math.log10(value) : null);

/**
 * One backward pass: zero tensors added to every stage make dL/dstream[l] a gradient like any other, so
 * the stream and every parameter get their gradients together. Stages where float32 underflowed are then
 * chained block by block in log space: g_l = J_l^T g_{l+1} = ‖g_{l+1}‖ · J_l^T (g_{l+1} / ‖g_{l+1}‖).
 * Values are read back asynchronously (`settled`), so it runs on devices with no synchronous read (webgpu in Node).
 */
export async function measureGradientProfile(tf: TF, model: Model, x: Tensor, y: Tensor): Promise<GradientProfile> {
  const stages = model.depth + 1;
  const paramIndex = new Map(model.params.map((p, i) => [p.id, i]));
  const streamLog10: Array<number | null> = [];
  const blockParamLog10: Array<number | null> = [];
  const streamUnderflowed: boolean[] = [];

  const first = tf.tidy(() => {
    const zeros = model.streamShapes(x.shape[0]!).map((shape) => tf.zeros(shape));
    const { value, grads } = tf.engine().gradients(() => model.task.loss(model.forward(x, { perturb: zeros }).out, y), [...zeros, ...model.params], undefined, true);
    return { value, grads: grads.map((g) => g ?? tf.zeros([0])) };
  });
  let loss = Number.NaN;
  const stageNorms: number[] = [];
  const shapes = model.streamShapes(x.shape[0]!);
  const stageEntries = shapes.map((shape) => shape.reduce((product, side) => product * side, 1));
  const stageElements = shapes.map((shape, l) => stageEntries[l]! / shape[0]!);
  try {
    await settled([first.value, ...first.grads]);
    loss = first.value.dataSync()[0]!;
    for (let l = 0; l < stages; l++) {
      const values = first.grads[l]!.dataSync();
      const norm = l2Norm(values);
      streamUnderflowed.push(!(maxAbs(values) >= UNDERFLOW_GUARD) || !Number.isFinite(norm));
      streamLog10.push(log10OrNull(norm));
      stageNorms.push(norm);
    }
    for (let l = 0; l < model.depth; l++) {
      let squares = 0;
      let largest = 0;
      for (const param of model.blockParams(l)) {
        const values = first.grads[stages + paramIndex.get(param.id)!]!.dataSync();
        largest = Math.max(largest, maxAbs(values));
        squares += l2Norm(values) ** 2;
      }
      // The block's norm is set by its largest entries: it underflowed only where all of them did. One
      // parameter's gradient may be exactly zero (ReZero's branch weights at α = 0) while α's is not.
      blockParamLog10.push(largest < UNDERFLOW_GUARD ? Number.NaN : log10OrNull(Math.sqrt(squares)));
    }

    const deepestUnderflow = streamUnderflowed.lastIndexOf(true);
    const logSpaceStages: number[] = [];
    let forwardUnderflowAt: number | null = null;
    const canChain = model.capabilities.blocks && deepestUnderflow >= 0 && deepestUnderflow < stages - 1 && streamLog10[deepestUnderflow + 1] !== null;
    if (canChain) {
      const above = deepestUnderflow + 1;
      const start = tf.div(first.grads[above]!, stageNorms[above]!);
      forwardUnderflowAt = await chainInLogSpace(tf, model, x, start, deepestUnderflow, streamLog10, blockParamLog10, logSpaceStages);
    }
    // Param norms that underflowed and could not be chained are unknown, not zero.
    for (let l = 0; l < blockParamLog10.length; l++) if (Number.isNaN(blockParamLog10[l])) blockParamLog10[l] = null;
    return { streamLog10, stageEntries, stageElements, blockParamLog10, logSpaceStages, forwardUnderflowAt, loss };
  } finally {
    tf.dispose([first.value, ...first.grads]);
  }
}

/**
 * Walks from the stage above the deepest underflow down to stage 0, one block's VJP at a time, in log space,
 * starting from that stage's unit gradient `start` (which it frees). Returns the block where the walk found
 * an exactly zero gradient at an input that underflowed in the forward pass, or null.
 */
async function chainInLogSpace(
  tf: TF,
  model: Model,
  x: Tensor,
  start: Tensor,
  deepestUnderflow: number,
  streamLog10: Array<number | null>,
  blockParamLog10: Array<number | null>,
  logSpaceStages: number[],
): Promise<number | null> {
  const stream = tf.tidy(() => model.forward(x).stream);
  let above = start;
  let aboveLog10 = streamLog10[deepestUnderflow + 1]!;
  try {
    await settled(stream);
    for (let l = deepestUnderflow; l >= 0; l--) {
      const params = model.blockParams(l);
      const direction = above;
      const grads = tf.tidy(() => tf.engine().gradients(() => model.block(l, x)(stream[l]!), [stream[l]!, ...params], direction, true).grads.map((g) => g ?? tf.zeros([0])));
      await settled(grads);
      const norm = l2Norm(grads[0]!.dataSync());
      // dL/dθ_l also scales with the block's input; where that underflowed in the forward pass, it is unknown.
      const inputUnderflowed = !(maxAbs(stream[l]!.dataSync()) >= UNDERFLOW_GUARD);
      const paramNorm = l2Norm(grads.slice(1).flatMap((g) => Array.from(g.dataSync())));
      blockParamLog10[l] = paramNorm > 0 && !inputUnderflowed ? aboveLog10 + Math.log10(paramNorm) : null;
      streamLog10[l] = norm > 0 ? aboveLog10 + Math.log10(norm) : null;
      logSpaceStages.push(l);
      above = norm > 0 ? tf.div(grads[0]!, norm) : tf.clone(grads[0]!);
      tf.dispose([direction, ...grads]);
      if (norm === 0) return inputUnderflowed ? l : null;
      aboveLog10 = streamLog10[l]!;
    }
    return null;
  } finally {
    tf.dispose([above, ...stream]);
  }
}

export function gradientVerdict(log10Ratio: number): 'vanishing' | 'healthy' | 'exploding' {
  if (log10Ratio < VANISHING_LOG10) return 'vanishing';
  if (log10Ratio > EXPLODING_LOG10) return 'exploding';
  return 'healthy';
}

const { metrics: M, series: S, labels: L } = GRADIENT_PROFILE;

export const gradientProfile = defineProbe({
  id: 'gradient-profile',
  version: '1',
  summary: '‖dL/dstream[l]‖ and its RMS per element per stage from one backward pass, ‖dL/dθ_l‖ per block, first/last ratio and verdict',
  requires: [],
  names: GRADIENT_PROFILE,
  headline: [M.log10RmsRatioFirstLast, M.log10RmsRatioFirstLastBelow, L.verdict],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    let profile: GradientProfile;
    try {
      profile = await measureGradientProfile(tf, model, x, y);
    } finally {
      tf.dispose([x, y]);
    }
    // log10 of the RMS per entry: ‖g‖ / √entries.
    const halfLog10Entries = profile.stageEntries.map((entries) => Math.log10(entries) / 2);
    const rmsLog10 = profile.streamLog10.map((v, l) => (v === null ? null : v - halfLog10Entries[l]!));
    const builder = new MeasurementBuilder(GRADIENT_PROFILE)
      .series(S.streamGradNorm, profile.streamLog10.map((v) => (v === null ? null : fromLog10(v))))
      .series(S.streamGradLog10, profile.streamLog10)
      .series(S.streamGradRms, rmsLog10.map((v) => (v === null ? null : fromLog10(v))))
      .series(S.streamGradRmsLog10, rmsLog10)
      .series(S.stageElements, profile.stageElements)
      .series(S.blockParamGradNorm, profile.blockParamLog10.map((v) => (v === null ? null : fromLog10(v))))
      .series(S.blockParamGradLog10, profile.blockParamLog10)
      .metric(M.loss, profile.loss)
      .metric(M.logSpaceStages, profile.logSpaceStages.length)
      .metric(M.vanishingBelowLog10, VANISHING_LOG10)
      .metric(M.explodingAboveLog10, EXPLODING_LOG10)
      .note(
        `verdict on ${M.log10RmsRatioFirstLast}, log10 of the gradient's RMS per element at stage 0 over stage ${model.depth} ` +
          `(‖dL/dstream[l]‖ / √(entries of stage l), so stages of different sizes compare): vanishing below ${VANISHING_LOG10}, ` +
          `exploding above ${EXPLODING_LOG10}, healthy between; ${M.log10RatioFirstLast} is the ratio of the norms themselves, ` +
          `the same number where the two stages have one size (${S.stageElements})`,
      );
    if (profile.logSpaceStages.length > 0) {
      builder.note(
        `float32 gradients underflowed at stages 0..${Math.max(...profile.logSpaceStages)}; ` +
          'their norms were chained block by block in log space',
      );
    }
    const first = profile.streamLog10[0];
    const last = profile.streamLog10[model.depth];
    // ½ log10 of the entries of the first stage over the last's: the norm ratio less this is the RMS ratio.
    const sizeLog10 = halfLog10Entries[0]! - halfLog10Entries[model.depth]!;
    const underflowAt = profile.forwardUnderflowAt;
    if (first !== null && first !== undefined && last !== null && last !== undefined) {
      const log10Ratio = first - last;
      const log10RmsRatio = log10Ratio - sizeLog10;
      builder.metric(M.log10RatioFirstLast, log10Ratio).metric(M.log10RmsRatioFirstLast, log10RmsRatio).label(L.verdict, gradientVerdict(log10RmsRatio));
      const ratio = fromLog10(log10Ratio);
      if (ratio !== null) builder.metric(M.ratioFirstLast, ratio);
    } else if (underflowAt !== null && last !== null && last !== undefined) {
      // dL/dstream[0] is exactly zero in float32, so below its smallest positive value: a bound, not a ratio.
      const below = FLOAT32_SMALLEST_LOG10 - last;
      const rmsBelow = below - sizeLog10;
      builder
        .metric(M.log10RatioFirstLastBelow, below)
        .metric(M.log10RmsRatioFirstLastBelow, rmsBelow)
        .label(L.verdict, rmsBelow <= VANISHING_LOG10 ? 'vanishing' : 'undetermined')
        .note(
          `the forward signal underflowed float32 at block ${underflowAt}'s input (max |h| < ${UNDERFLOW_GUARD}), so float32 ` +
            `passes no gradient to stage ${underflowAt} or below: ‖dL/dstream[0]‖ is 0, below float32's smallest positive ` +
            `value 2^-149 ≈ 1.4e-45, so log10(‖dL/dstream[0]‖ / ‖dL/dstream[${model.depth}]‖) < ${below.toFixed(2)} ` +
            `(${M.log10RatioFirstLastBelow}), and per element < ${rmsBelow.toFixed(2)} (${M.log10RmsRatioFirstLastBelow})`,
        );
    } else {
      const zeroUpTo = profile.streamLog10.lastIndexOf(null);
      builder
        .label(L.verdict, 'undetermined')
        .note(
          `dL/dstream is exactly zero at stage ${zeroUpTo}${zeroUpTo > 0 ? ' and below' : ''} even in log space: ` +
            'the forward signal itself underflowed or every ReLU is off, so the ratio is undefined',
        );
    }
    if (!Number.isFinite(profile.loss)) builder.diverged();
    return builder.build();
  },
});
