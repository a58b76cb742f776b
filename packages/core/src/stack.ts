import type { Block, Capabilities, ForwardOptions, ForwardResult, Layer, Model, ModelConfig, SkipRule, Task } from './block.js';
import type { Graph } from './graph.js';
import type { Tensor, TF, Variable } from './tf.js';
import { UsageError } from './errors.js';

/** The skip rules most families need; a plugin may pass its own (e.g. ReLU after the addition). */
export const skip = {
  /** `h + F(h)`: the identity path. */
  add: Object.assign((h: Tensor, f: Tensor) => h.add(f), { additive: true }) as SkipRule,
  /** `F(h)`: no skip, the `plain` ablation. */
  none: ((_h, f) => f) as SkipRule,
} as const;

export interface StackSpec {
  tf: TF;
  config: ModelConfig;
  stem: Layer;
  blocks: readonly Block[];
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
   * What each block reads from the model input besides the stream, one tensor per block, computed once per
   * forward pass from the input and `stream[0]` (a recurrent step reads its x_t, projected for all steps
   * in one matMul; an initial-residual layer reads stream[0] itself).
   */
  stepInputs?: (x: Tensor, first: Tensor) => Tensor[];
  /**
   * Block l's step input alone, for `block(l, input)` and `branch(l, input)`: a probe walking the blocks one
   * by one would otherwise compute every step's input for each block. @default stepInputs(x, first)[l]
   */
  stepInput?: (x: Tensor, first: Tensor, l: number) => Tensor;
  /** The graph every stage's nodes live on (see Capabilities.graph). */
  graph?: Graph;
}

/**
 * A Model from a stem, a stack of blocks and a head: the stream, perturbation, bypass and per-block access
 * are written once here for every family that stacks blocks.
 */
export function stackModel({ tf, config, stem, blocks, head, task, stageShape, sharedWeights = false, tokens = false, stepInputs, stepInput, graph }: StackSpec): Model {
  const scaled = (block: Block) => (h: Tensor, stepInput?: Tensor) => {
    const out = block.branch(h, stepInput);
    return config.branchScale === 1 ? out : tf.mul(out, config.branchScale);
  };
  const apply = (block: Block) => {
    const branch = scaled(block);
    return (h: Tensor, stepInput?: Tensor) => block.merge(h, branch(h, stepInput));
  };
  /** Block l's step input for a probe holding the model input: computed inside the caller's scope. */
  const stepInputOf = (l: number, input: Tensor | undefined) => {
    if (stepInputs === undefined) return undefined;
    if (input === undefined) throw new UsageError(`Block ${l} reads the model input, but none was passed: call block(${l}, input).`);
    const first = stem.apply(input);
    return stepInput === undefined ? stepInputs(input, first)[l] : stepInput(input, first, l);
  };
  const streamShapes = (batchSize: number) => Array.from({ length: blocks.length + 1 }, (_, stage) => stageShape(batchSize, stage));
  const oneShape = new Set(streamShapes(1).map((shape) => shape.join('x'))).size === 1;
  const capabilities: Capabilities = {
    blocks: true,
    bypass: oneShape,
    additive: blocks.every((b) => b.additive ?? b.merge.additive === true),
    sharedWeights,
    tokens,
    graph: graph !== undefined,
  };
  // Shared blocks list the same variables: count each once.
  const params: Variable[] = [...new Set([...stem.params, ...blocks.flatMap((b) => b.params), ...head.params])];
  const checkIndex = (l: number) => {
    if (!Number.isInteger(l) || l < 0 || l >= blocks.length) {
      throw new UsageError(`Expected a block index in 0..${blocks.length - 1}, but got ${l}.`);
    }
    return blocks[l]!;
  };

  return {
    config,
    depth: blocks.length,
    ...(graph === undefined ? {} : { graph }),
    params,
    task,
    capabilities,
    blockParams: (l) => checkIndex(l).params,
    streamShapes,
    block: (l, input) => (h) => apply(checkIndex(l))(h, stepInputOf(l, input)),
    branch: (l, input) => (h) => scaled(checkIndex(l))(h, stepInputOf(l, input)),
    ...(blocks.some((b) => b.parts !== undefined) ? { parts: (l: number, input?: Tensor) => (h: Tensor) => checkIndex(l).parts?.(h, stepInputOf(l, input)) ?? {} } : {}),
    forward(x: Tensor, { perturb, bypass }: ForwardOptions = {}): ForwardResult {
      if (perturb !== undefined && perturb.length !== blocks.length + 1) {
        throw new UsageError(`Expected ${blocks.length + 1} perturbations (one per stage), but got ${perturb.length}.`);
      }
      if (bypass !== undefined && bypass.length > 0 && !oneShape) {
        throw new UsageError(`Expected no bypass on this model (capabilities.bypass is false: its stages differ in shape), but got bypass [${bypass.join(', ')}].`);
      }
      const skipped = new Set(bypass ?? []);
      const addPerturbation = (h: Tensor, l: number) => (perturb === undefined ? h : tf.add(h, perturb[l]!));
      let h = addPerturbation(stem.apply(x), 0);
      const perBlock = stepInputs?.(x, h);
      const stream = [h];
      blocks.forEach((block, l) => {
        h = addPerturbation(skipped.has(l) ? h : apply(block)(h, perBlock?.[l]), l + 1);
        stream.push(h);
      });
      return { out: head.apply(h), stream };
    },
    dispose() {
      tf.dispose(params);
    },
  };
}
