import { graphOf, pathStatistics, withShortcuts } from '../graph.js';
import { defineProbe, MeasurementBuilder } from '../probe.js';
import { deriveSeed, seededRandom } from '../random.js';

/** Shortcut counts to add: 0, 1, 2, 4, … up to a quarter of the nodes. */
const shortcutCounts = (nodes: number) => [0, ...Array.from({ length: Math.floor(Math.log2(Math.max(1, nodes / 4))) + 1 }, (_, k) => 2 ** k)];

/**
 * The message horizon's yardstick: the average shortest-path length of the model's input graph, and how it
 * falls as random shortcuts are added (Watts–Strogatz): fewer hops for a message to cross the graph.
 */
export const graphPaths = defineProbe({
  id: 'graph-paths',
  summary: 'average shortest-path length and diameter of the input graph, and their fall as random shortcuts are added',
  requires: ['graph'],
  headline: ['average-path-length', 'diameter'],
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
    const builder = new MeasurementBuilder()
      .series('shortcuts', counts, 'edges')
      .series('average-path-length-by-shortcuts', stats.map((s) => s.averageLength), 'hops')
      .series('diameter-by-shortcuts', stats.map((s) => s.diameter), 'hops')
      .metric('nodes', graph.nodes, 'nodes')
      .metric('edges', graph.edges.length, 'edges')
      .metric('average-path-length', stats[0]!.averageLength, 'hops')
      .metric('diameter', stats[0]!.diameter, 'hops')
      .metric('average-path-length-most-shortcuts', stats[stats.length - 1]!.averageLength, 'hops');
    if (stats[0]!.disconnectedPairs > 0) builder.note(`${stats[0]!.disconnectedPairs} ordered node pairs have no path; averages are over connected pairs`);
    return builder.note('shortcuts: random edges between non-adjacent nodes, added cumulatively from the seed').build();
  },
});
