/**
 * `@skipbench/core`: the plugin contract (`Architecture`, `Block`, `Model`, `Probe`, `Plugin`) and its
 * helpers, core's probes and benchmarks, the runner and the results format; the conformance kit is
 * `@skipbench/core/testing`. Its TensorFlow.js is exported too, for plugins, which never import TF.js:
 * `tf` (core's instance), its type `TF`, and TF.js's tensor types `Tensor`, `Tensor4D`, `Variable` and
 * `Scalar`. Only `TF` has a page below; the others are TF.js's own (see `TF`).
 *
 * @packageDocumentation
 */
// Contracts
export type {
  Architecture,
  ArchitectureOption,
  Batch,
  Block,
  BlockMaps,
  BuildContext,
  Capabilities,
  ForwardOptions,
  ForwardResult,
  Layer,
  Model,
  ModelConfig,
  OptionBound,
  ParamFactory,
  Plugin,
  SkipRule,
  Split,
  Task,
} from './block.js';
export type { AnyNames, LabelName, Measurement, MeasurementNames, MetricName, NameSpec, Probe, ProbeContext, ProbeSettings, SeriesName, SpelledNames, TrainedModels } from './probe.js';
export { defineProbe, MeasurementBuilder } from './probe.js';
export { definePlugin, speaksApiVersion, validatePlugin } from './plugin.js';
export { stackModel, skip, type ContextStem, type StackSpec } from './stack.js';
export { blockMaps } from './block-maps.js';
export { conv2d, dense, globalAveragePool, normalization, relu, sequence } from './layers.js';
export { createParamFactory } from './params.js';
export {
  components,
  gcnAdjacency,
  hopDistances,
  neighbours,
  pathStatistics,
  DENSE_PROPAGATION_MAX_NODES,
  propagate,
  withShortcuts,
  chainGraph,
  cycleGraph,
  type Graph,
  type PathStatistics,
  type SparseMatrix,
} from './graph.js';
export { buildModel, optionValue } from './build.js';
export { describeOptionRange, optionProblem } from './options.js';
export { firstTokenRecall, softmaxClassification } from './tasks.js';
export { ERROR_CORRECTION_TASK, errorCorrectionTask, isErrorCorrectionTask, type ErrorCorrectionTask, type SignalAndError } from './tasks.js';
export { deriveSeed, randomSubset, seededRandom, type Rng } from './random.js';
export { tf, type Rank, type TF, type Tensor, type Tensor4D, type Variable, type Scalar } from './tf.js';

// Constants and errors
export {
  API_VERSION,
  BACKEND_IDS,
  CAPABILITIES,
  defaultBackend,
  defaultSeed,
  EXPLODING_LOG10,
  INITIALIZERS,
  NORMALIZATIONS,
  OPTION_BOUNDS,
  SCHEMA_VERSION,
  SEED_LIMIT,
  VANISHING_LOG10,
  type BackendId,
  type Initializer,
  type Normalization,
} from './constants.js';
export { SkipbenchError, UsageError, unknownChoice } from './errors.js';

// Backends and kernels
export { BACKEND_CHOICES, chooseAutoBackend, dawnBindingPath, dawnBindingRelativePath, listBackends, MAX_WASM_THREADS, selectBackend, threadedWasmScripts, useBundledBinaries, type BackendAvailability, type BackendInfo, type BackendOptions } from './backends/index.js';
export { TENSORFLOW_INSTALL_HINT, tensorflowAvailability } from './backends/tensorflow.js';
export {
  unsortedSegmentSumKernel,
  installKernelFills,
  measureConvKernelTimings,
  type KernelFill,
  type KernelTiming,
  type KernelTimingOptions,
} from './kernels/index.js';

// Probes, and the names each writes in its results
export {
  ACTIVATION_PROFILE,
  BOUND,
  EULER,
  GRADIENT_PROFILE,
  GRAPH_PATHS,
  HORIZON,
  LESION,
  LIPSCHITZ,
  NOISE,
  PATHS,
  RANK_COLLAPSE,
  SHATTERED,
  SMOOTHING,
  SPECTRUM,
  THROUGHPUT,
  TIMED_TASKS,
  TRAINABILITY,
  type TimedTask,
  type TimingStatistic,
  activationProfile,
  bound,
  coreProbes,
  euler,
  gradientProfile,
  gradientVerdict,
  jvp,
  lesion,
  lipschitz,
  measureGradientProfile,
  noise,
  paths,
  PROBE_IDS,
  l2Norm,
  meanAndVariance,
  readBack,
  settled,
  rankCollapse,
  smoothing,
  smoothingStatistics,
  horizon,
  graphPaths,
  spectrumTrained,
  horizonTrained,
  afterTraining,
  AFTER_TRAINING,
  trainOnTask,
  type SmoothingRegime,
  type SmoothingStatistics,
  rankRegime,
  rankOneDistance,
  highFrequencyFraction,
  tokenSpectrum,
  spectrum,
  shattered,
  spectralNorm,
  jacobianNorm,
  jacobianNorms,
  type LinearisedMap,
  type JacobianNorm,
  type JacobianNormOptions,
  throughput,
  trainability,
  vjp,
  type GradientProfile,
  type ProbeId,
  type RankRegime,
  type TensorMap,
  GRADIENT_SPLIT,
  gradientSplit,
  TOKEN_REACH,
  tokenReach,
} from './probes/index.js';
export { ERROR_CORRECTION, ROBUSTNESS, errorCorrection, fgsm, pgd, robustness } from './probes/index.js';

// Claims and the scorecard
export { CASE_TEST_OPS, defaultPlainVariants, defineClaim, RULE_KINDS, TREND_AXES, type CaseTest, type Claim, type ClaimRule, type PassRange } from './claims/claim.js';
export { coreClaims } from './claims/core-claims.js';
export { claimFigure, type ClaimFigure, type FamilyFigure, type FigureLine, type FigurePoint } from './claims/figure.js';
export {
  ANY_FAMILY,
  buildScorecard,
  describeRule,
  describeVerdict,
  familyOf,
  type Finding,
  type RegisteredClaim,
  type Scorecard,
  type ScorecardRow,
  type ScoredClaim,
  type Verdict,
} from './claims/scorecard.js';
export { formatNumber } from './format.js';

// Benchmarks
export { BENCHMARK_IDS, benchmarks, SWEEPS, type BenchmarkDefinition, type BenchmarkId } from './benchmarks/definitions.js';
export {
  CORE_PACKAGE,
  coreVersion,
  createRegistry,
  type Contributor,
  type PluginEntry,
  type RegisteredArchitecture,
  type RegisteredBenchmark,
  type RegisteredProbe,
  type Registry,
} from './registry.js';
export { PRESET_IDS, presets, type Preset, type PresetId } from './benchmarks/presets.js';
export { defaultPreset, planBenchmark, type Plan, type PlannedCase, type PlanOptions, type Shard } from './benchmarks/plan.js';
export { defaultMaxMemoryBytes, describeEnvironment, runBenchmark, runPlan, type RunOptions } from './benchmarks/runner.js';
export { notApplicableReason, runCase, type CaseLimits, type CasePlan } from './benchmarks/run-case.js';
export { estimateCaseMemory, type MemoryEstimate } from './benchmarks/memory.js';
export type { WorkerLaunch } from './benchmarks/pool.js';
export { serveCases } from './benchmarks/worker.js';
export { checkOutput, displayPath, journalPath, lockPath, type OutputOptions } from './benchmarks/journal.js';
export { trainedModelsPath } from './benchmarks/trained-models.js';
export { parseShard } from './benchmarks/shard.js';
export {
  exportReference,
  npyBytes,
  FLOAT32_LIMITED_FACTOR,
  REFEREE_SCRIPT,
  refereeAgreement,
  refereeCases,
  REFERENCE_FORMAT,
  torchAvailable,
  trainStepMs,
  worstDisagreement,
  type ExportedArray,
  type RefereedCase,
  type RefereeOptions,
  type RefereeVerdict,
  type ReferenceIndex,
} from './reference.js';

// Results
export {
  CASE_STATUSES,
  caseConfigSchema,
  caseResultSchema,
  environmentSchema,
  resultsDocumentSchema,
  resultsJsonSchema,
  type CaseConfig,
  type CaseResult,
  type CaseStatus,
  type Environment,
  type ResultsDocument,
} from './results/schema.js';
export {
  incompleteness,
  parseResults,
  validateResults,
  validateResultsText,
  type ValidationOptions,
  type ValidationReport,
} from './results/read.js';
export { parseJsonText } from './results/json.js';
export { readPartialResults, type JournalHeader, type PartialResults } from './results/partial.js';
export { mergeResults, type MergeOptions } from './results/merge.js';
export {
  buildLeaderboard,
  MAX_RANKABLE_SPREAD_PERCENT,
  type Entry as LeaderboardEntry,
  type Leaderboard,
  type LeaderboardInput,
  type LeaderboardOptions,
  type Ranking,
} from './results/leaderboard.js';
export {
  checkFailRules,
  compareResults,
  parseFailRule,
  regressions,
  type ChangeCall,
  type Comparison,
  type FailRule,
  type MetricChange,
} from './results/compare.js';
