import type { Block, Layer, SkipRule } from './block.js';
import type { BlockMaps, Capabilities, ForwardOptions, ForwardResult, Model } from './model.js';
import type { ModelConfig } from './config.js';
import type { Task } from './task.js';
import type { Graph } from './graph.js';
import type { TensorContainer } from '@tensorflow/tfjs';
import type { Tensor, TF, Variable } from './tf.js';
import { SkipbenchError, UsageError } from './errors.js';
import type { SkipKind } from './variants.js';

/** The skip rules most families need; a plugin may pass its own (e.g. ReLU after the addition). */
export const skip = {
  /** `h + F(h)`: the identity path. */
  add: Object.assign((h: Tensor, f: Tensor) => h.add(f), { kind: 'additive', additive: true }) as SkipRule,
  /** `F(h)`: no skip, the `plain` ablation. */
  none: Object.assign((_h: Tensor, f: Tensor) => f, { kind: 'none' }) as SkipRule,
  /** A hand-written merge, declared the kind of skip it is (`relu(h + f)` is `additive`, a highway gate `gated`). */
  rule: (kind: SkipKind, merge: (h: Tensor, f: Tensor) => Tensor): SkipRule => Object.assign(merge, { kind }),
} as const;

/**
 * A stem that computes the blocks' context on its way to stream[0], in one pass: a U-Net's encoder, whose
 * level maps its decoder reads. Perturbations start at stream[0], so this context is always the unperturbed
 * input's.
 */
export interface ContextStem<C> {
  /** stream[0] for `x`, and the context every block reads in the same pass. */
  encode(x: Tensor): { first: Tensor; context: C };
  readonly params: Variable[];
}

/** @typeParam C - The context the blocks read (see `Block`). */
export interface StackSpec<C = unknown> {
  tf: TF;
  config: ModelConfig;
  /** stream[0] from the input: a Layer, or a ContextStem when the blocks read what it computes on the way. */
  stem: Layer | ContextStem<C>;
  blocks: readonly Block<C>[];
  head: Layer;
  task: Task;
  /**
   * Shape of stage `stage` (0 … depth) for a batch of `batchSize`. Where stages differ in shape (a decoder
   * changes resolution), a block's output cannot be its input, so the model declares no `bypass`.
   */
  stageShape: (batchSize: number, stage: number) => number[];
  /** Set when every block shares one set of weights (see Capabilities.sharedWeights). @default false */
  sharedWeights?: boolean;
  /** Set when every stage is `[batch, tokens, features]` (see Capabilities.tokens). @default false */
  tokens?: boolean;
  /**
   * The context every block reads besides the stream (see `Block`): a recurrent step's x_t, an
   * initial-residual layer's h_0. Made once per `forward` from the model input `x` and `first`, stream[0] as
   * the pass has it (its perturbation included). The maps that `block(l, input)`, `branch(l, input)` and
   * `parts(l, input)` return make it again on every call, inside that call's tidy scope, from `input` and the
   * stem's output for it, with `forBlock` set to `l`: only block `l` reads it then, so it may hold that
   * block's share alone (a probe walking the blocks one by one would otherwise project every step's x_t for
   * each). A stack takes its context from here or from a ContextStem, not both.
   */
  context?: (x: Tensor, first: Tensor, forBlock?: number) => C;
  /** The graph every stage's nodes live on (see Capabilities.graph). */
  graph?: Graph;
  /**
   * Set when the model input is a sequence `[batch, positions, features]` and the head reads the answer at
   * this input position (the last token, the last step): the model then has `capabilities.sequence` and
   * `readsFrom`, which open the `token-reach` probe.
   */
  readsFrom?: number;
}

/** The tensors anywhere in `value` (a tensor, or arrays and objects holding them). */
const tensorsIn = (tf: TF, value: unknown): Tensor[] =>
  value instanceof tf.Tensor ? [value] : Array.isArray(value) ? value.flatMap((v) => tensorsIn(tf, v)) : value !== null && typeof value === 'object' ? Object.values(value).flatMap((v) => tensorsIn(tf, v)) : [];

/** The pieces every part of a stacked model shares: the spec, its blocks as maps, and their context. */
interface Stack {
  readonly spec: StackSpec<unknown>;
  /** Where the blocks' context comes from (at most one). */
  readonly sources: readonly string[];
  /** Every stage has one shape, so a block may be bypassed. */
  readonly oneShape: boolean;
  /** `F_l` scaled by the branch scale. */
  readonly scaled: (block: Block<unknown>) => (h: Tensor, reads: unknown) => Tensor;
  /** `merge(h, F_l(h))`. */
  readonly apply: (block: Block<unknown>) => (h: Tensor, reads: unknown) => Tensor;
  /** stream[0] for `x`, and the context a stem that encodes made on the way. */
  readonly run: (x: Tensor) => { first: Tensor; context: unknown };
  readonly checkIndex: (l: number) => Block<unknown>;
}

function stackOf(spec: StackSpec<unknown>): Stack {
  const { tf, config, stem, blocks, stageShape, context } = spec;
  const sources = [...(context === undefined ? [] : ['context']), ...('encode' in stem ? ['a stem that encodes'] : [])];
  if (sources.length > 1) throw new SkipbenchError(`Expected one source of the blocks' context, but the stack has ${sources.join(' and ')}.`, 'plugin');
  const scaled = (block: Block<unknown>) => (h: Tensor, reads: unknown) => {
    const out = block.branch(h, reads);
    return config.branchScale === 1 ? out : tf.mul(out, config.branchScale);
  };
  const apply = (block: Block<unknown>) => {
    const branch = scaled(block);
    return (h: Tensor, reads: unknown) => block.merge(h, branch(h, reads));
  };
  const checkIndex = (l: number) => {
    if (!Number.isInteger(l) || l < 0 || l >= blocks.length) throw new UsageError(`Expected a block index in 0..${blocks.length - 1}, but got ${l}.`);
    return blocks[l]!;
  };
  return {
    spec,
    sources,
    oneShape: new Set(Array.from({ length: blocks.length + 1 }, (_, stage) => stageShape(1, stage).join('x'))).size === 1,
    scaled,
    apply,
    run: (x) => ('encode' in stem ? stem.encode(x) : { first: stem.apply(x), context: undefined }),
    checkIndex,
  };
}

/** What the blocks read in a pass over `x` whose stream[0] is `first`: the context, the same for every block. */
const readsIn = ({ spec: { context } }: Stack, x: Tensor, first: Tensor, fromStem: unknown, forBlock?: number): unknown => (context === undefined ? fromStem : context(x, first, forBlock));

/** What block l reads, given the stem's pass over `input`. */
const readsInPass = (stack: Stack, input: Tensor, { first, context: fromStem }: ReturnType<Stack['run']>, l: number) => readsIn(stack, input, first, fromStem, l);

/** What block l reads for a probe holding the model input: made on every call, inside the caller's scope. */
function readsOf(stack: Stack, l: number, input: Tensor | undefined): unknown {
  if (stack.sources.length === 0) return undefined;
  if (input === undefined) throw new UsageError(`Block ${l} reads the model input, but none was passed: call block(${l}, input).`);
  return readsInPass(stack, input, stack.run(input), l);
}

/** Every block's maps at `input`, the stem's pass over it made once and kept until `dispose`. */
function mapsAt(stack: Stack, input: Tensor): BlockMaps {
  const { tf, blocks } = stack.spec;
  const { apply, scaled, checkIndex } = stack;
  const pass = stack.sources.length === 0 ? undefined : (tf.tidy(() => stack.run(input) as TensorContainer) as ReturnType<Stack['run']>);
  const readsAt = (l: number) => (pass === undefined ? undefined : readsInPass(stack, input, pass, l));
  return {
    block: (l) => (h) => apply(checkIndex(l))(h, readsAt(l)),
    branch: (l) => (h) => scaled(checkIndex(l))(h, readsAt(l)),
    ...(blocks.some((b) => b.parts !== undefined) ? { parts: (l: number) => (h: Tensor) => checkIndex(l).parts?.(h, readsAt(l)) ?? {} } : {}),
    dispose() {
      // An identity stem hands on the input itself: the caller's.
      tf.dispose(tensorsIn(tf, pass).filter((t) => t !== input));
    },
  };
}

/** Options of a forward pass that no stack can honour, refused in one line each. */
function checkForwardOptions({ spec: { blocks }, oneShape }: Stack, { perturb, bypass, intactStream }: ForwardOptions): void {
  if (perturb !== undefined && perturb.length !== blocks.length + 1) {
    throw new UsageError(`Expected ${blocks.length + 1} perturbations (one per stage), but got ${perturb.length}.`);
  }
  if (bypass !== undefined && bypass.length > 0 && !oneShape) {
    throw new UsageError(`Expected no bypass on this model (capabilities.bypass is false: its stages differ in shape), but got bypass [${bypass.join(', ')}].`);
  }
  if (intactStream !== undefined && intactStream.length !== blocks.length + 1) {
    throw new UsageError(`Expected an intact stream of ${blocks.length + 1} stages (the stream of a pass with no bypass), but got ${intactStream.length}.`);
  }
  if (intactStream !== undefined && perturb !== undefined) {
    throw new UsageError('Expected perturbations or an intact stream, not both: a perturbed pass differs from the intact one at every stage.');
  }
  for (const l of bypass ?? []) if (!Number.isInteger(l) || l < 0 || l >= blocks.length) throw new UsageError(`Expected bypass to list block indices in 0..${blocks.length - 1}, but got ${l}.`);
}

/** The forward pass: stem, every block not bypassed (each stage perturbed where asked), head. */
function forwardStack(stack: Stack, x: Tensor, options: ForwardOptions = {}): ForwardResult {
  checkForwardOptions(stack, options);
  const { tf, stem, blocks, head } = stack.spec;
  const { perturb, bypass, intactStream } = options;
  const skipped = new Set(bypass ?? []);
  const addPerturbation = (h: Tensor, l: number) => (perturb === undefined ? h : tf.add(h, perturb[l]!));
  // Every stage up to the first bypassed block is the intact pass's: start there (with none, at the head).
  const start = intactStream === undefined ? 0 : Math.min(blocks.length, ...skipped);
  const { first, context: fromStem } = start > 0 && !('encode' in stem) ? { first: intactStream![0]!, context: undefined } : stack.run(x);
  const h0 = addPerturbation(first, 0);
  const reads = readsIn(stack, x, h0, fromStem);
  const stream = start > 0 ? intactStream!.slice(0, start + 1) : [h0];
  let h = stream[start]!;
  for (let l = start; l < blocks.length; l++) {
    h = addPerturbation(skipped.has(l) ? h : stack.apply(blocks[l]!)(h, reads), l + 1);
    stream.push(h);
  }
  return { out: head.apply(h), stream };
}

/**
 * A Model from a stem, a stack of blocks and a head: the stream, perturbation, bypass and per-block access
 * are written once here for every family that stacks blocks.
 */
export function stackModel<C>(spec: StackSpec<C>): Model;
// The blocks get what their C promises; inside, core only passes it on, so `unknown` serves every C.
export function stackModel(spec: StackSpec<unknown>): Model {
  const stack = stackOf(spec);
  const { tf, config, stem, blocks, head, task, stageShape, sharedWeights = false, tokens = false, graph, readsFrom } = spec;
  const { apply, scaled, checkIndex } = stack;
  const capabilities: Capabilities = {
    blocks: true,
    bypass: stack.oneShape,
    additive: blocks.every((b) => b.additive ?? b.merge.additive === true),
    sharedWeights,
    tokens,
    graph: graph !== undefined,
    sequence: readsFrom !== undefined,
  };
  // Shared blocks list the same variables: count each once.
  const params: Variable[] = [...new Set([...stem.params, ...blocks.flatMap((b) => b.params), ...head.params])];
  return {
    config,
    depth: blocks.length,
    ...(graph === undefined ? {} : { graph }),
    ...(readsFrom === undefined ? {} : { readsFrom }),
    params,
    task,
    capabilities,
    blockParams: (l) => checkIndex(l).params,
    streamShapes: (batchSize) => Array.from({ length: blocks.length + 1 }, (_, stage) => stageShape(batchSize, stage)),
    block: (l, input) => (h) => apply(checkIndex(l))(h, readsOf(stack, l, input)),
    branch: (l, input) => (h) => scaled(checkIndex(l))(h, readsOf(stack, l, input)),
    branchOnly: (l) => checkIndex(l).merge === skip.none,
    skipKind: (l) => checkIndex(l).merge.kind,
    ...(blocks.some((b) => b.parts !== undefined) ? { parts: (l: number, input?: Tensor) => (h: Tensor) => checkIndex(l).parts?.(h, readsOf(stack, l, input)) ?? {} } : {}),
    maps: (input) => mapsAt(stack, input),
    forward: (x, options) => forwardStack(stack, x, options),
    dispose() {
      tf.dispose(params);
    },
  };
}
