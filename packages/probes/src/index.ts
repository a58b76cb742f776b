/**
 * `@skipbench/probes`: skipbench's standard probes, claims and benchmarks, contributed as a plugin exactly as
 * a third-party probe plugin contributes its own. The CLI registers it first.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { API_VERSION, definePlugin, type Probe } from '@skipbench/core';
import { BENCHMARK_IDS, standardBenchmarks } from './benchmarks.js';
import { standardClaims } from './claims.js';
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

/** The probes this package contributes. */
export const standardProbes: readonly Probe[] = [
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

/** This package's version, from its package.json (a packed bundle inlines the read). */
const packageVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default definePlugin({ name: '@skipbench/probes', version: packageVersion, apiVersion: API_VERSION, probes: standardProbes, benchmarks: BENCHMARK_IDS.map((id) => standardBenchmarks[id]), claims: standardClaims });

export { BENCHMARK_IDS, standardBenchmarks, type BenchmarkId } from './benchmarks.js';
export { standardClaims } from './claims.js';
export { EXPLODING_LOG10, VANISHING_LOG10 } from './gradient-profile.js';
export { activationProfile, bound, euler, gradientProfile, lesion, lipschitz, noise, paths, rankCollapse, shattered, spectrum, throughput, trainability };
export { graphPaths, horizon, smoothing };
export { gradientSplit, tokenReach };
export { GRADIENT_SPLIT } from './gradient-split.js';
export { TOKEN_REACH } from './token-reach.js';
export { horizonTrained, spectrumTrained };
export { AFTER_TRAINING, afterTraining } from './after-training.js';
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
export { THROUGHPUT, TIMED_TASKS, timingMetric, type TimedTask, type TimingStatistic } from './throughput.js';
export { TRAINABILITY } from './trainability.js';
export { COLLAPSED_RELATIVE, rankRegime, type RankRegime } from './rank-collapse.js';
export { smoothingStatistics, type SmoothingRegime, type SmoothingStatistics } from './smoothing.js';
export { highFrequencyFraction, rankOneDistance, tokenShape, tokenSpectrum } from './tokens.js';
export { jacobianNorm, jacobianNorms, jvp, spectralNorm, vjp, type JacobianNorm, type JacobianNormOptions, type LinearisedMap, type TensorMap } from './jacobian.js';
export { measureGradientProfile, gradientVerdict, type GradientProfile } from './gradient-profile.js';
export { PROBE_IDS, type ProbeId } from './ids.js';
