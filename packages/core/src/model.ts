import type { ModelConfig } from './config.js';
import type { Graph } from './graph.js';
import type { Task } from './task.js';
import type { SkipKind } from './variants.js';
import type { Tensor, Variable } from './tf.js';

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
  /**
   * The kind of skip block `l`'s merge is, where the merge says (`SkipRule.kind`): the conformance kit checks
   * it against the variant's declared skips. Absent, or `undefined` for a block: not declared.
   */
  skipKind?(l: number): SkipKind | undefined;
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
