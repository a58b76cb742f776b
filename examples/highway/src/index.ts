/**
 * A third-party plugin, written only against @skipbench/core's public API: Highway networks
 * (Srivastava, Greff & Schmidhuber 2015), `y = T(h)·F(h) + (1 − T(h))·h` with a learned transform gate T.
 * A negative gate bias starts every block close to the identity (carry), which is what let 100-layer
 * highway nets train before residual networks.
 */
import { API_VERSION, defineClaim, definePlugin, dense, deriveSeed, seededRandom, skip, softmaxClassification, stackModel, type Architecture, type BenchmarkDefinition, type Block, type BuildContext, type ModelConfig, type Task, type Tensor } from '@skipbench/core';
import { GATE_OPENNESS, gateOpenness } from './gate-openness.js';

/** Gate bias at initialisation: sigmoid(−2) ≈ 0.12, so a fresh block carries 88% of its input. */
export { GATE_OPENNESS, gateOpenness };

export const GATE_BIAS = -2;
const CLASSES = 4;

function highwayBlock(config: ModelConfig, { tf, params }: BuildContext): Block {
  const transform = dense(tf, params, config.width, config.width);
  const branch = (h: Tensor) => tf.relu(transform.apply(h));
  if (config.variant === 'plain') return { branch, merge: skip.none, params: transform.params };
  const gateWeight = params.weight([config.width, config.width], config.width, config.width);
  const gateBias = params.constant([config.width], GATE_BIAS);
  const gate = (h: Tensor) => tf.sigmoid(tf.add(tf.matMul(h, gateWeight), gateBias));
  return {
    branch,
    merge: skip.rule('gated', (h, f) => {
      const t = gate(h);
      return tf.add(tf.mul(t, f), tf.mul(tf.sub(1, t), h));
    }),
    // The gate T(h) as a named part, so a probe (gate-openness) can read it without knowing this block.
    parts: (h) => ({ gate: gate(h) }),
    params: [...transform.params, gateWeight, gateBias],
  };
}

function projectionTask(tf: BuildContext['tf'], features: number): Task {
  return {
    id: 'projection-classes',
    summary: `${CLASSES}-way argmax of a fixed random projection of Gaussian inputs`,
    sample(batchSize, seed) {
      const data = seededRandom(deriveSeed(seed, 'highway-data'));
      const fixed = seededRandom(deriveSeed(0, 'highway-projection', features));
      const x = Float32Array.from({ length: batchSize * features }, () => data.normal());
      const m = Float32Array.from({ length: features * CLASSES }, () => fixed.normal());
      return tf.tidy(() => {
        const inputs = tf.tensor2d(x, [batchSize, features]);
        const labels = tf.argMax(tf.matMul(inputs, tf.tensor2d(m, [features, CLASSES])), 1);
        return { x: inputs, y: tf.oneHot(labels, CLASSES) };
      });
    },
    // The uniform prediction's cross-entropy, ln CLASSES.
    ...softmaxClassification(tf, CLASSES),
  };
}

export const highwayDense: Architecture = {
  id: 'highway.dense',
  summary: 'fully connected highway blocks (transform gate, carry bias −2) on a projection-classification task',
  variants: {
    plain: { summary: 'relu(W h + b): no carry path (the ablation)', skips: ['none'] },
    highway: { summary: 'T(h)·relu(W h + b) + (1 − T(h))·h, T = sigmoid(W_T h + b_T), b_T = −2', skips: ['gated'] },
  },
  defaults: { variant: 'highway', depth: 8, width: 16, inputSize: 16, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'input features',
  // Neither variant is h + F(h) (the gate mixes h and F), so benchmarks leave out paths and bound for it.
  capabilities: { additive: false },
  task: { id: 'projection-classes', summary: `${CLASSES}-way argmax of a fixed random projection of Gaussian inputs` },
  build(config, context) {
    const { tf, params } = context;
    const stem = dense(tf, params, config.inputSize, config.width);
    const blocks = Array.from({ length: config.depth }, () => highwayBlock(config, context));
    const head = dense(tf, params, config.width, CLASSES);
    return stackModel({
      tf,
      config,
      stem,
      blocks,
      head,
      task: projectionTask(tf, config.inputSize),
      stageShape: (batch) => [batch, config.width],
    });
  },
};

/**
 * How open the gates are per block over the depth sweep (the `depth` benchmark has the gradient they let
 * through). Other families get `not-applicable`: they have no gate.
 */
export const highwayGates: BenchmarkDefinition = {
  id: 'highway-gates',
  summary: 'transform-gate openness per block over a depth sweep',
  probes: [gateOpenness.id],
  sweep: 'depths',
  sweepRegimes: [],
};

/** The claim its probe decides: a highway block starts near the identity, as a residual one does. */
export const gatesStartClosed = defineClaim(GATE_OPENNESS, {
  id: 'highway-gates-start-closed',
  statement: 'A highway net starts close to the identity: its transform gates are mostly closed (mean openness ≤ 0.5), so deep stacks carry their input.',
  probe: gateOpenness.id,
  rule: { kind: 'each', test: { op: 'at-most', metric: GATE_OPENNESS.metrics.mean, value: 0.5 } },
  shows: [GATE_OPENNESS.metrics.lastBlock],
  families: ['highway'],
});

export default definePlugin({ apiVersion: API_VERSION, architectures: [highwayDense], probes: [gateOpenness], benchmarks: [highwayGates], claims: [gatesStartClosed] });
