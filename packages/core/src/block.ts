import type { Scalar, Tensor, TF, Variable } from './tf.js';
import type { Probe } from './probe.js';
import type { BenchmarkDefinition } from './benchmarks/definitions.js';
import type { Claim } from './claims/claim.js';
import type { Graph } from './graph.js';
import type { OPTION_BOUNDS } from './constants.js';

/** A piece without a skip: a stem, a head, a normalisation. */
export interface Layer {
  apply(x: Tensor): Tensor;
  readonly params: Variable[];
}

/**
 * How a block combines its input `h` with its branch output `F(h)`: `block(h) = merge(h, F(h))`. A rule that
 * is exactly `h + F(h)` says so with `additive: true` (core's `skip.add` does).
 */
export type SkipRule = ((h: Tensor, branchOut: Tensor) => Tensor) & { readonly additive?: boolean };

/**
 * One stage a plugin defines: its branch `F` and its skip rule. Core stacks blocks into a Model.
 *
 * @typeParam C - What the block reads besides the stream: the stack's context for this forward pass (see
 * `StackSpec.context`), the same object for every block. A block that reads none fits any stack as
 * `Block<unknown>`. The default is the deprecated step input, so blocks written for `StackSpec.stepInputs`
 * keep compiling.
 */
export interface Block<C = Tensor | undefined> {
  /** `F(h)`, reading what it needs from `context` (a recurrent step its x_t, a decoder stage its long skip). */
  branch(h: Tensor, context: C): Tensor;
  merge: SkipRule;
  /**
   * `merge(h, f)` is exactly `h + f`, so the `paths` and `bound` probes apply. @default the merge's own
   * `additive` (true for `skip.add`). Declare it for a hand-written additive merge; put any gain on the
   * branch (`h + α·F(h)` is `merge = skip.add` with `α·F` as the branch). A merge that gates (a highway
   * block's `T·f + (1 − T)·h`) is not additive: leave it unset. The conformance kit checks
   * `block(l)(h) = h + branch(l)(h)` numerically.
   */
  readonly additive?: boolean;
  readonly params: Variable[];
  /**
   * Named pieces of the branch for probes that look inside it (e.g. `attention`, `mlp`), each with the
   * stream's shape. Optional: probes report on the whole branch when absent.
   */
  parts?(h: Tensor, context: C): Record<string, Tensor>;
}

export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** `train` for optimisation steps, `held-out` for evaluation; synthetic tasks may ignore it. */
export type Split = 'train' | 'held-out';

/** A deterministic task: data from a seed (or a registry package) and a loss. No downloads. */
export interface Task {
  readonly id: string;
  readonly summary: string;
  sample(batchSize: number, seed: number, split?: Split): Batch;
  loss(out: Tensor, y: Tensor): Scalar;
  /** Fraction of correct predictions, for classification tasks (per pixel or per node where those are classified). */
  accuracy?(out: Tensor, y: Tensor): Scalar;
  /**
   * The task's own held-out scores by name, read back to numbers (e.g. a segmentation's boundary F1), with
   * their units; `trainability` reports each before and after training. `out` and `y` have been read back
   * already, so `dataSync()` on them is free on every backend; tensors made here may not be readable
   * synchronously (webgpu in Node), so compute on the values.
   */
  scores?(out: Tensor, y: Tensor): Record<string, { value: number; unit: string }>;
}

/** Everything that changes the numbers. All of it goes into the results. */
export interface ModelConfig {
  /** The skip axis; every architecture has `plain` (no skips). */
  variant: string;
  /** Number of blocks; the stream has `depth + 1` stages (stage 0 is the stem's output). */
  depth: number;
  /** Channels or features carried by the stream. */
  width: number;
  /** Spatial side, tokens, steps or nodes of one sample: the architecture's `inputSizeMeaning` says which. */
  inputSize: number;
  /** Normalisation inside blocks: one of the architecture's `choices.norm`. */
  norm: string;
  /** Weight initialiser: one of the architecture's `choices.init`. */
  init: string;
  /** Gain on every branch output, `merge(h, branchScale · F(h))`. */
  branchScale: number;
  seed: number;
  /** One of the architecture's `tasks`; its first when absent. */
  task?: string;
  /** Values of the architecture's own numeric settings (see `Architecture.options`); absent ones take their defaults. */
  options?: Readonly<Record<string, number>>;
}

/** A numeric setting only some architectures have (e.g. a GRU's gate bias); read it with `optionValue`. */
export interface ArchitectureOption {
  readonly summary: string;
  readonly default: number;
  /** Smallest accepted value. @default no lower bound */
  readonly min?: number;
  /**
   * Largest accepted value: a number, or a field of the case's config the value may not exceed (a U-Net's
   * levels are at most its depth). A value set above it is refused up front; a default above a config field
   * is lowered to it (say so in `summary`). @default no upper bound
   */
  readonly max?: number | OptionBound;
  /** Only whole numbers. @default false */
  readonly integer?: boolean;
  /** The only values accepted, e.g. `[0, 1]` for a switch. @default any value in range */
  readonly values?: readonly number[];
}

/** A config field an option's `max` may name. */
export type OptionBound = (typeof OPTION_BOUNDS)[number];

export interface ForwardOptions {
  /** Tensors added to `stream[l]` (zeros: then one backward pass yields `dL/dstream[l]` for every `l`). */
  perturb?: readonly Tensor[];
  /** Blocks to skip: their output is their input (lesion studies). */
  bypass?: readonly number[];
  /**
   * The `stream` of a pass over the same input with no bypass and no perturbation. A pass with `bypass` may
   * then start at its first bypassed block, from that block's input, instead of recomputing every block before
   * it (a lesion study's passes differ only from there on); the output is the same. The stream it returns
   * holds these tensors up to that stage. A model may ignore it.
   */
  intactStream?: readonly Tensor[];
}

export interface ForwardResult {
  out: Tensor;
  /** `stream[l]` is the state after stage `l`: `stream[0]` the stem's output, `stream[l + 1] = block(l)(stream[l])`. */
  stream: Tensor[];
}

/** What a model supports, declared rather than guessed by probes. */
export interface Capabilities {
  /** `block(l)` and `branch(l)` reproduce the forward pass stage by stage. */
  blocks: boolean;
  /** `forward(x, { bypass })` is meaningful. */
  bypass: boolean;
  /** Every block is exactly `h + F(h)`, so the network unrolls into paths (Veit et al.) and `(1 ± c)^L` bounds apply. */
  additive: boolean;
  /**
   * Every block shares one set of weights, so the same seed at another depth applies the same map more often;
   * with an additive skip and a `1 / depth` step that is forward Euler for `dh/dt = F(h)`.
   */
  sharedWeights: boolean;
  /** Every stage is `[batch, tokens, features]`, so probes may treat axis 1 as a sequence (rank collapse, token spectra). */
  tokens?: boolean;
  /** Every stage is `[nodes, features]` over `Model.graph`, so graph probes (smoothing, horizon, paths) apply. */
  graph?: boolean;
  /**
   * The model input is a sequence `[batch, positions, features]` (axis 1 the positions) and the output is
   * read at one of them, `Model.readsFrom` (a Transformer's last token, a recurrent net's last step), so
   * probes may ask how much gradient reaches each input position from where the answer is read (`token-reach`).
   */
  sequence?: boolean;
}

/** The probe-able contract: what probes may use and nothing more. */
export interface Model {
  readonly config: ModelConfig;
  readonly depth: number;
  readonly params: Variable[];
  readonly task: Task;
  readonly capabilities: Capabilities;
  /** Trainable variables of block `l` (0-based). */
  blockParams(l: number): Variable[];
  /** The shape of every stream stage for a batch of `batchSize` samples (the conformance kit checks it). */
  streamShapes(batchSize: number): number[][];
  forward(x: Tensor, options?: ForwardOptions): ForwardResult;
  /**
   * `h ↦ stream[l + 1]` for `h` in the place of `stream[l]`. `input` is the batch `forward` was given: blocks
   * that read a context computed from it (a recurrent step's `x_t`, a decoder's encoder maps) need it; the
   * others ignore it. Probes always pass it.
   */
  block(l: number, input?: Tensor): (h: Tensor) => Tensor;
  /** `h ↦ F_l(h)`, the branch of block `l`, scaled by `branchScale`; `input` as for `block`. */
  branch(l: number, input?: Tensor): (h: Tensor) => Tensor;
  /**
   * Whether block `l` is its branch alone (its merge is `skip.none`), so `block(l)` and `branch(l)` are one
   * map and a probe may measure it once (`lipschitz`'s K_G is then its K_F). Absent: not declared, measure both.
   */
  branchOnly?(l: number): boolean;
  /** The graph the nodes of every stage live on, when `capabilities.graph`. */
  readonly graph?: Graph;
  /** The input position the output is read at, when `capabilities.sequence` (0-based along the input's axis 1). */
  readonly readsFrom?: number;
  /** `h ↦` the named parts of block `l`'s branch (see `Block.parts`); absent when the blocks name none. */
  parts?(l: number, input?: Tensor): (h: Tensor) => Record<string, Tensor>;
  /**
   * `block(l, input)`, `branch(l, input)` and `parts(l, input)` for one input, with what every block reads from
   * it (a decoder's encoder maps) computed once rather than on every call. Absent: core's `blockMaps` makes
   * them from `block`, `branch` and `parts`.
   */
  maps?(input: Tensor): BlockMaps;
  dispose(): void;
}

/** The maps of every block at one model input (`Model.maps`, or core's `blockMaps`). */
export interface BlockMaps {
  block(l: number): (h: Tensor) => Tensor;
  branch(l: number): (h: Tensor) => Tensor;
  /** Absent when the blocks name no parts. */
  parts?(l: number): (h: Tensor) => Record<string, Tensor>;
  /** Frees what the maps share; they cannot be called after it. */
  dispose(): void;
}

/** Makes trainable variables from the run's seed with the configured initialiser. */
export interface ParamFactory {
  /**
   * glorot: uniform in ±sqrt(6 / (fanIn + fanOut)) (TF.js's default); he: normal with std sqrt(2 / fanIn);
   * pytorch: uniform in ±1/sqrt(fanIn) (PyTorch's nn.Linear, nn.RNN, nn.GRU).
   */
  weight(shape: number[], fanIn: number, fanOut: number): Variable;
  constant(shape: number[], value: number): Variable;
}

export interface BuildContext {
  tf: TF;
  params: ParamFactory;
}

export interface Architecture {
  /** `family.name`, e.g. `resnet.basic`. */
  readonly id: string;
  readonly summary: string;
  /**
   * The skip axis, with a line each. Must include `plain`: the ablation with no identity or carry path,
   * `block(h) = F(h)`, also where the other variants scale or gate the branch.
   */
  readonly variants: Readonly<Record<string, string>>;
  readonly defaults: Omit<ModelConfig, 'seed'>;
  readonly choices: { readonly norm: readonly string[]; readonly init: readonly string[] };
  /** What `inputSize` counts for this family. */
  readonly inputSizeMeaning: string;
  /** The default task. */
  readonly task: { readonly id: string; readonly summary: string };
  /** Other tasks `config.task` may name (e.g. a real data set beside the synthetic one), id → summary. */
  readonly tasks?: Readonly<Record<string, string>>;
  /**
   * Capabilities known before building, so benchmarks leave out the probes a model could only answer with
   * `not-applicable`: `false` for one no model of this architecture has. The stream layouts `tokens` and
   * `graph` are opt-in: a family whose models have one must declare it `true`, and families that do not
   * declare them never get their probes. The kit checks both.
   */
  readonly capabilities?: Readonly<Partial<Capabilities>>;
  /**
   * The family's PyTorch reference: the path of a Python module that rebuilds the model from a reference
   * case (see `exportReference` and core's `reference/referee.py`), so `skipbench reference` checks its
   * gradients against PyTorch's on identical weights. @default none: `skipbench reference` skips it
   */
  readonly reference?: string;
  /** Settings of this architecture alone, by name; `skipbench run --option name=v1,v2` sweeps them. */
  readonly options?: Readonly<Record<string, ArchitectureOption>>;
  build(config: ModelConfig, context: BuildContext): Model;
}

/**
 * What a plugin package contributes: architectures, probes, benchmarks, claims, any of them (a probe-only
 * plugin has no architectures).
 */
export interface Plugin {
  /** @default its package.json's `name` (discovery reads it) */
  readonly name?: string;
  /** @default its package.json's `version` (discovery reads it) */
  readonly version?: string;
  /** Major version of the contract this plugin speaks (core's `API_VERSION`). */
  readonly apiVersion: number;
  readonly architectures?: readonly Architecture[];
  /** Probes run by id: `skipbench run <benchmark> --probe <id>`, or in a benchmark that lists them. */
  readonly probes?: readonly Probe[];
  /** Benchmarks: named sets of probes (core's or any plugin's) and the sweep they run over. */
  readonly benchmarks?: readonly BenchmarkDefinition[];
  /** Claims its probes' results decide (`skipbench scorecard`); make each with `defineClaim`. */
  readonly claims?: readonly Claim[];
}
