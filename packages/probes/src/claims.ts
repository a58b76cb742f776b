import { ERROR_CORRECTION } from './error-correction.js';
import { EULER } from './euler.js';
import { EXPLODING_LOG10, GRADIENT_PROFILE, VANISHING_LOG10 } from './gradient-profile.js';
import { GRADIENT_SPLIT } from './gradient-split.js';
import { LESION } from './lesion.js';
import { LIPSCHITZ } from './lipschitz.js';
import { NOISE } from './noise.js';
import { COLLAPSED_RELATIVE, RANK_COLLAPSE, type RankRegime } from './rank-collapse.js';
import { ROBUSTNESS } from './robustness.js';
import { SHATTERED } from './shattered.js';
import { SMOOTHING, type SmoothingRegime } from './smoothing.js';
import { TOKEN_REACH } from './token-reach.js';
import { TRAINABILITY } from './trainability.js';
import { defineClaim, type Claim } from '@skipbench/core';

/** The no-skip ablations the workspace's families ship besides `plain`: attention without its skips, shared weights without them. */
const NO_SKIP = ['plain', 'attention', 'ode-plain'];
const notCollapsed: RankRegime[] = ['holding', 'decaying'];
const stillSmoothing: SmoothingRegime[] = ['smoothing', 'over-smoothing'];

/** The claims core's probes test, as the README reads their numbers. */
export const standardClaims: readonly Claim[] = [
  defineClaim(GRADIENT_PROFILE, {
    id: 'gradient-stays-healthy',
    statement: `Skip connections keep the first/last gradient ratio (per element) within ±${EXPLODING_LOG10} decades at depth, where the plain stack vanishes or explodes.`,
    probe: 'gradient-profile',
    rule: { kind: 'contrast', test: { op: 'one-of', label: GRADIENT_PROFILE.labels.verdict, values: ['healthy'] } },
    // The verdict reads the per-element (RMS) ratio, so stages of different sizes (a U-Net's) compare.
    shows: [GRADIENT_PROFILE.metrics.log10RmsRatioFirstLast, GRADIENT_PROFILE.metrics.log10RmsRatioFirstLastBelow],
    // The bound where float32 underflows stands in for the ratio: the verdict reads it too.
    figure: { metrics: [GRADIENT_PROFILE.metrics.log10RmsRatioFirstLast, GRADIENT_PROFILE.metrics.log10RmsRatioFirstLastBelow], passes: { min: VANISHING_LOG10, max: EXPLODING_LOG10 } },
    plain: NO_SKIP,
    run: { benchmark: 'gradient' },
  }),
  defineClaim(LIPSCHITZ, {
    id: 'lipschitz-bound',
    statement: 'Every residual block obeys K_G ≤ 1 + K_F: the skip adds at most 1 to the branch’s Lipschitz constant.',
    probe: 'lipschitz',
    rule: { kind: 'each', test: { op: 'one-of', label: LIPSCHITZ.labels.boundHeld, values: ['yes'] } },
    shows: [LIPSCHITZ.metrics.boundViolations, LIPSCHITZ.metrics.maxBlockLipschitz],
    figure: { metrics: [LIPSCHITZ.metrics.boundViolations], passes: { max: 0 } },
    plain: NO_SKIP,
  }),
  defineClaim(RANK_COLLAPSE, {
    id: 'attention-rank-collapse',
    statement: 'Attention without skips collapses the tokens to rank one with depth; with skips (and LayerNorm) it does not.',
    probe: 'rank-collapse',
    rule: { kind: 'contrast', test: { op: 'one-of', label: RANK_COLLAPSE.labels.regime, values: notCollapsed } },
    shows: [RANK_COLLAPSE.metrics.relativeLast],
    figure: { metrics: [RANK_COLLAPSE.metrics.relativeLast], passes: { min: COLLAPSED_RELATIVE } },
    families: ['transformer'],
    plain: ['plain', 'attention'],
  }),
  defineClaim(SMOOTHING, {
    id: 'residual-still-over-smooths',
    statement: 'A residual connection alone does not stop a GCN from smoothing: the normalised Dirichlet energy still decays with depth.',
    probe: 'smoothing',
    rule: { kind: 'each', test: { op: 'one-of', label: SMOOTHING.labels.regime, values: stillSmoothing } },
    shows: [SMOOTHING.metrics.normalisedEnergyLast],
    families: ['gnn'],
    skip: ['residual'],
  }),
  defineClaim(TOKEN_REACH, {
    id: 'attention-reaches-every-token',
    statement: 'Attention gives every input position a short gradient path: the gradient decays by at most 0.05 decades per position, with or without skips.',
    probe: 'token-reach',
    rule: { kind: 'each', test: { op: 'within', metric: TOKEN_REACH.metrics.decayPerStep, value: 0.05 } },
    shows: [TOKEN_REACH.metrics.firstTokenShare],
    families: ['transformer'],
    plain: [],
  }),
  defineClaim(TOKEN_REACH, {
    id: 'identity-through-time',
    statement: 'A recurrent net loses the first token’s gradient step by step unless time has an identity path: with one it decays by at most 0.05 decades per step.',
    probe: 'token-reach',
    rule: { kind: 'contrast', test: { op: 'at-least', metric: TOKEN_REACH.metrics.decayPerStep, value: -0.05 } },
    shows: [TOKEN_REACH.metrics.firstTokenShare],
    families: ['gru'],
  }),
  defineClaim(GRADIENT_SPLIT, {
    id: 'identity-carries-gradient',
    statement: 'The gradient’s simple path is the identity: it carries at least half of the backward norm through each residual block.',
    probe: 'gradient-split',
    rule: { kind: 'each', test: { op: 'at-least', metric: GRADIENT_SPLIT.metrics.meanIdentityShare, value: 0.5 } },
    shows: [GRADIENT_SPLIT.metrics.maxBranchIdentityRatio],
    plain: NO_SKIP,
  }),
  defineClaim(LESION, {
    id: 'lesion-ensemble',
    statement: 'A residual net behaves like an ensemble of paths: deleting one trained block hurts it less than it hurts the plain net.',
    probe: 'lesion',
    rule: { kind: 'versus-plain', metric: LESION.metrics.meanLossIncreaseOneBlock, better: 'lower' },
    shows: [LESION.metrics.lossIntact],
    plain: NO_SKIP,
  }),
  defineClaim(TRAINABILITY, {
    id: 'deep-trainable',
    statement: 'Skips keep deep stacks trainable: the same training lowers the held-out loss further than in the plain stack.',
    probe: 'trainability',
    rule: { kind: 'versus-plain', metric: TRAINABILITY.metrics.lossRatio, better: 'lower' },
    shows: [TRAINABILITY.metrics.lossFinal],
    plain: NO_SKIP,
    run: { benchmark: 'depth' },
  }),
  defineClaim(SHATTERED, {
    id: 'gradients-not-shattered',
    statement: 'Skips keep input gradients correlated between neighbouring inputs, where deep plain nets shatter them.',
    probe: 'shattered',
    rule: { kind: 'versus-plain', metric: SHATTERED.metrics.neighbourGradientCorrelation, better: 'higher' },
    plain: NO_SKIP,
  }),
  defineClaim(NOISE, {
    id: 'noise-not-amplified',
    statement: 'Skips amplify input noise less than a plain stack of the same depth.',
    probe: 'noise',
    rule: { kind: 'versus-plain', metric: NOISE.metrics.inputAmplification, better: 'lower' },
    plain: NO_SKIP,
  }),
  defineClaim(EULER, {
    id: 'euler-converges',
    statement: 'A shared-weight residual stack is a forward-Euler ODE solver: doubling its depth converges at order about 1, where the plain stack does not converge.',
    probe: 'euler',
    rule: { kind: 'contrast', test: { op: 'at-least', metric: EULER.metrics.convergenceOrder, value: 0.5 } },
    shows: [EULER.metrics.relativeChangeLastDoubling],
    families: ['resnet'],
    plain: ['ode-plain'],
    skip: ['ode'],
  }),
  defineClaim(ERROR_CORRECTION, {
    id: 'residual-corrects-errors',
    statement: 'Trained on noisy signals, a residual stack learns to cancel the error: cos(G(ε), ε) ≤ −0.9 for pure errors ε.',
    probe: 'error-correction',
    rule: { kind: 'each', test: { op: 'at-most', metric: ERROR_CORRECTION.metrics.stackErrorCosine, value: -0.9 } },
    shows: [ERROR_CORRECTION.metrics.relativeOutputError],
    families: ['resnet'],
  }),
  defineClaim(ROBUSTNESS, {
    id: 'branch-scale-bound',
    statement: 'Shrinking the branch lowers the Lipschitz bound Π(1 + K_F) of the trained residual stack.',
    probe: 'robustness',
    rule: { kind: 'trend', metric: ROBUSTNESS.metrics.log10BranchBound, axis: 'branchScale', direction: 'rises' },
    plain: NO_SKIP,
    run: { benchmark: 'tradeoff', preset: 'standard' },
  }),
  defineClaim(ROBUSTNESS, {
    id: 'branch-scale-robustness',
    statement: 'Shrinking the branch buys robustness: PGD accuracy at the largest ε falls as the branch scale grows.',
    probe: 'robustness',
    rule: { kind: 'trend', metric: ROBUSTNESS.metrics.accuracyPgdLargest, axis: 'branchScale', direction: 'falls' },
    shows: [ROBUSTNESS.metrics.accuracyClean],
    plain: NO_SKIP,
    run: { benchmark: 'tradeoff', preset: 'standard' },
  }),
];
