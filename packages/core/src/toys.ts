/**
 * `@skipbench/core/toys`: small architectures and models whose numbers a person can derive (linear chains,
 * a toy conv net, a token and a graph model), for tests of probes, the engine and the conformance kit.
 *
 * @packageDocumentation
 * @module @skipbench/core/toys
 */
import type { Architecture } from './architecture.js';
import type { Model } from './model.js';
import type { ModelConfig } from './config.js';
import type { Task } from './task.js';
import { conv2d, dense, globalAveragePool, normalization, relu, sequence } from './layers.js';
import { buildModel } from './build.js';
import { createParamFactory } from './params.js';
import { deriveSeed, seededRandom } from './random.js';
import { skip, stackModel } from './stack.js';
import { cycleGraph, gcnAdjacency, propagate } from './graph.js';
import { errorCorrectionTask, firstTokenRecall, softmaxClassification } from './tasks.js';
import { tf, type Tensor } from './tf.js';

export const FEATURES = 6;

function normalArray(size: number, seed: number): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/**
 * `h_{l+1} = m · h_l` with `m = a` (plain) or `1 + a` (residual), each block's `a` a trainable scalar
 * starting at `gain`, and the loss `L = Σ out ⊙ c`. Then `dL/dstream[l] = m^(L−l) c`, so
 * `‖dL/dstream[l]‖ = |m|^(L−l) ‖c‖` and, for plain, `dL/da_l = a^(L−1) ⟨c, x⟩`.
 */
/** L = Σ out ⊙ c with a fixed random c: dL/dout = c for every sample. */
export function linearReadoutTask(seed: number): Task {
  const c = normalArray(FEATURES, deriveSeed(seed, 'c'));
  return {
    id: 'linear-readout',
    summary: 'L = sum(out * c)',
    sample: (batch, dataSeed) =>
      tf.tidy(() => ({
        x: tf.tensor2d(normalArray(batch * FEATURES, deriveSeed(dataSeed, 'x')), [batch, FEATURES]),
        y: tf.tile(tf.tensor2d(c, [1, FEATURES]), [batch, 1]),
      })),
    loss: (out, y) => tf.sum(tf.mul(out, y)),
  };
}

/**
 * `h_{l+1} = m · h_l` with `m = a` (plain) or `1 + a` (residual), each block's `a` a trainable scalar
 * starting at `gain`, and the loss `L = Σ out ⊙ c`. Then `dL/dstream[l] = m^(L−l) c`, so
 * `‖dL/dstream[l]‖ = |m|^(L−l) ‖c‖` and, for plain, `dL/da_l = a^(L−1) ⟨c, x⟩`.
 */
export function linearChain(depth: number, gain: number, residual: boolean, seed = 7): Model {
  const params = createParamFactory(tf, 'glorot', seed);
  const task = linearReadoutTask(seed);
  const blocks = Array.from({ length: depth }, () => {
    const a = params.constant([], gain);
    return { branch: (h: Tensor) => tf.mul(h, a), merge: residual ? skip.add : skip.none, params: [a] };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: residual ? 'residual' : 'plain', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task, stageShape: (batch) => [batch, FEATURES] });
}

/**
 * `h_{l+1} = ReLU(a · h_l)` with a fixed `a > 0` and the linear readout task: a plain ReLU stack whose
 * positive entries are `a^l x` (the others 0 after one block), so a person can say at which stage float32's
 * forward signal rounds to zero; there the ReLU's gradient mask closes.
 */
export function reluChain(depth: number, gain: number, seed = 7): Model {
  const blocks = Array.from({ length: depth }, () => ({ branch: (h: Tensor) => tf.relu(tf.mul(h, gain)), merge: skip.none, params: [] }));
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: 'plain', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(seed), stageShape: (batch) => [batch, FEATURES] });
}

/**
 * `h_{l+1} = h_l + Σ_k a_k · h_l`, the branch's named parts the terms `a_k · h_l` (fixed gains by name), with
 * the linear readout task: `J_Fᵀg = (Σ_k a_k) g` and part k's VJP is `a_k g`.
 */
export function splitLinearChain(depth: number, gains: Readonly<Record<string, number>>, seed = 7): Model {
  const parts = (h: Tensor) => Object.fromEntries(Object.entries(gains).map(([name, a]) => [name, tf.mul(h, a)]));
  const blocks = Array.from({ length: depth }, () => ({ branch: (h: Tensor) => tf.addN(Object.values(parts(h))), merge: skip.add, params: [], parts }));
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: 'residual', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(seed), stageShape: (batch) => [batch, FEATURES] });
}

/**
 * A linear recurrence read at its last step: `h_0 = 0`, `h_{t+1} = a·h_t + x_t` over an input of `steps`
 * positions `[batch, steps, FEATURES]`, and `L = Σ h_T ⊙ c`. Then `h_T = Σ_t a^(T−1−t) x_t`, so
 * `dL/dx_t = a^(T−1−t) c` for every sample and `‖dL/dx_t‖ = |a|^(T−1−t) ‖c‖ √batch`.
 */
export function linearRecurrence(steps: number, gain: number, seed = 7): Model {
  const c = normalArray(FEATURES, deriveSeed(seed, 'c'));
  const task: Task = {
    id: 'linear-recurrence-readout',
    summary: 'L = sum(h_T * c)',
    sample: (batch, dataSeed) =>
      tf.tidy(() => ({
        x: tf.tensor3d(normalArray(batch * steps * FEATURES, deriveSeed(dataSeed, 'x')), [batch, steps, FEATURES]),
        y: tf.tile(tf.tensor2d(c, [1, FEATURES]), [batch, 1]),
      })),
    loss: (out, y) => tf.sum(tf.mul(out, y)),
  };
  const step = (t: number) => ({
    branch: (h: Tensor, x: Tensor) => tf.add(tf.mul(h, gain), tf.squeeze(tf.slice(x, [0, t, 0], [-1, 1, -1]), [1])),
    merge: skip.none,
    params: [],
  });
  const stem = { apply: (x: Tensor) => tf.zeros([x.shape[0]!, FEATURES]), params: [] };
  const identity = { apply: (h: Tensor) => h, params: [] };
  const config: ModelConfig = { variant: 'plain', depth: steps, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  return stackModel<Tensor>({
    tf,
    config,
    stem,
    blocks: Array.from({ length: steps }, (_, t) => step(t)),
    head: identity,
    task,
    stageShape: (batch) => [batch, FEATURES],
    context: (x) => x,
    readsFrom: steps - 1,
  });
}

/**
 * ReZero (Bachlechner et al. 2020): `h_{l+1} = h_l + α_l · h_l W_l` with each `α_l` a trainable scalar
 * starting at 0, so every stage equals the input `x`, `dL/dstream[l] = c`, `dL/dW_l = 0` exactly and
 * `dL/dα_l = Σ (x W_l) ⊙ c`: the block's only non-zero parameter gradient is a scalar's.
 */
export function rezeroChain(depth: number, seed = 7): Model {
  const params = createParamFactory(tf, 'glorot', seed);
  const task = linearReadoutTask(seed);
  const blocks = Array.from({ length: depth }, () => {
    const weight = params.weight([FEATURES, FEATURES], FEATURES, FEATURES);
    const alpha = params.constant([], 0);
    return { branch: (h: Tensor) => tf.mul(tf.matMul(h, weight), alpha), merge: skip.add, params: [weight, alpha] };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: 'rezero', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task, stageShape: (batch) => [batch, FEATURES] });
}

/** A small pre-activation conv net built from core's layers, on random images with random labels. */
export const toyConv: Architecture = {
  id: 'toy.conv',
  summary: 'pre-activation conv blocks on random 6x6 images',
  variants: { plain: { summary: 'no skip', skips: ['none'] }, residual: { summary: 'identity skip', skips: ['additive'] } },
  defaults: { variant: 'residual', depth: 3, width: 4, inputSize: 6, norm: 'batch', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none', 'batch'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'image side',
  task: { id: 'random-images', summary: 'random images, random labels' },
  build(config, { tf: t, params }) {
    const { width, inputSize: size, norm } = config;
    const task: Task = {
      id: 'random-images',
      summary: 'random images, random labels',
      sample: (batch, seed) => {
        const rng = seededRandom(deriveSeed(seed, 'labels'));
        const labels = Int32Array.from({ length: batch }, () => rng.int(3));
        return t.tidy(() => ({
          x: t.tensor4d(normalArray(batch * size * size * 2, deriveSeed(seed, 'images')), [batch, size, size, 2]),
          y: t.oneHot(t.tensor1d(labels, 'int32'), 3),
        }));
      },
      ...softmaxClassification(t, 3),
    };
    const blocks = Array.from({ length: config.depth }, () => {
      const branch = sequence(normalization(t, params, norm, width), relu(t), conv2d(t, params, 3, width, width));
      return { branch: branch.apply, merge: config.variant === 'plain' ? skip.none : skip.add, params: branch.params };
    });
    const stem = conv2d(t, params, 3, 2, width);
    const head = sequence(globalAveragePool(t), dense(t, params, width, 3));
    return stackModel({ tf: t, config, stem, blocks, head, task, stageShape: (batch) => [batch, size, size, width] });
  },
};

export function buildToyConv(overrides: Partial<ModelConfig> = {}): Model {
  return buildModel(toyConv, { ...toyConv.defaults, seed: 11, ...overrides });
}

/** `h ↦ merge(h, h·W)` for a fixed matrix W (its singular values known), with the linear readout task. */
export function linearMatrixChain(depth: number, matrix: number[][], residual: boolean, seed = 7): Model {
  const w = tf.tensor2d(matrix);
  const blocks = Array.from({ length: depth }, () => ({ branch: (h: Tensor) => tf.matMul(h, w), merge: residual ? skip.add : skip.none, params: [] }));
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: residual ? 'residual' : 'plain', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  const model = stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(seed), stageShape: (batch) => [batch, FEATURES] });
  return { ...model, dispose: () => w.dispose() };
}

/**
 * `h_{l+1} = h_l + (a / L)·h_l` with one shared scalar `a`: forward Euler for dh/dt = a·h, whose flow at
 * t = 1 is e^a; the L-step solution is (1 + a/L)^L. With `residual: false` it iterates h ↦ a·h instead.
 */
export function linearOde(gain: number, residual = true): Architecture {
  return {
    id: 'test.ode',
    summary: 'dh/dt = a·h by forward Euler',
    variants: { plain: { summary: 'h ↦ a·h, shared', skips: ['none'] }, euler: { summary: 'h + (a/L)·h, shared', skips: ['additive'] } },
    defaults: { variant: residual ? 'euler' : 'plain', depth: 4, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1 },
    choices: { norm: ['none'], init: ['glorot'] },
    inputSizeMeaning: 'unused',
    task: { id: 'linear-readout', summary: 'L = sum(out * c)' },
    build(config, { tf: t, params }) {
      const a = params.constant([], gain);
      const step = config.variant === 'euler' ? 1 / config.depth : 1;
      const block = { branch: (h: Tensor) => t.mul(h, t.mul(a, step)), merge: config.variant === 'euler' ? skip.add : skip.none, params: [a] };
      const identity = { apply: (x: Tensor) => x, params: [] };
      const task = linearReadoutTask(config.seed);
      return stackModel({
        tf: t,
        config,
        stem: identity,
        blocks: Array.from({ length: config.depth }, () => block),
        head: identity,
        task,
        stageShape: (batch) => [batch, FEATURES],
        sharedWeights: true,
      });
    },
  };
}

/**
 * Token streams `[batch, tokens, width]` whose blocks mix tokens by averaging: `F(h) = A·h·W` with
 * `A = 11ᵀ/T`. Every row of F(h) is the same, so `plain` (h ↦ F(h)) is rank one after one block
 * (distance exactly 0), and `residual` (h + F(h)) only adds identical rows: its distance from rank one,
 * ‖h − 1h̄ᵀ‖, stays what the stem gave while ‖h‖ grows, and its branch holds only frequency 0.
 */
export const toyTokens: Architecture = {
  id: 'toy.tokens',
  summary: 'token-averaging blocks on a first-token recall task',
  variants: { plain: { summary: 'F(h) = A·h·W', skips: ['none'] }, residual: { summary: 'h + A·h·W', skips: ['additive'] } },
  defaults: { variant: 'residual', depth: 3, width: 4, inputSize: 8, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot'] },
  inputSizeMeaning: 'tokens',
  task: { id: 'first-token-recall', summary: 'recall the first token' },
  capabilities: { tokens: true },
  build(config, { tf: t, params }) {
    const { width, inputSize: tokens } = config;
    const vocabulary = 3;
    const task = firstTokenRecall(t, tokens, vocabulary);
    const average = t.fill([tokens, tokens], 1 / tokens);
    const blocks = Array.from({ length: config.depth }, () => {
      const w = params.weight([width, width], width, width);
      const mix = (h: Tensor) => {
        const [batch] = h.shape as [number];
        const mixed = t.matMul(t.tile(t.expandDims(average, 0), [batch, 1, 1]), h);
        return t.reshape(t.matMul(t.reshape(mixed, [batch * tokens, width]), w), [batch, tokens, width]);
      };
      return { branch: mix, merge: config.variant === 'plain' ? skip.none : skip.add, params: [w], parts: (h: Tensor) => ({ mixing: mix(h) }) };
    });
    const stem = dense(t, params, vocabulary, width);
    const head = sequence({ apply: (h) => t.mean(h, 1), params: [] }, dense(t, params, width, vocabulary));
    const model = stackModel({ tf: t, config, stem, blocks, head, task, stageShape: (batch) => [batch, tokens, width], tokens: true });
    return {
      ...model,
      dispose: () => {
        model.dispose();
        average.dispose();
      },
    };
  },
};

export function buildToyTokens(overrides: Partial<ModelConfig> = {}): Model {
  return buildModel(toyTokens, { ...toyTokens.defaults, seed: 11, ...overrides });
}

/** GCN layers on a cycle, `h ↦ merge(h, ReLU(Â h W))`, with random node features and labels. */
export const toyGraph: Architecture = {
  id: 'toy.graph',
  summary: 'GCN layers on a cycle',
  variants: { plain: { summary: 'ReLU(Â h W)', skips: ['none'] }, residual: { summary: 'h + ReLU(Â h W)', skips: ['additive'] } },
  defaults: { variant: 'residual', depth: 3, width: 4, inputSize: 10, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot'] },
  inputSizeMeaning: 'nodes',
  task: { id: 'random-nodes', summary: 'random features and labels per node, the same every draw' },
  capabilities: { graph: true },
  build(config, { tf: t, params }) {
    const { width, inputSize: nodes } = config;
    const graph = cycleGraph(nodes);
    const adjacency = gcnAdjacency(graph);
    // One fixed draw, as in transductive node classification: training can fit it, so the loss falls.
    const task: Task = {
      id: 'random-nodes',
      summary: 'random features and labels per node, the same every draw',
      sample: () => {
        const rng = seededRandom(deriveSeed(config.seed, 'labels'));
        const labels = Int32Array.from({ length: nodes }, () => rng.int(2));
        return t.tidy(() => ({ x: t.tensor2d(normalArray(nodes * 3, deriveSeed(config.seed, 'x')), [nodes, 3]), y: t.oneHot(t.tensor1d(labels, 'int32'), 2) }));
      },
      ...softmaxClassification(t, 2),
    };
    const blocks = Array.from({ length: config.depth }, () => {
      const w = params.weight([width, width], width, width);
      return { branch: (h: Tensor) => t.relu(t.matMul(propagate(t, adjacency, h), w)), merge: config.variant === 'plain' ? skip.none : skip.add, params: [w] };
    });
    return stackModel({ tf: t, config, stem: dense(t, params, 3, width), blocks, head: dense(t, params, width, 2), task, stageShape: () => [nodes, width], graph });
  },
};

export function buildToyGraph(overrides: Partial<ModelConfig> = {}): Model {
  return buildModel(toyGraph, { ...toyGraph.defaults, seed: 11, ...overrides });
}

/**
 * A linear two-class classifier: `depth` residual blocks `h + a·h` (so the last stage is (1 + a)^L x) and the
 * head `h·W` with a fixed FEATURES × 2 matrix W, on standard-normal inputs labelled by the sign of x_0. The
 * logit margin of a sample of class y is z_y − z_o = (1 + a)^L ⟨x, W_y − W_o⟩: linear in x.
 */
export function linearClassifier(depth: number, gain: number, head: number[][], seed = 7): Model {
  const params = createParamFactory(tf, 'glorot', seed);
  const w = tf.tensor2d(head);
  const task: Task = {
    id: 'sign-of-first-feature',
    summary: 'class 0 where x_0 > 0, else class 1',
    sample: (batch, dataSeed) => {
      const x = normalArray(batch * FEATURES, deriveSeed(dataSeed, 'x'));
      const labels = Int32Array.from({ length: batch }, (_, n) => (x[n * FEATURES]! > 0 ? 0 : 1));
      return tf.tidy(() => ({ x: tf.tensor2d(x, [batch, FEATURES]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2) }));
    },
    ...softmaxClassification(tf, 2),
  };
  const blocks = Array.from({ length: depth }, () => {
    const a = params.constant([], gain);
    return { branch: (h: Tensor) => tf.mul(h, a), merge: skip.add, params: [a] };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: 'residual', depth, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed };
  const model = stackModel({ tf, config, stem: identity, blocks, head: { apply: (h) => tf.matMul(h, w), params: [] }, task, stageShape: (batch) => [batch, FEATURES] });
  return { ...model, dispose: () => tf.dispose([w, ...model.params]) };
}

/**
 * One residual block `h + g·F(h)` with `F(h) = −P_⊥ h`, P_⊥ the orthogonal projector onto the error subspace
 * of the error-correction task (FEATURES dimensions, clean subspace of `signalDimension`), and a trainable gain
 * g: F(ε) = −g·ε on errors and F(s) = 0 on clean signals. At g = 1 the network is the projector onto the clean
 * subspace and its loss (and every gradient) is 0.
 */
export function projectorCorrector(gain = 1, signalDimension = 2, seed = 7): Model {
  const params = createParamFactory(tf, 'glorot', seed);
  const task = errorCorrectionTask(tf, FEATURES, signalDimension, seed);
  // P_⊥ = I − Σ_j q_j q_jᵀ over the clean basis.
  const projector = Array.from({ length: FEATURES }, (_, i) =>
    Array.from({ length: FEATURES }, (_, j) => (i === j ? 1 : 0) - task.cleanBasis.reduce((sum, q) => sum + q[i]! * q[j]!, 0)),
  );
  const minusProjector = tf.neg(tf.tensor2d(projector));
  const g = params.constant([], gain);
  const block = { branch: (h: Tensor) => tf.mul(tf.matMul(h, minusProjector), g), merge: skip.add, params: [g] };
  const identity = { apply: (x: Tensor) => x, params: [] };
  const config: ModelConfig = { variant: 'residual', depth: 1, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed, task: 'error-correction' };
  const model = stackModel({ tf, config, stem: identity, blocks: [block], head: identity, task, stageShape: (batch) => [batch, FEATURES] });
  return { ...model, dispose: () => tf.dispose([minusProjector, g]) };
}
