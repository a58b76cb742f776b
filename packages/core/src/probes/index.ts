import type { Probe } from '../probe.js';
import { activationProfile } from './activation-profile.js';
import { bound } from './bound.js';
import { euler } from './euler.js';
import { gradientProfile } from './gradient-profile.js';
import { lesion } from './lesion.js';
import { lipschitz } from './lipschitz.js';
import { noise } from './noise.js';
import { paths } from './paths.js';
import { rankCollapse } from './rank-collapse.js';
import { shattered } from './shattered.js';
import { spectrum } from './spectrum.js';
import { smoothing } from './smoothing.js';
import { horizon } from './horizon.js';
import { graphPaths } from './graph-paths.js';
import { spectrumTrained } from './spectrum-trained.js';
import { horizonTrained } from './horizon-trained.js';
import { throughput } from './throughput.js';
import { trainability } from './trainability.js';
import { gradientSplit } from './gradient-split.js';
import { tokenReach } from './token-reach.js';
import { robustness } from './robustness.js';
import { errorCorrection } from './error-correction.js';

/** The probes core ships, by id. */
export const coreProbes: readonly Probe[] = [
  activationProfile,
  gradientProfile,
  trainability,
  throughput,
  lipschitz,
  lesion,
  paths,
  euler,
  noise,
  shattered,
  bound,
  rankCollapse,
  spectrum,
  smoothing,
  horizon,
  graphPaths,
  gradientSplit,
  tokenReach,
  spectrumTrained,
  horizonTrained,
  robustness,
  errorCorrection,
];

export { activationProfile, bound, euler, gradientProfile, lesion, lipschitz, noise, paths, rankCollapse, shattered, spectrum, throughput, trainability };
export { graphPaths, horizon, smoothing };
export { gradientSplit, tokenReach };
export { GRADIENT_SPLIT } from './gradient-split.js';
export { TOKEN_REACH } from './token-reach.js';
export { horizonTrained, spectrumTrained };
export { AFTER_TRAINING, afterTraining, trainOnTask } from './train.js';
export { errorCorrection, robustness };
export { ROBUSTNESS, fgsm, pgd } from './robustness.js';
export { ERROR_CORRECTION } from './error-correction.js';
export { ACTIVATION_PROFILE } from './activation-profile.js';
export { BOUND } from './bound.js';
export { EULER } from './euler.js';
export { GRADIENT_PROFILE } from './gradient-profile.js';
export { GRAPH_PATHS } from './graph-paths.js';
export { HORIZON } from './horizon.js';
export { LESION } from './lesion.js';
export { LIPSCHITZ } from './lipschitz.js';
export { NOISE } from './noise.js';
export { PATHS } from './paths.js';
export { RANK_COLLAPSE } from './rank-collapse.js';
export { SHATTERED } from './shattered.js';
export { SMOOTHING } from './smoothing.js';
export { SPECTRUM } from './spectrum.js';
export { THROUGHPUT, TIMED_TASKS, type TimedTask, type TimingStatistic } from './throughput.js';
export { TRAINABILITY } from './trainability.js';
export { rankRegime, type RankRegime } from './rank-collapse.js';
export { smoothingStatistics, type SmoothingRegime, type SmoothingStatistics } from './smoothing.js';
export { highFrequencyFraction, rankOneDistance, tokenSpectrum } from './tokens.js';
export { jacobianNorm, jacobianNorms, jvp, spectralNorm, vjp, type JacobianNorm, type JacobianNormOptions, type LinearisedMap, type TensorMap } from './jacobian.js';
export { measureGradientProfile, gradientVerdict, type GradientProfile } from './gradient-profile.js';
export { PROBE_IDS, type ProbeId } from './ids.js';
export { readBack, settled } from './settled.js';
export { l2Norm, meanAndVariance } from './norms.js';
