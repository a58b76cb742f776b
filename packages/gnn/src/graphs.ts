import type { Graph, Rng } from '@skipbench/core';

/** Classes of the node classification task: SBM blocks, or contiguous quarters of the other graphs. */
export const CLASSES = 4;

/** Stochastic block model: CLASSES equal blocks, expected degree ~8 inside a block and ~2 across. */
export function stochasticBlockModel(nodes: number, rng: Rng): Graph {
  const block = (i: number) => Math.floor((i * CLASSES) / nodes);
  const size = nodes / CLASSES;
  const [inside, across] = [Math.min(1, 8 / size), Math.min(1, 2 / (nodes - size))];
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < nodes; i++) {
    for (let j = i + 1; j < nodes; j++) if (rng.next() < (block(i) === block(j) ? inside : across)) edges.push([i, j]);
  }
  return { nodes, edges };
}

/** Ring lattice: each node joined to its `k` nearest neighbours on each side. */
export function ringLattice(nodes: number, k = 2): Graph {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < nodes; i++) for (let step = 1; step <= k && step < nodes - step + 1; step++) edges.push([i, (i + step) % nodes]);
  return { nodes, edges };
}

/** Watts–Strogatz: the ring lattice with each edge's far end rewired to a random node with probability p. */
export function wattsStrogatz(nodes: number, rng: Rng, k = 2, p = 0.1): Graph {
  const present = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const edges = ringLattice(nodes, k).edges.map(([a, b]) => {
    if (rng.next() < p) {
      const target = rng.int(nodes);
      if (target !== a && !present.has(key(a, target))) b = target;
    }
    present.add(key(a, b));
    return [a, b] as [number, number];
  });
  return { nodes, edges };
}

/** Class of each node: its SBM block, or its quarter of the node indices (contiguous along rings and chains). */
export function nodeClass(i: number, nodes: number): number {
  return Math.floor((i * CLASSES) / nodes);
}
