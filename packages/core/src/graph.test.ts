import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backends/index.js';
import { gcnAdjacency, pathStatistics, propagate, withShortcuts } from './graph.js';
import type { ProbeContext } from './probe.js';
import { graphPaths } from './probes/graph-paths.js';
import { horizon } from './probes/horizon.js';
import { smoothing, smoothingStatistics } from './probes/smoothing.js';
import { seededRandom } from './random.js';
import { buildToyGraph, cycleGraph, pathGraph } from './test-architectures.js';
import { tf } from './tf.js';

const context: ProbeContext = {
  tf,
  seed: 5,
  settings: { batch: 1, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 },
  rebuild: (overrides) => buildToyGraph(overrides),
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('shortest paths', () => {
  it.each([2, 5, 10, 31])('a path of %i nodes has average length (n + 1) / 3 and diameter n − 1', (n) => {
    const stats = pathStatistics(pathGraph(n));
    expect(stats.averageLength).toBeCloseTo((n + 1) / 3, 12);
    expect(stats.diameter).toBe(n - 1);
    expect(stats.disconnectedPairs).toBe(0);
  });

  it.each([5, 9, 6, 20])('a cycle of %i nodes has average length (n + 1) / 4 (odd) or n² / (4(n − 1)) (even)', (n) => {
    const expected = n % 2 === 1 ? (n + 1) / 4 : (n * n) / (4 * (n - 1));
    expect(pathStatistics(cycleGraph(n)).averageLength).toBeCloseTo(expected, 12);
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
    const stats = smoothingStatistics(pathGraph(3))([1, 0, -1], 1);
    expect(stats.squaredNorm).toBe(2);
    expect(stats.energy).toBeCloseTo(1, 12);
    // Top eigenvector √d̃ / ‖√d̃‖ = [√2, √3, √2] / √7 is orthogonal to h.
    expect(stats.topShare).toBeCloseTo(0, 12);
  });

  it('propagate computes Â·h by gather and segment sum, as the dense matrix does', () => {
    const adjacency = gcnAdjacency(pathGraph(3));
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
});

describe('graph probes on GCN layers over a cycle', () => {
  it('smoothing: plain ReLU(ÂhW) layers drive the normalised energy down, one value per stage', async () => {
    const model = buildToyGraph({ variant: 'plain', depth: 6, inputSize: 12 });
    const { series, labels } = await smoothing.run(model, context);
    expect(series['normalised-energy']).toHaveLength(7);
    expect(series['normalised-energy']![6]!).toBeLessThan(series['normalised-energy']![0]!);
    expect(['smoothing', 'over-smoothing', 'holding']).toContain(labels.regime);
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
});
