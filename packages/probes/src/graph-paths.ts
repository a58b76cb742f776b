import { defineNames, chainGraph, graphOf, pathStatistics, withShortcuts, type Graph, defineProbe, MeasurementBuilder, deriveSeed, seededRandom, type Rng } from '@skipbench/core';

/** Shortcut counts to add: 0, 1, 2, 4, … up to a quarter of the nodes. */
const shortcutCounts = (nodes: number) => [0, ...Array.from({ length: Math.floor(Math.log2(Math.max(1, nodes / 4))) + 1 }, (_, k) => 2 ** k)];

/** The seed's small-world example: a chain of 101 neurons, 100 hops end to end. */
export const EXAMPLE_NODES = 101;

/**
 * Closed forms of the average shortest path over ordered (equivalently unordered) pairs of distinct nodes.
 * Chain of n nodes: n − d pairs at distance d, so Σ_d d(n − d) / (n(n − 1)/2) = (n + 1)/3 (34 for 101).
 * Ring of n nodes: from any node ⌊(n − 1)/2⌋ distances appear twice (and n/2 once when n is even), which sums
 * to ⌊n²/4⌋ over n − 1 other nodes: (n + 1)/4 for odd n (25.5 for 101), n²/(4(n − 1)) for even n.
 */
export const chainAveragePathLength = (nodes: number) => (nodes + 1) / 3;
export const ringAveragePathLength = (nodes: number) => Math.floor((nodes * nodes) / 4) / (nodes - 1);

/** Staples join residues at least a quarter of the chain apart in sequence (the disulfide-bond analogy). */
const stapleSeparation = (nodes: number) => Math.ceil(nodes / 4);

/** The names `graph-paths` writes in its results. */
export const GRAPH_PATHS = defineNames({
  metrics: {
    nodes: { name: 'nodes', unit: 'nodes' },
    edges: { name: 'edges', unit: 'edges' },
    averagePathLength: { name: 'average-path-length', unit: 'hops' },
    diameter: { name: 'diameter', unit: 'hops' },
    averagePathLengthMostShortcuts: { name: 'average-path-length-most-shortcuts', unit: 'hops' },
    exampleNodes: { name: 'example-nodes', unit: 'nodes' },
    exampleChain: { name: 'example-chain-average-path-length', unit: 'hops' },
    exampleChainClosedForm: { name: 'example-chain-closed-form', unit: 'hops' },
    exampleChainRelativeDifference: { name: 'example-chain-relative-difference', unit: '1' },
    exampleRing: { name: 'example-ring-average-path-length', unit: 'hops' },
    exampleRingClosedForm: { name: 'example-ring-closed-form', unit: 'hops' },
    exampleRingRelativeDifference: { name: 'example-ring-relative-difference', unit: '1' },
    stapleSeparation: { name: 'staple-min-separation', unit: 'hops' },
  },
  series: {
    shortcuts: { name: 'shortcuts', unit: 'edges' },
    averagePathLengthByShortcuts: { name: 'average-path-length-by-shortcuts', unit: 'hops' },
    diameterByShortcuts: { name: 'diameter-by-shortcuts', unit: 'hops' },
    staples: { name: 'staples', unit: 'edges' },
    averagePathLengthByStaples: { name: 'average-path-length-by-staples', unit: 'hops' },
    diameterByStaples: { name: 'diameter-by-staples', unit: 'hops' },
    relativeToChainByStaples: { name: 'relative-to-chain-by-staples', unit: '1' },
  },
});
const { metrics: M, series: S } = GRAPH_PATHS;

/** Path statistics of `graph` with 0, then `counts[k]` in all, shortcuts at least `minSeparation` apart, added cumulatively from `rng`. */
function statisticsByShortcuts(graph: Graph, counts: readonly number[], rng: Rng, minSeparation = 1) {
  let current = graph;
  return counts.map((count, k) => {
    current = withShortcuts(current, count - (k === 0 ? 0 : counts[k - 1]!), rng, minSeparation);
    return pathStatistics(current);
  });
}

/**
 * The message horizon's yardstick: the average shortest-path length of the model's input graph, and how it
 * falls as random shortcuts are added (Watts–Strogatz): fewer hops for a message to cross the graph. Beside
 * it, the seed's example measured against its closed forms: a chain of 101 nodes, the ring one shortcut
 * between its ends makes of it, and the chain with k staples joining residues far apart in sequence.
 */
export const graphPaths = defineProbe({
  id: 'graph-paths',
  version: '1',
  summary: 'average shortest-path length and diameter of the input graph, and their fall as random shortcuts are added',
  requires: ['graph'],
  names: GRAPH_PATHS,
  headline: [M.averagePathLength, M.diameter],
  async run(model, { seed }) {
    const graph = graphOf(model);
    const counts = shortcutCounts(graph.nodes);
    // Shortcuts accumulate, so each count's graph contains the previous one's.
    const stats = statisticsByShortcuts(graph, counts, seededRandom(deriveSeed(seed, 'graph-paths')));
    const chain = chainGraph(EXAMPLE_NODES);
    const exampleChain = pathStatistics(chain).averageLength;
    const exampleRing = pathStatistics({ nodes: EXAMPLE_NODES, edges: [...chain.edges, [0, EXAMPLE_NODES - 1]] }).averageLength;
    const [chainClosedForm, ringClosedForm] = [chainAveragePathLength(EXAMPLE_NODES), ringAveragePathLength(EXAMPLE_NODES)];
    const stapleCounts = shortcutCounts(EXAMPLE_NODES);
    const separation = stapleSeparation(EXAMPLE_NODES);
    const staples = statisticsByShortcuts(chain, stapleCounts, seededRandom(deriveSeed(seed, 'graph-paths', 'staples')), separation);
    const builder = new MeasurementBuilder(GRAPH_PATHS)
      .series(S.shortcuts, counts)
      .series(S.averagePathLengthByShortcuts, stats.map((s) => s.averageLength))
      .series(S.diameterByShortcuts, stats.map((s) => s.diameter))
      .metric(M.nodes, graph.nodes)
      .metric(M.edges, graph.edges.length)
      .metric(M.averagePathLength, stats[0]!.averageLength)
      .metric(M.diameter, stats[0]!.diameter)
      .metric(M.averagePathLengthMostShortcuts, stats[stats.length - 1]!.averageLength)
      .metric(M.exampleNodes, EXAMPLE_NODES)
      .metric(M.exampleChain, exampleChain)
      .metric(M.exampleChainClosedForm, chainClosedForm)
      .metric(M.exampleChainRelativeDifference, (exampleChain - chainClosedForm) / chainClosedForm)
      .metric(M.exampleRing, exampleRing)
      .metric(M.exampleRingClosedForm, ringClosedForm)
      .metric(M.exampleRingRelativeDifference, (exampleRing - ringClosedForm) / ringClosedForm)
      .metric(M.stapleSeparation, separation)
      .series(S.staples, stapleCounts)
      .series(S.averagePathLengthByStaples, staples.map((s) => s.averageLength))
      .series(S.diameterByStaples, staples.map((s) => s.diameter))
      .series(S.relativeToChainByStaples, staples.map((s) => s.averageLength / exampleChain));
    if (stats[0]!.disconnectedPairs > 0) builder.note(`${stats[0]!.disconnectedPairs} ordered node pairs have no path; averages are over connected pairs`);
    return builder
      .note('shortcuts: random edges between non-adjacent nodes, added cumulatively from the seed')
      .note(
        `example-*: the seed's chain of ${EXAMPLE_NODES} nodes (${EXAMPLE_NODES - 1} hops end to end), whatever the model's graph, and the ring one ` +
          `shortcut between its first and last node makes of it; averages over pairs of distinct nodes, closed forms (n + 1)/3 and ⌊n²/4⌋/(n − 1); ` +
          `staples: random edges of that chain joining nodes at least ${separation} apart in sequence (n/4), added cumulatively from the seed (no closed form)`,
      )
      .build();
  },
});
