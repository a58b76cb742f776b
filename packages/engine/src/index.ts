/**
 * `@skipbench/engine`: plans benchmarks from a registry of plugins, runs their cases in isolated workers with
 * a journal, shards and resumes, and reads, merges, compares, ranks and scores results files; also exports a
 * model for the PyTorch referee. Its errors carry what went wrong; wording them for a command line is the
 * caller's.
 *
 * @packageDocumentation
 */
// The registry
export { createRegistry, type Contributor, type RegisteredClaim, type PluginEntry, type RegisteredArchitecture, type RegisteredBenchmark, type RegisteredProbe, type Registry } from './registry.js';

// Planning and running
export { AXES, configShape, configShapeOf, regimeLabel, type AxisField, type ConfigShape, type AxisId, type AxisSpec, type AxisTable, type Sweep, type SweepContext } from './axes.js';
export { PRESET_IDS, presets, type Preset, type PresetId } from './benchmarks/presets.js';
export { defaultPreset, planBenchmark, seedRange, type Plan, type PlannedCase, type PlanOptions, type Shard } from './benchmarks/plan.js';
export { runBenchmark, runPlan, type RunOptions } from './benchmarks/runner.js';
export { describeEnvironment } from './benchmarks/run.js';
export { notApplicableReason, runCase, samplesFor, type CaseLimits, type CasePlan } from './benchmarks/run-case.js';
export { defaultMaxMemoryBytes, estimateCaseMemory, type MemoryEstimate } from './benchmarks/memory.js';
export type { WorkerLaunch } from './benchmarks/pool.js';
export { serveCases } from './benchmarks/worker.js';
export { checkOutput, displayPath, journalPath, lockPath, type OutputOptions } from './benchmarks/journal.js';
export { trainedModelsPath } from './benchmarks/trained-models.js';
export { parseShard } from './benchmarks/shard.js';
export { coreVersion, engineVersion } from './versions.js';

// Results
export { CASE_STATUSES, caseConfigSchema, caseResultSchema, environmentSchema, resultsDocumentSchema, resultsJsonSchema, SCHEMA_VERSION, type CaseConfig, type CaseResult, type CaseStatus, type Environment, type ResultsDocument } from './results/schema.js';
export { incompleteness, parseResults, validateResults, validateResultsText, type ValidationOptions, type ValidationReport } from './results/read.js';
export { parseJsonText } from './results/json.js';
export { readPartialResults, type JournalHeader, type PartialResults } from './results/partial.js';
export { mergeResults, type MergeOptions } from './results/merge.js';
export { buildLeaderboard, MAX_RANKABLE_SPREAD_PERCENT, type Entry as LeaderboardEntry, type Leaderboard, type LeaderboardInput, type LeaderboardOptions, type Ranking } from './results/leaderboard.js';
export { betterFromClaims, checkFailRules, compareResults, parseFailRule, regressions, type Better, type ChangeCall, type Comparison, type CompareOptions, type FailRule, type MetricChange, type Replicates } from './results/compare.js';

// Claims and the scorecard
export { claimFigure, type ClaimFigure, type FamilyFigure, type FigureLine, type FigurePoint } from './claims/figure.js';
export { bootstrapInterval, CONFIDENCE, interquartileMean, probabilityOfImprovement, summarise, tInterval, type Interval, type Summary } from './statistics.js';
export { ANY_FAMILY, buildScorecard, describeRule, describeSeeds, describeVerdict, familyOf, type Finding, type RunSuggestion, type Scorecard, type ScorecardRow, type ScoredClaim, type Tally, type Verdict } from './claims/scorecard.js';
export { conditionByAxis } from './claims/regime.js';
export { formatNumber } from './format.js';

// The PyTorch referee
export { exportReference, FLOAT32_LIMITED_FACTOR, npyBytes, REFEREE_SCRIPT, refereeAgreement, refereeCases, REFERENCE_FORMAT, torchAvailable, trainStepMs, worstDisagreement, type ExportedArray, type RefereedCase, type RefereeOptions, type RefereeVerdict, type ReferenceIndex } from './reference.js';
