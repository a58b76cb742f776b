import { API_VERSION, chainGraph, definePlugin, dense, deriveSeed, gcnAdjacency, optionValue, propagate, seededRandom, skip, stackModel, withShortcuts, type Architecture, type Block, type Graph, type ModelConfig, type Scalar, type Task, type Tensor, type TF } from '@skipbench/core';
import { fileURLToPath } from 'node:url';
import { CLASSES, nodeClass, ringLattice, stochasticBlockModel, wattsStrogatz } from './graphs.js';
import { gnnClaims } from './claims.js';

/** Input features per node: a weak one-hot hint of the class under unit Gaussian noise. */
const FEATURES = 8;
const SIGNAL = 0.5;

const variants = {
  plain: { summary: 'ReLU(Â h W): GCN layers with no skip (the ablation)', skips: ['none'] },
  residual: { summary: 'h + ReLU(Â h W): a residual GCN layer', skips: ['additive'] },
  'initial-residual': { summary: 'ReLU(((1 − α) Â h + α h_0)((1 − β) I + β W)): GCNII, an initial residual and an identity map', skips: ['gated'] },
} as const;
type Variant = keyof typeof variants;

/** What every GCNII layer reads besides its input: the initial representation. */
interface InitialResidual {
  /** stream[0], the embedded node features. */
  h0: Tensor;
}

const graphs = {
  sbm: 'stochastic block model, 4 blocks (expected degree ~8 inside a block, ~2 across)',
  ring: 'ring lattice, each node joined to 2 neighbours on each side; classes are quarters of the ring',
  'watts-strogatz': 'the ring lattice with 10% of edges rewired at random (small world)',
  chain: 'a path through every node; classes are quarters of the chain',
} as const;
type GraphId = keyof typeof graphs;

function makeGraph(id: GraphId, config: ModelConfig, shortcuts: number): Graph {
  const nodes = config.inputSize;
  const rng = seededRandom(deriveSeed(config.seed, 'graph', id, nodes));
  const base = id === 'sbm' ? stochasticBlockModel(nodes, rng) : id === 'ring' ? ringLattice(nodes) : id === 'watts-strogatz' ? wattsStrogatz(nodes, rng) : chainGraph(nodes);
  return withShortcuts(base, shortcuts, rng);
}

/**
 * Transductive node classification on one graph: features fixed by the graph's seed, half the nodes
 * (chosen from the seed) labelled for training and the other half held out. `y` holds one-hot labels on the
 * split's nodes and zero rows elsewhere, so the loss and accuracy count only those nodes.
 */
function nodeClassification(tf: TF, id: GraphId, graph: Graph, seed: number): Task {
  const rng = seededRandom(deriveSeed(seed, 'node-features', id, graph.nodes));
  const features = Float32Array.from({ length: graph.nodes * FEATURES }, (_, k) => {
    const [node, f] = [Math.floor(k / FEATURES), k % FEATURES];
    return (f === nodeClass(node, graph.nodes) ? SIGNAL : 0) + rng.normal();
  });
  const inTrainSplit = Array.from({ length: graph.nodes }, () => rng.next() < 0.5);
  const labelled = (y: Tensor) => tf.sum(y, 1);
  return {
    id,
    summary: `${CLASSES}-way node classification on a ${graphs[id]}, ${graph.nodes} nodes`,
    sample(_batchSize, _seed, split = 'train') {
      const labels = new Float32Array(graph.nodes * CLASSES);
      for (let i = 0; i < graph.nodes; i++) if (inTrainSplit[i] === (split === 'train')) labels[i * CLASSES + nodeClass(i, graph.nodes)] = 1;
      return tf.tidy(() => ({ x: tf.tensor2d(features, [graph.nodes, FEATURES]), y: tf.tensor2d(labels, [graph.nodes, CLASSES]) }));
    },
    loss: (out, y) => tf.losses.softmaxCrossEntropy(y, out, labelled(y)) as Scalar,
    // Classes are contiguous blocks of nodes, as many of each: the uniform prediction scores ln CLASSES per labelled node.
    chanceLoss: Math.log(CLASSES),
    accuracy: (out, y) =>
      tf.tidy(() => {
        const mask = labelled(y);
        const correct = tf.mul(tf.cast(tf.equal(tf.argMax(out, -1), tf.argMax(y, -1)), 'float32'), mask);
        return tf.div(tf.sum(correct), tf.maximum(tf.sum(mask), 1)) as Scalar;
      }),
  };
}

export const gcn: Architecture = {
  id: 'gnn.gcn',
  version: '1',
  reference: fileURLToPath(new URL('../reference/gnn_gcn.py', import.meta.url)),
  summary: 'graph convolution layers (GCN normalised aggregation by gather + segment sum) on seeded graphs',
  variants,
  defaults: { variant: 'residual', depth: 8, width: 32, inputSize: 200, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'nodes of the graph',
  task: { id: 'sbm', summary: `${CLASSES}-way node classification on a ${graphs.sbm}` },
  tasks: { ring: graphs.ring, 'watts-strogatz': graphs['watts-strogatz'], chain: graphs.chain },
  capabilities: { graph: true },
  options: {
    alpha: { summary: 'initial-residual only: weight α of h_0 in each layer', default: 0.1, min: 0, max: 1 },
    beta: { summary: 'initial-residual only: weight β of W against the identity map', default: 0.5, min: 0, max: 1 },
    shortcuts: { summary: 'random extra edges added to the graph (seeded)', default: 0, min: 0, integer: true },
  },
  build(config, context) {
    const { tf, params } = context;
    const { width } = config;
    const variant = config.variant as Variant;
    const graphId = (config.task ?? 'sbm') as GraphId;
    const graph = makeGraph(graphId, config, optionValue(gcn, config, 'shortcuts'));
    const adjacency = gcnAdjacency(graph);
    const [alpha, beta] = [optionValue(gcn, config, 'alpha'), optionValue(gcn, config, 'beta')];
    const blocks = Array.from({ length: config.depth }, (): Block<InitialResidual> => {
      const weight = params.weight([width, width], width, width);
      if (variant === 'initial-residual') {
        return {
          branch: (h, { h0 }) => {
            const mixed = tf.add(tf.mul(propagate(tf, adjacency, h), 1 - alpha), tf.mul(h0, alpha));
            return tf.relu(tf.add(tf.mul(mixed, 1 - beta), tf.mul(tf.matMul(mixed, weight), beta)));
          },
          merge: skip.none,
          params: [weight],
        };
      }
      return { branch: (h) => tf.relu(tf.matMul(propagate(tf, adjacency, h), weight)), merge: variant === 'residual' ? skip.add : skip.none, params: [weight] };
    });
    return stackModel({
      tf,
      config,
      stem: dense(tf, params, FEATURES, width),
      blocks,
      head: dense(tf, params, width, CLASSES),
      task: nodeClassification(tf, graphId, graph, config.seed),
      stageShape: () => [graph.nodes, width],
      graph,
      // Every GCNII layer reads h_0 = stream[0] (its perturbation included, like every other path from it).
      ...(variant === 'initial-residual' ? { context: (_x: Tensor, h0: Tensor) => ({ h0 }) } : {}),
    });
  },
};

export default definePlugin({ apiVersion: API_VERSION, architectures: [gcn], claims: gnnClaims });
