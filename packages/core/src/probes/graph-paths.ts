import { graphOf, pathStatistics, withShortcuts } from '../graph.js';
import { defineProbe, MeasurementBuilder, type MeasurementNames } from '../probe.js';
import { deriveSeed, seededRandom } from '../random.js';

/** Shortcut counts to add: 0, 1, 2, 4, … up to a quarter of the nodes. */
const shortcutCounts = (nodes: number) => [0, ...Array.from({ length: Math.floor(Math.log2(Math.max(1, nodes / 4))) + 1 }, (_, k) => 2 ** k)];

/** The names `graph-paths` writes in its results. */
export const GRAPH_PATHS = {
  metrics: {
    nodes: 'nodes',
    edges: 'edges',
    averagePathLength: 'average-path-length',
    diameter: 'diameter',
    averagePathLengthMostShortcuts: 'average-path-length-most-shortcuts',
  },
  series: { shortcuts: 'shortcuts', averagePathLengthByShortcuts: 'average-path-length-by-shortcuts', diameterByShortcuts: 'diameter-by-shortcuts' },
} as const satisfies MeasurementNames;
const { metrics: M, series: S } = GRAPH_PATHS;

/**
 * The message horizon's yardstick: the average shortest-path length of the model's input graph, and how it
 * falls as random shortcuts are added (Watts–Strogatz): fewer hops for a message to cross the graph.
 */
export const graphPaths = defineProbe({
  id: 'graph-paths',
  summary: 'average shortest-path length and diameter of the input graph, and their fall as random shortcuts are added',
  requires: ['graph'],
  headline: [M.averagePathLength, M.diameter],
  async run(model, { seed }) {
    const graph = graphOf(model);
    const counts = shortcutCounts(graph.nodes);
    const rng = seededRandom(deriveSeed(seed, 'graph-paths'));
    // Shortcuts accumulate, so each count's graph contains the previous one's.
    let current = graph;
    const stats = counts.map((count, k) => {
      current = withShortcuts(current, count - (k === 0 ? 0 : counts[k - 1]!), rng);
      return pathStatistics(current);
    });
    const builder = new MeasurementBuilder(GRAPH_PATHS)
      .series(S.shortcuts, counts, 'edges')
      .series(S.averagePathLengthByShortcuts, stats.map((s) => s.averageLength), 'hops')
      .series(S.diameterByShortcuts, stats.map((s) => s.diameter), 'hops')
      .metric(M.nodes, graph.nodes, 'nodes')
      .metric(M.edges, graph.edges.length, 'edges')
      .metric(M.averagePathLength, stats[0]!.averageLength, 'hops')
      .metric(M.diameter, stats[0]!.diameter, 'hops')
      .metric(M.averagePathLengthMostShortcuts, stats[stats.length - 1]!.averageLength, 'hops');
    if (stats[0]!.disconnectedPairs > 0) builder.note(`${stats[0]!.disconnectedPairs} ordered node pairs have no path; averages are over connected pairs`);
    return builder.note('shortcuts: random edges between non-adjacent nodes, added cumulatively from the seed').build();
  },
});
