import { EXPLODING_LOG10, GRADIENT_PROFILE, VANISHING_LOG10 } from './gradient-profile.js';
import { GRADIENT_SPLIT } from './gradient-split.js';
import { LESION } from './lesion.js';

/** A lesioned net must have learnt: its held-out loss fell by a tenth, its accuracy 0.2 above chance. */
const [LESION_LEARNT_FALL, LESION_LEARNT_MARGIN] = [0.1, 0.2];
import { LIPSCHITZ } from './lipschitz.js';
import { NOISE } from './noise.js';
import { ROBUSTNESS } from './robustness.js';
import { SHATTERED } from './shattered.js';
import { TRAINABILITY } from './trainability.js';
import { defineClaim, type Claim } from '@skipbench/core';

/**
 * The claims the standard probes test on any family, as the findings pages (docs/findings/) read their numbers;
 * each family's own claims (attention's rank, a GCN's smoothing, …) are its package's.
 */
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
    run: { benchmark: 'gradient' },
  }),
  defineClaim(LIPSCHITZ, {
    id: 'lipschitz-bound',
    statement: 'Every residual block obeys K_G ≤ 1 + K_F: the skip adds at most 1 to the branch’s Lipschitz constant.',
    probe: 'lipschitz',
    rule: { kind: 'each', test: { op: 'one-of', label: LIPSCHITZ.labels.boundHeld, values: ['yes'] } },
    shows: [LIPSCHITZ.metrics.boundViolations, LIPSCHITZ.metrics.maxBlockLipschitz],
    figure: { metrics: [LIPSCHITZ.metrics.boundViolations], passes: { max: 0 } },
    requires: ['additive'],
  }),
  defineClaim(GRADIENT_SPLIT, {
    id: 'identity-carries-gradient',
    statement: 'The gradient’s simple path is the identity: it carries at least half of the backward norm through each residual block.',
    probe: 'gradient-split',
    rule: { kind: 'each', test: { op: 'at-least', metric: GRADIENT_SPLIT.metrics.meanIdentityShare, value: 0.5 } },
    shows: [GRADIENT_SPLIT.metrics.maxBranchIdentityRatio],
    requires: ['additive'],
  }),
  defineClaim(LESION, {
    id: 'lesion-ensemble',
    statement: 'A residual net behaves like an ensemble of paths: deleting one trained block hurts it less than it hurts the plain net.',
    probe: 'lesion',
    rule: { kind: 'versus-plain', metric: LESION.metrics.meanLossIncreaseOneBlock, better: 'lower' },
    shows: [LESION.metrics.lossIntact, LESION.metrics.accuracyIntact],
    // Deleting a block of a net that learnt nothing costs nothing: only nets that learnt compare.
    power: {
      learnt: {
        loss: { initial: LESION.metrics.lossInitial, final: LESION.metrics.lossIntact, fallBy: LESION_LEARNT_FALL },
        accuracy: { value: LESION.metrics.accuracyIntact, chance: LESION.metrics.accuracyChance, margin: LESION_LEARNT_MARGIN },
      },
    },
  }),
  defineClaim(TRAINABILITY, {
    id: 'deep-trainable',
    statement: 'Skips keep deep stacks trainable: the same training lowers the held-out loss further than in the plain stack.',
    probe: 'trainability',
    rule: { kind: 'versus-plain', metric: TRAINABILITY.metrics.lossRatio, better: 'lower' },
    shows: [TRAINABILITY.metrics.lossFinal],
    run: { benchmark: 'depth' },
  }),
  defineClaim(SHATTERED, {
    id: 'gradients-not-shattered',
    statement: 'Skips keep input gradients correlated between neighbouring inputs, where deep plain nets shatter them.',
    probe: 'shattered',
    rule: { kind: 'versus-plain', metric: SHATTERED.metrics.neighbourGradientCorrelation, better: 'higher' },
  }),
  defineClaim(NOISE, {
    id: 'noise-not-amplified',
    statement: 'Skips amplify input noise less than a plain stack of the same depth.',
    probe: 'noise',
    rule: { kind: 'versus-plain', metric: NOISE.metrics.inputAmplification, better: 'lower' },
  }),
  defineClaim(ROBUSTNESS, {
    id: 'branch-scale-bound',
    statement: 'Shrinking the branch lowers the Lipschitz bound Π(1 + K_F) of the trained residual stack.',
    probe: 'robustness',
    rule: { kind: 'trend', metric: ROBUSTNESS.metrics.log10BranchBound, axis: 'branchScale', direction: 'rises' },
    run: { benchmark: 'tradeoff', preset: 'standard' },
  }),
  defineClaim(ROBUSTNESS, {
    id: 'branch-scale-robustness',
    statement: 'Shrinking the branch buys robustness: PGD accuracy at the largest ε falls as the branch scale grows.',
    probe: 'robustness',
    rule: { kind: 'trend', metric: ROBUSTNESS.metrics.accuracyPgdLargest, axis: 'branchScale', direction: 'falls' },
    shows: [ROBUSTNESS.metrics.accuracyClean],
    run: { benchmark: 'tradeoff', preset: 'standard' },
  }),
];
