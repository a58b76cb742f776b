import { defineNames, defineProbe, MeasurementBuilder, readBack } from '@skipbench/core';
import { rankOneDistance, tokenShape } from './tokens.js';

/** Below this relative distance a float32 stream is rank one to within ~100 rounding steps. */
export const COLLAPSED_RELATIVE = 1e-5;
/** Losing more than this many decades of relative distance per block, over the second half of the stack, counts as decaying. */
export const DECAYING_LOG10_PER_BLOCK = -0.03;

export type RankRegime = 'collapsed' | 'decaying' | 'holding';

/**
 * Decades of relative distance lost per block over the second half of the stack: the rate the stream settles
 * into, not the first blocks' drop from the embedding.
 */
export function decayPerBlock(relative: readonly number[]): number {
  const blocks = relative.length - 1;
  const from = Math.floor(blocks / 2);
  const [start, end] = [relative[from]!, relative[blocks]!];
  return blocks > 0 && start > 0 && end > 0 ? Math.log10(end / start) / (blocks - from) : 0;
}

/** The regime a relative-distance profile is in (thresholds above, stated in every result). */
export function rankRegime(relative: readonly number[]): RankRegime {
  if (relative[relative.length - 1]! < COLLAPSED_RELATIVE) return 'collapsed';
  return decayPerBlock(relative) < DECAYING_LOG10_PER_BLOCK ? 'decaying' : 'holding';
}

/** The names `rank-collapse` writes in its results. */
export const RANK_COLLAPSE = defineNames({
  metrics: {
    relativeFirst: { name: 'relative-first', unit: '1' },
    relativeLast: { name: 'relative-last', unit: '1' },
    absoluteLast: { name: 'absolute-last', unit: '1' },
    log10RelativePerBlock: { name: 'log10-relative-per-block', unit: 'log10' },
    collapsedBelow: { name: 'collapsed-below', unit: '1' },
    decayingBelowLog10PerBlock: { name: 'decaying-below-log10-per-block', unit: 'log10' },
  },
  series: {
    relative: { name: 'relative', unit: '1' },
    log10Relative: { name: 'log10-relative', unit: 'log10' },
    absolute: { name: 'absolute', unit: '1' },
    norm: { name: 'norm', unit: '1' },
    stageElements: { name: 'stage-elements', unit: '1' },
  },
  labels: { regime: 'regime' },
});
const { metrics: M, series: S, labels: L } = RANK_COLLAPSE;

/**
 * Rank collapse (Dong, Cordonnier & Loukas 2021): how far every stage's token matrix is from rank one,
 * relative to its norm and absolute, so a stream whose shared part grows (relative falls, absolute grows)
 * is told apart from one that really collapses (both fall).
 */
export const rankCollapse = defineProbe({
  id: 'rank-collapse',
  version: '1',
  summary: 'distance of each stage from rank one, ‖X − 1x̄ᵀ‖ relative to ‖X‖ and absolute, and the regime',
  requires: ['tokens'],
  names: RANK_COLLAPSE,
  headline: [M.relativeLast, L.regime],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const relative: number[] = [];
    const absolute: number[] = [];
    const norms: number[] = [];
    const elements: number[] = [];
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    try {
      const shapes = model.streamShapes(settings.batch);
      const stages = await readBack(tf, () => model.forward(x).stream);
      stages.forEach((values, l) => {
        const distance = rankOneDistance(values, tokenShape(shapes[l]!));
        relative.push(mean(distance.residual.map((r, b) => (distance.norm[b]! > 0 ? r / distance.norm[b]! : 0))));
        absolute.push(mean(distance.residual));
        norms.push(mean(distance.norm));
        elements.push(shapes[l]!.slice(1).reduce((product, side) => product * side, 1));
      });
    } finally {
      tf.dispose([x, y]);
    }
    const last = relative[relative.length - 1]!;
    const builder = new MeasurementBuilder(RANK_COLLAPSE)
      .series(S.relative, relative)
      .series(S.log10Relative, relative.map((r) => (r > 0 ? Math.log10(r) : null)))
      .series(S.absolute, absolute)
      .series(S.norm, norms)
      .series(S.stageElements, elements)
      .metric(M.relativeFirst, relative[0]!)
      .metric(M.relativeLast, last)
      .metric(M.absoluteLast, absolute[absolute.length - 1]!)
      .metric(M.log10RelativePerBlock, decayPerBlock(relative))
      .metric(M.collapsedBelow, COLLAPSED_RELATIVE)
      .metric(M.decayingBelowLog10PerBlock, DECAYING_LOG10_PER_BLOCK)
      .label(L.regime, rankRegime(relative))
      .note(
        `per sample, ‖X − 1x̄ᵀ‖_F with x̄ the token mean, averaged over the batch (${S.absolute}; ${S.norm} is ‖X‖_F, over ` +
          `${S.stageElements} elements, tokens × features); regime: collapsed when the last ` +
          `relative value is below ${COLLAPSED_RELATIVE} (float32 rounding), decaying when it loses more than ` +
          `${-DECAYING_LOG10_PER_BLOCK} decades per block over the second half of the stack (${M.log10RelativePerBlock}), holding otherwise`,
      );
    if (relative.some((r) => r === 0)) builder.note('a relative distance of exactly 0: every token equal in float32');
    return builder.build();
  },
});
