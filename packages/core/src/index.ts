/**
 * `@skipbench/core`: the contract a plugin author imports. An architecture (`Architecture`, its `Block`s,
 * stacked by `stackModel` into a `Model`), a probe (`Probe`, `MeasurementBuilder`), a claim (`Claim`) and the
 * plugin that contributes them (`Plugin`), with the pieces they are built from: layers, parameters, tasks,
 * graphs, seeded randomness and TensorFlow.js. Core measures nothing and runs nothing: the standard probes are
 * `@skipbench/probes`, the engine `@skipbench/engine`, the conformance kit `@skipbench/kit`.
 *
 * Its TensorFlow.js is exported too, for plugins, which never import TF.js: `tf` (core's instance, a namespace
 * re-export of `@tensorflow/tfjs`), its type `TF`, and TF.js's tensor types `Tensor`, `Tensor4D`, `Variable`,
 * `Scalar`, `Rank` and `TensorInfo`. Each has a page below; TF.js's ops, which `tf` holds, are documented in
 * TF.js's own reference, https://js.tensorflow.org/api/latest/.
 *
 * @packageDocumentation
 * @module @skipbench/core
 */
// The contract, one file each
export type { Architecture, ArchitectureOption, BuildContext, OptionBound, ParamFactory } from './architecture.js';
export type { Block, Layer, SkipRule } from './block.js';
export { ablationOf, isAblation, SKIP_KINDS, type SkipKind, type Variant, type VariantDeclarations } from './variants.js';
export type { ModelConfig } from './config.js';
export type { BlockMaps, Capabilities, ForwardOptions, ForwardResult, Model } from './model.js';
export type { Batch, Split, Task } from './task.js';
export type { AnyNames, DeclaredUnitName, DeclaredUnits, DefinedNames, GivenUnitName, LabelName, Measurement, MeasurementNames, MetricName, NamesDeclaration, NameSpec, Probe, ProbeContext, ProbeSettings, SeriesName, SpelledNames, TrainedModels, UnitName } from './probe.js';
export { defineNames, defineProbe, MeasurementBuilder, spellName } from './probe.js';
export { defineClaim, type CaseTest, type Claim, type ClaimRule, type LearntTest, type PassRange, type PowerPreconditions } from './claim.js';
export type { BenchmarkDefinition } from './benchmark.js';
export { definePlugin, speaksApiVersion, validatePlugin, type Plugin } from './plugin.js';

// What architectures are built from
export { stackModel, skip, type ContextStem, type StackSpec } from './stack.js';
export { blockMaps } from './block-maps.js';
export { conv2d, dense, globalAveragePool, normalization, relu, sequence } from './layers.js';
export { createParamFactory } from './params.js';
export { chainGraph, components, cycleGraph, DENSE_PROPAGATION_MAX_NODES, gcnAdjacency, graphOf, hopDistances, neighbours, pathStatistics, propagate, withShortcuts, type Graph, type PathStatistics, type SparseMatrix } from './graph.js';
export { buildModel, optionValue } from './build.js';
export { describeOptionRange, optionProblem } from './options.js';
export { errorCorrectionTask, firstTokenRecall, isErrorCorrectionTask, softmaxClassification, ERROR_CORRECTION_TASK, type ErrorCorrectionTask, type SignalAndError } from './tasks.js';
export { evaluateHeldOut, trainOnTask, trainStep, type HeldOut } from './train.js';
export { readBack, settled } from './readback.js';
export { l2Norm, meanAndVariance } from './norms.js';
export { deriveSeed, randomSubset, seededRandom, type Rng } from './random.js';
export { tf, type Rank, type TF, type Tensor, type Tensor4D, type TensorInfo, type Variable, type Scalar } from './tf.js';

// Constants and errors
export { API_VERSION, defaultSeed, INITIALIZERS, NORMALIZATIONS, OPT_IN_CAPABILITIES, SEED_LIMIT, type Initializer, type Normalization } from './constants.js';
export { OptionError, SkipbenchError, UsageError, unknownChoice, type OptionProblem, type SpellOption } from './errors.js';
