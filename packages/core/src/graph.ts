import type { Tensor, TF } from './tf.js';
import type { Rng } from './random.js';
import { SkipbenchError } from './errors.js';

/** An undirected graph on nodes 0…nodes−1; each edge listed once. */
export interface Graph {
  readonly nodes: number;
  readonly edges: ReadonlyArray<readonly [number, number]>;
}

/** A sparse matrix as (target, source, weight) triples: `(M h)[target] += weight · h[source]`. */
export interface SparseMatrix {
  readonly size: number;
  readonly targets: Int32Array;
  readonly sources: Int32Array;
  readonly weights: Float32Array;
}

/** Neighbour lists (each edge both ways, no self-loops, duplicates removed). */
export function neighbours(graph: Graph): number[][] {
  const sets = Array.from({ length: graph.nodes }, () => new Set<number>());
  for (const [a, b] of graph.edges) {
    if (a === b) continue;
    sets[a]!.add(b);
    sets[b]!.add(a);
  }
  return sets.map((s) => [...s].sort((x, y) => x - y));
}

/**
 * Â = D̃^{-1/2} (A + I) D̃^{-1/2}, the GCN propagation matrix (Kipf & Welling 2017): self-loops added, then
 * symmetric degree normalisation. Its top eigenvalue is 1, with eigenvector √d̃ on each connected component.
 */
export function gcnAdjacency(graph: Graph): SparseMatrix {
  const lists = neighbours(graph);
  const degree = lists.map((l) => l.length + 1);
  const targets: number[] = [];
  const sources: number[] = [];
  const weights: number[] = [];
  lists.forEach((list, i) => {
    for (const j of [i, ...list]) {
      targets.push(i);
      sources.push(j);
      weights.push(1 / Math.sqrt(degree[i]! * degree[j]!));
    }
  });
  return { size: graph.nodes, targets: Int32Array.from(targets), sources: Int32Array.from(sources), weights: Float32Array.from(weights) };
}

/**
 * Up to this many nodes M·h is one dense matMul: on wasm, gather + segment sum and their gradients (a
 * LogicalAnd mask per call) cost ~9× the whole GCN train step's matMuls, while a dense [n, n] matrix of this
 * size is at most 4 MiB.
 */
export const DENSE_PROPAGATION_MAX_NODES = 1024;

const denseMatrices = new WeakMap<SparseMatrix, Float32Array>();

/** M as a dense row-major [size, size] array (duplicate entries summed, as the segment sum sums them). */
function denseOf(matrix: SparseMatrix): Float32Array {
  let dense = denseMatrices.get(matrix);
  if (dense === undefined) {
    dense = new Float32Array(matrix.size * matrix.size);
    for (let k = 0; k < matrix.weights.length; k++) dense[matrix.targets[k]! * matrix.size + matrix.sources[k]!]! += matrix.weights[k]!;
    denseMatrices.set(matrix, dense);
  }
  return dense;
}

/**
 * M·h for node features h `[nodes, features]`: a dense matMul for graphs up to DENSE_PROPAGATION_MAX_NODES,
 * otherwise gather the sources, weight them, segment-sum into the targets.
 */
export function propagate(tf: TF, matrix: SparseMatrix, h: Tensor): Tensor {
  return tf.tidy(() => {
    if (matrix.size <= DENSE_PROPAGATION_MAX_NODES) return tf.matMul(tf.tensor2d(denseOf(matrix), [matrix.size, matrix.size]), h);
    const messages = tf.mul(tf.gather(h, tf.tensor1d(matrix.sources, 'int32')), tf.tensor2d(matrix.weights, [matrix.weights.length, 1]));
    return tf.unsortedSegmentSum(messages, tf.tensor1d(matrix.targets, 'int32'), matrix.size);
  });
}

export function hopDistances(lists: readonly number[][], source: number): Int32Array {
  const distance = new Int32Array(lists.length).fill(-1);
  distance[source] = 0;
  const queue = [source];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of lists[node]!) {
      if (distance[next] === -1) {
        distance[next] = distance[node]! + 1;
        queue.push(next);
      }
    }
  }
  return distance;
}

export interface PathStatistics {
  /** Mean hop distance over ordered pairs of distinct, connected nodes. */
  averageLength: number;
  diameter: number;
  /** Ordered pairs of distinct nodes with no path between them. */
  disconnectedPairs: number;
}

/** All-pairs shortest paths by one BFS per node: O(nodes · (nodes + edges)). */
export function pathStatistics(graph: Graph): PathStatistics {
  const lists = neighbours(graph);
  let total = 0;
  let pairs = 0;
  let diameter = 0;
  let disconnectedPairs = 0;
  for (let source = 0; source < graph.nodes; source++) {
    for (const [node, d] of hopDistances(lists, source).entries()) {
      if (node === source) continue;
      if (d < 0) {
        disconnectedPairs++;
        continue;
      }
      total += d;
      pairs++;
      diameter = Math.max(diameter, d);
    }
  }
  return { averageLength: pairs === 0 ? 0 : total / pairs, diameter, disconnectedPairs };
}

/** A chain (path) 0–1–…–(n−1): n − 1 hops end to end, the longest average path for its node count. */
export function chainGraph(nodes: number): Graph {
  return { nodes, edges: Array.from({ length: nodes - 1 }, (_, i) => [i, i + 1] as const) };
}

/** A cycle (ring) of `nodes` nodes: node i joined to i + 1 (mod nodes). */
export function cycleGraph(nodes: number): Graph {
  return { nodes, edges: Array.from({ length: nodes }, (_, i) => [i, (i + 1) % nodes] as const) };
}

/**
 * The graph with `count` extra edges between random pairs of not yet adjacent nodes whose indices differ
 * by at least `minSeparation` (1: any two distinct nodes; on a chain, how far apart in sequence a staple
 * joins residues). Stops early when no such pair is left.
 */
export function withShortcuts(graph: Graph, count: number, rng: Rng, minSeparation = 1): Graph {
  const separation = Math.max(1, minSeparation);
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const far = (a: number, b: number) => Math.abs(a - b) >= separation;
  const present = new Set(graph.edges.map(([a, b]) => key(a, b)));
  const edges = [...graph.edges];
  // Pairs i < j with j − i = d number n − d, so those at least s apart number Σ_{d=s}^{n−1} (n − d) = (n − s)(n − s + 1)/2.
  const gap = Math.max(0, graph.nodes - separation);
  const possible = (gap * (gap + 1)) / 2;
  let taken = new Set(graph.edges.filter(([a, b]) => far(a, b)).map(([a, b]) => key(a, b))).size;
  for (let added = 0; added < count && taken < possible; ) {
    const [a, b] = [rng.int(graph.nodes), rng.int(graph.nodes)];
    if (!far(a, b) || present.has(key(a, b))) continue;
    present.add(key(a, b));
    edges.push([a, b]);
    taken++;
    added++;
  }
  return { nodes: graph.nodes, edges };
}

/** Connected components, as a component index per node. */
export function components(lists: readonly number[][]): Int32Array {
  const component = new Int32Array(lists.length).fill(-1);
  let next = 0;
  for (let start = 0; start < lists.length; start++) {
    if (component[start] !== -1) continue;
    for (const [node, d] of hopDistances(lists, start).entries()) if (d >= 0) component[node] = next;
    next++;
  }
  return component;
}

/** The graph of a model that declares `capabilities.graph`, for the probes that need it. */
export function graphOf(model: { readonly graph?: Graph | undefined }): Graph {
  if (model.graph === undefined) throw new SkipbenchError('Expected a model declaring capabilities.graph to have a graph, but model.graph is undefined.', 'plugin');
  return model.graph;
}
