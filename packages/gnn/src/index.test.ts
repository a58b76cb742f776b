import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, chainGraph, pathStatistics, tf, validatePlugin, type Model, type ModelConfig, type ProbeContext } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { smoothing } from '@skipbench/probes';
import plugin, { gcn } from './index.js';
import { ringLattice } from './graphs.js';

function build(overrides: Partial<ModelConfig>): Model {
  return buildModel(gcn, { ...gcn.defaults, width: 8, inputSize: 40, depth: 3, seed: 5, ...overrides });
}

const context: ProbeContext = {
  tf,
  seed: 3,
  settings: { batch: 1, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 },
  rebuild: (overrides) => build(overrides),
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('gnn.gcn', () => {
  it('is a valid plugin with a plain ablation', () => {
    expect(validatePlugin(plugin)).toEqual([]);
    expect(Object.keys(gcn.variants)).toEqual(['plain', 'residual', 'initial-residual']);
  });

  it('generates the graphs it names: a chain of n nodes has n − 1 edges, a ring lattice 2n', () => {
    expect(pathStatistics(chainGraph(30)).averageLength).toBeCloseTo(31 / 3, 12);
    expect(ringLattice(30).edges).toHaveLength(60);
  });

  it('the same seed gives the same graph; shortcuts add exactly that many edges', () => {
    const edges = (overrides: Partial<ModelConfig>) => {
      const model = build(overrides);
      const count = model.graph!.edges.length;
      model.dispose();
      return count;
    };
    expect(edges({})).toBe(edges({}));
    expect(edges({ task: 'chain', options: { shortcuts: 5 } })).toBe(39 + 5);
  });

  it('labels each split on its own nodes: train and held-out rows never overlap and cover every node', () => {
    const model = build({});
    const rows = (split: 'train' | 'held-out') => tf.tidy(() => Array.from(tf.sum(model.task.sample(1, 1, split).y, 1).dataSync()));
    const [train, heldOut] = [rows('train'), rows('held-out')];
    expect(train.map((t, i) => t + heldOut[i]!)).toEqual(new Array(train.length).fill(1));
    model.dispose();
  });

  it('every GCNII layer reads h_0 = stream[0]: with α = 1 and β = 0 each one is ReLU(h_0), perturbation included', () => {
    const model = build({ variant: 'initial-residual', options: { alpha: 1, beta: 0 } });
    tf.tidy(() => {
      const { x } = model.task.sample(1, 1);
      const read = (t: tf.Tensor) => Array.from(t.dataSync());
      const first = model.forward(x).stream[0];
      const perturb = model.streamShapes(1).map((shape, l) => (l === 0 ? tf.fill(shape, 0.5) : tf.zeros(shape)));
      const { stream } = model.forward(x, { perturb });
      const reluOf = (h: tf.Tensor) => read(tf.relu(h)).map((v) => expect.closeTo(v, 6));
      expect(stream.slice(1).map(read)).toEqual([1, 2, 3].map(() => reluOf(tf.add(first, 0.5))));
      // Replayed alone, a layer reads the h_0 of x itself, whatever it is given.
      expect(read(model.block(2, x)(stream[2]))).toEqual(reluOf(first));
    });
    model.dispose();
  });

  it('tells the over-smoothing regimes apart at depth 24: plain collapses, residual smooths while growing, GCNII holds', async () => {
    const regime = async (variant: string) => {
      const model = build({ variant, depth: 24, inputSize: 80 });
      const { labels } = await smoothing.run(model, context);
      model.dispose();
      return labels.regime;
    };
    expect(await regime('plain')).toBe('over-smoothing');
    expect(await regime('residual')).toBe('smoothing');
    expect(await regime('initial-residual')).toBe('holding');
  });
});
