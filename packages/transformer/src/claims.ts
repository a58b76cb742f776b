import { defineClaim } from '@skipbench/core';
import { COLLAPSED_RELATIVE, RANK_COLLAPSE, TOKEN_REACH, type RankRegime } from '@skipbench/probes';

const notCollapsed: RankRegime[] = ['holding', 'decaying'];

/** The claims about attention, judged on this family: its ablations pair `attention-skip` with `attention`, `preln` and `postln` with `plain`. */
export const transformerClaims = (variants: readonly string[]) => [
  defineClaim(RANK_COLLAPSE, {
    id: 'attention-rank-collapse',
    statement: 'Attention without skips collapses the tokens to rank one with depth; with skips (and LayerNorm) it does not.',
    probe: 'rank-collapse',
    rule: { kind: 'contrast', test: { op: 'one-of', label: RANK_COLLAPSE.labels.regime, values: notCollapsed } },
    shows: [RANK_COLLAPSE.metrics.relativeLast],
    figure: { metrics: [RANK_COLLAPSE.metrics.relativeLast], passes: { min: COLLAPSED_RELATIVE } },
    families: ['transformer'],
  }),
  defineClaim(TOKEN_REACH, {
    id: 'attention-reaches-every-token',
    statement: 'Attention gives every input position a short gradient path: the gradient decays by at most 0.05 decades per position, with or without skips.',
    probe: 'token-reach',
    rule: { kind: 'each', test: { op: 'within', metric: TOKEN_REACH.metrics.decayPerStep, value: 0.05 } },
    shows: [TOKEN_REACH.metrics.firstTokenShare],
    families: ['transformer'],
    // With or without skips: every variant, the ablations too.
    skip: variants,
  }),
];
