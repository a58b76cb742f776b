import { fileURLToPath } from 'node:url';
import { API_VERSION, definePlugin, dense, firstTokenRecall, optionValue, skip, stackModel, type Architecture, type Block, type Layer, type Tensor } from '@skipbench/core';
import { gruClaims } from './claims.js';

const variants = {
  plain: { summary: 'vanilla tanh RNN, h_t = tanh(W x_t + U h_{t-1} + b): no skip through time (the ablation)', skips: ['none'] },
  gru: { summary: 'GRU as a gated residual: h_t = h_{t-1} + z_t ⊙ (h~_t − h_{t-1}) = (1 − z_t) h_{t-1} + z_t h~_t', skips: ['gated', 'additive'] },
  'residual-rnn': { summary: 'h_t = h_{t-1} + tanh(W x_t + U h_{t-1} + b): an identity path through time', skips: ['additive'] },
} as const;
type Variant = keyof typeof variants;

const GATE_BIAS = 'gate-bias';

/** What every step reads besides the state: its own input term. */
interface InputTerms {
  /** W x_t + b for step `t`, every gate's share side by side. */
  xt(t: number): Tensor;
}

export const gruRecurrent: Architecture = {
  id: 'gru.recurrent',
  version: '1',
  reference: fileURLToPath(new URL('../reference/gru_recurrent.py', import.meta.url)),
  summary: 'recurrent cells unrolled through time (depth = sequence length) on a first-token recall task',
  variants,
  defaults: { variant: 'gru', depth: 16, width: 32, inputSize: 8, norm: 'none', init: 'pytorch', branchScale: 1 },
  choices: { norm: ['none'], init: ['pytorch', 'glorot', 'he'] },
  inputSizeMeaning: 'symbols in the vocabulary (the sequence length is the depth)',
  task: { id: 'first-token-recall', summary: 'recall the first symbol of the sequence after the last step' },
  // The input is the symbol sequence, read after its last step.
  capabilities: { sequence: true },
  options: {
    [GATE_BIAS]: {
      summary: 'gru only: the update gate z starts with bias −b, so each step keeps about 1 − σ(−b) of the state (b = 2: 88%)',
      default: 0,
    },
  },
  build(config, context) {
    const { tf, params } = context;
    const { width: hidden, inputSize: vocabulary, depth: steps } = config;
    const variant = config.variant as Variant;
    const task = firstTokenRecall(tf, steps, vocabulary);
    const gates = variant === 'gru' ? 3 : 1;
    // All steps share one cell: input weights for every gate in one matrix, recurrent weights in another.
    const inputWeights = params.weight([vocabulary, gates * hidden], vocabulary, hidden);
    const recurrentWeights = params.weight([hidden, gates * hidden], hidden, hidden);
    // The update gate's bias is its own variable, so the gate-bias option can start it away from 0.
    const biases = variant === 'gru' ? [params.constant([hidden], -optionValue(gruRecurrent, config, GATE_BIAS)), params.constant([2 * hidden], 0)] : [params.constant([hidden], 0)];
    const cellParams = [inputWeights, recurrentWeights, ...biases];

    /** W x + b for rows of one-hot symbols `[rows, vocabulary]`. */
    const project = (symbols: Tensor) => tf.add(tf.matMul(symbols, inputWeights), tf.concat(biases));
    /** W x_t + b for every step in one matMul, or for step `forBlock` alone when a probe replays that step. */
    const inputTerms = (x: Tensor, _first: Tensor, forBlock?: number): InputTerms => {
      const symbols = forBlock === undefined ? x : tf.slice(x, [0, forBlock, 0], [-1, 1, -1]);
      const [batch, count] = symbols.shape as [number, number];
      const projected = project(tf.reshape(symbols, [batch * count, vocabulary]));
      // TF.js's unstack gradient fails for a single output (it hands stack() one tensor, not a list).
      const perStep = count === 1 ? [projected] : tf.unstack(tf.reshape(projected, [batch, count, gates * hidden]), 1);
      const from = forBlock ?? 0;
      return { xt: (t) => perStep[t - from] };
    };
    // One block per step, all on the cell's weights: step t reads its own x_t from the context.
    const gru = (t: number): Block<InputTerms> => ({
      // One matMul per step for all three gates: U h is split into its z, r and candidate parts.
      branch: (h, { xt }) => {
        const [inZ, inR, inCandidate] = tf.split(xt(t), 3, 1) as [Tensor, Tensor, Tensor];
        const [hZ, hR, hCandidate] = tf.split(tf.matMul(h, recurrentWeights), 3, 1) as [Tensor, Tensor, Tensor];
        const z = tf.sigmoid(tf.add(inZ, hZ));
        const r = tf.sigmoid(tf.add(inR, hR));
        const candidate = tf.tanh(tf.add(inCandidate, tf.mul(r, hCandidate)));
        return tf.mul(z, tf.sub(candidate, h));
      },
      merge: skip.add,
      params: cellParams,
    });
    const tanhCell = (t: number): Block<InputTerms> => ({
      branch: (h, { xt }) => tf.tanh(tf.add(xt(t), tf.matMul(h, recurrentWeights))),
      merge: variant === 'residual-rnn' ? skip.add : skip.none,
      params: cellParams,
    });
    const cell = variant === 'gru' ? gru : tanhCell;
    // h_0 = 0: stream[0] is the state before the first step.
    const stem: Layer = { apply: (x) => tf.zeros([x.shape[0]!, hidden]), params: [] };
    const head = dense(tf, params, hidden, vocabulary);
    return stackModel({
      tf,
      config,
      stem,
      blocks: Array.from({ length: steps }, (_, t) => cell(t)),
      head,
      task,
      stageShape: (batch) => [batch, hidden],
      context: inputTerms,
      readsFrom: steps - 1,
      // Not `sharedWeights`: the steps share weights, but each reads its own x_t, so more steps make a longer
      // sequence, not a finer discretisation of one map.
    });
  },
};

export default definePlugin({ apiVersion: API_VERSION, architectures: [gruRecurrent], claims: gruClaims });
