import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Model, type ModelConfig, type Task, chainGraph, cycleGraph, DENSE_PROPAGATION_MAX_NODES, gcnAdjacency, pathStatistics, propagate, withShortcuts, type ProbeContext, seededRandom, skip, stackModel, tf, type Tensor } from '@skipbench/core';
import { graphPaths } from './graph-paths.js';
import { horizon } from './horizon.js';
import { smoothing, smoothingStatistics } from './smoothing.js';
import { buildToyGraph } from '@skipbench/core/toys';

const context: ProbeContext = {
  tf,
  seed: 5,
  settings: { batch: 1, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 },
  rebuild: (overrides) => buildToyGraph(overrides),
};

/** `depth` blocks h ↦ gain·Âh (no weights, no skip) on a 6-cycle, fed the one-feature signal `h0`. */
function propagationChain(depth: number, gain: number, h0: readonly number[]): Model {
  const graph = cycleGraph(6);
  const adjacency = gcnAdjacency(graph);
  const config: ModelConfig = { variant: 'plain', depth, width: 1, inputSize: 6, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 };
  const identity = { apply: (x: Tensor) => x, params: [] };
  const blocks = Array.from({ length: depth }, () => ({ branch: (h: Tensor) => tf.mul(propagate(tf, adjacency, h), gain), merge: skip.none, params: [] }));
  const task: Task = {
    id: 'fixed-signal',
    summary: 'h0 on every node, no labels',
    sample: () => tf.tidy(() => ({ x: tf.tensor2d([...h0], [6, 1]), y: tf.zeros([6, 1]) })),
    loss: (out, y) => tf.sum(tf.mul(out, y)),
  };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task, stageShape: () => [6, 1], graph });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('shortest paths', () => {
  it.each([2, 5, 10, 31])('a path of %i nodes has average length (n + 1) / 3 and diameter n − 1', (n) => {
    const stats = pathStatistics(chainGraph(n));
    expect(stats.averageLength).toBeCloseTo((n + 1) / 3, 12);
    expect(stats.diameter).toBe(n - 1);
    expect(stats.disconnectedPairs).toBe(0);
  });

  it.each([5, 9, 6, 20])('a cycle of %i nodes has average length (n + 1) / 4 (odd) or n² / (4(n − 1)) (even)', (n) => {
    const expected = n % 2 === 1 ? (n + 1) / 4 : (n * n) / (4 * (n - 1));
    expect(pathStatistics(cycleGraph(n)).averageLength).toBeCloseTo(expected, 12);
  });

  it('adds shortcuts only between nodes at least minSeparation apart, and stops when none is left', () => {
    // On a 6-chain the pairs at least 4 apart are (0, 4), (0, 5), (1, 5): (6 − 4)(6 − 4 + 1)/2 = 3.
    const stapled = withShortcuts(chainGraph(6), 5, seededRandom(2), 4);
    expect(stapled.edges.slice(5).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]).sort()).toEqual([[0, 4], [0, 5], [1, 5]]);
    // An 8-chain's only pair 7 apart is its two ends: the staple closes the ring, 8² / (4 · 7) = 16/7.
    expect(pathStatistics(withShortcuts(chainGraph(8), 1, seededRandom(2), 7)).averageLength).toBeCloseTo(16 / 7, 12);
  });

  it('counts disconnected pairs and never adds an edge twice', () => {
    const twoPieces = { nodes: 4, edges: [[0, 1], [2, 3]] as const };
    expect(pathStatistics(twoPieces)).toEqual({ averageLength: 1, diameter: 1, disconnectedPairs: 8 });
    const complete = withShortcuts(twoPieces, 100, seededRandom(1));
    expect(complete.edges).toHaveLength(6);
    expect(pathStatistics(complete).averageLength).toBe(1);
  });
});

describe('Dirichlet energy', () => {
  it('of a constant signal on a cycle (every degree equal) is 0, and all of it is on the top eigenvector', () => {
    const stats = smoothingStatistics(cycleGraph(7))(new Array(7 * 2).fill(3), 2);
    expect(stats.energy).toBeCloseTo(0, 10);
    expect(stats.squaredNorm).toBeCloseTo(7 * 2 * 9, 10);
    expect(stats.topShare).toBeCloseTo(1, 12);
  });

  it('of h = [1, 0, −1] on the path 0–1–2 is 1: ‖h‖² = 2 minus hᵀÂh = Â₀₀ + Â₂₂ = 1/2 + 1/2', () => {
    const stats = smoothingStatistics(chainGraph(3))([1, 0, -1], 1);
    expect(stats.squaredNorm).toBe(2);
    expect(stats.energy).toBeCloseTo(1, 12);
    // Top eigenvector √d̃ / ‖√d̃‖ = [√2, √3, √2] / √7 is orthogonal to h.
    expect(stats.topShare).toBeCloseTo(0, 12);
  });

  it('propagate computes Â·h with the dense matrix on small graphs', () => {
    const adjacency = gcnAdjacency(chainGraph(3));
    const h = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const dense = [
      [1 / 2, 1 / Math.sqrt(6), 0],
      [1 / Math.sqrt(6), 1 / 3, 1 / Math.sqrt(6)],
      [0, 1 / Math.sqrt(6), 1 / 2],
    ];
    const expected = dense.map((row) => [0, 1].map((f) => row.reduce((sum, a, j) => sum + a * h[j]![f]!, 0)));
    const actual = tf.tidy(() => propagate(tf, adjacency, tf.tensor2d(h)).arraySync() as number[][]);
    for (const [i, v] of actual.flat().entries()) expect(v).toBeCloseTo(expected.flat()[i]!, 5);
  });

  it('propagate computes Â·h by gather and segment sum past DENSE_PROPAGATION_MAX_NODES nodes', () => {
    // On a chain, row i of Â·h is Σ_j h_j / √(d̃_i d̃_j) over j ∈ {i − 1, i, i + 1}, d̃ = 2 at the ends, 3 inside.
    const nodes = DENSE_PROPAGATION_MAX_NODES + 1;
    const h = Array.from({ length: nodes }, (_, i) => Math.sin(i));
    const degree = (i: number) => (i === 0 || i === nodes - 1 ? 2 : 3);
    const expected = h.map((_, i) => [i - 1, i, i + 1].filter((j) => j >= 0 && j < nodes).reduce((sum, j) => sum + h[j]! / Math.sqrt(degree(i) * degree(j)), 0));
    const actual = tf.tidy(() => propagate(tf, gcnAdjacency(chainGraph(nodes)), tf.tensor2d(h, [nodes, 1])).dataSync());
    for (const i of [0, 1, 500, nodes - 1]) expect(actual[i]).toBeCloseTo(expected[i]!, 5);
  });
});

describe('graph probes on GCN layers over a cycle', () => {
  // On a cycle every degree is 2, so Â = (A + I)/3, with eigenvector 1 (λ = 1) and v_i = cos(πi/3) on 6 nodes
  // (λ = (1 + 2cos(π/3))/3 = 2/3, ‖v‖² = 3, (I − Â)v = v/3, Σv = 0). Blocks h ↦ g·Âh from h_0 = 1 + v give
  // h_l = g^l (1 + (2/3)^l v): energy (2g/3)^(2l) = (4g²/9)^l, ‖h_l‖² = g^(2l) (6 + 3 (4/9)^l), normalised
  // energy (4/9)^l / (6 + 3 (4/9)^l). Over blocks 2..4 that loses log10(0.00638/0.02996)/2 = −0.34 decades
  // per block (below −0.03: decaying) whatever g; the absolute energy at depth 4, (4g²/9)^4, ends above its
  // start 1 when g = 2 (smoothing) and below it when g = 1 (over-smoothing). From h_0 = v alone the
  // normalised energy stays 1/3 (holding).
  const v = Array.from({ length: 6 }, (_, i) => Math.cos((Math.PI * i) / 3));
  it.each([
    ['g = 1 from 1 + v: over-smoothing', 1, v.map((x) => 1 + x), 'over-smoothing', (l: number) => (4 / 9) ** l / (6 + 3 * (4 / 9) ** l), (l: number) => (4 / 9) ** l],
    ['g = 2 from 1 + v: smoothing', 2, v.map((x) => 1 + x), 'smoothing', (l: number) => (4 / 9) ** l / (6 + 3 * (4 / 9) ** l), (l: number) => (16 / 9) ** l],
    ['g = 1 from v: holding', 1, v, 'holding', () => 1 / 3, (l: number) => (4 / 9) ** l],
  ] as const)('smoothing: Â-propagation on a 6-cycle, %s', async (_name, gain, h0, regime, normalised, energy) => {
    const model = propagationChain(4, gain, h0);
    const { series, labels } = await smoothing.run(model, context);
    expect(labels.regime).toBe(regime);
    const expectedNormalised = [0, 1, 2, 3, 4].map(normalised);
    const expectedEnergy = [0, 1, 2, 3, 4].map(energy);
    expect(series['normalised-energy']).toHaveLength(5);
    for (const [l, value] of series['normalised-energy']!.entries()) expect(value!).toBeCloseTo(expectedNormalised[l]!, 5);
    for (const [l, value] of series.energy!.entries()) expect(value! / expectedEnergy[l]!).toBeCloseTo(1, 4);
    model.dispose();
  });

  it('horizon: after l layers on a cycle nothing beyond l hops has influence, and the first layer reaches 1 hop', async () => {
    const model = buildToyGraph({ variant: 'residual', depth: 3, inputSize: 16 });
    const { series } = await horizon.run(model, context);
    const share = series['influence-share-by-hop']!;
    expect(share.slice(4).every((s) => s === 0)).toBe(true);
    expect(share.slice(0, 4).reduce((a, b) => a! + b!, 0)).toBeCloseTo(1, 5);
    expect(series['reach-90']![1]!).toBeLessThanOrEqual(1);
    expect(series['mean-hop']![3]!).toBeGreaterThan(series['mean-hop']![1]!);
    model.dispose();
  });

  it("graph-paths: the model's cycle has the closed-form average length, and shortcuts shorten it", async () => {
    const model = buildToyGraph({ inputSize: 16 });
    const { metrics, series } = await graphPaths.run(model, context);
    expect(metrics['average-path-length']).toBeCloseTo((16 * 16) / (4 * 15), 12);
    expect(series['average-path-length-by-shortcuts']!.at(-1)!).toBeLessThan(metrics['average-path-length']!);
    model.dispose();
  });

  it("graph-paths: the seed's chain of 101 nodes averages 34 hops, the ring its shortcut makes 25.5, and staples shorten it", async () => {
    const model = buildToyGraph({ inputSize: 16 });
    const { metrics, series } = await graphPaths.run(model, context);
    model.dispose();
    // Over pairs of distinct nodes: chain (n + 1)/3 = 102/3 = 34; ring of odd n (n + 1)/4 = 102/4 = 25.5 (the
    // even-n formula n²/(4(n − 1)) would give 10201/400 = 25.5025). Integer sums over 10 100 pairs: exact.
    expect(metrics['example-nodes']).toBe(101);
    expect(metrics['example-chain-average-path-length']).toBe(34);
    expect(metrics['example-chain-closed-form']).toBe(34);
    expect(metrics['example-chain-relative-difference']).toBe(0);
    expect(metrics['example-ring-average-path-length']).toBe(25.5);
    expect(metrics['example-ring-closed-form']).toBe(25.5);
    expect(metrics['example-ring-relative-difference']).toBe(0);
    // Staples 0, 1, 2, 4, 8, 16 (up to a quarter of the nodes), each joining nodes ⌈101/4⌉ = 26 or more apart.
    expect(metrics['staple-min-separation']).toBe(26);
    expect(series.staples).toEqual([0, 1, 2, 4, 8, 16]);
    const lengths = series['average-path-length-by-staples']! as number[];
    expect(lengths[0]).toBe(34);
    // A new edge joins two nodes not yet adjacent, so at least their distance falls to 1: strictly shorter.
    for (let k = 1; k < lengths.length; k++) expect(lengths[k]!).toBeLessThan(lengths[k - 1]!);
    for (const [k, ratio] of series['relative-to-chain-by-staples']!.entries()) expect(ratio!).toBeCloseTo(lengths[k]! / 34, 12);
  });
});
