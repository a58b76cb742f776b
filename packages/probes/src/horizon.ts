import { defineNames, graphOf, hopDistances, neighbours, defineProbe, MeasurementBuilder, deriveSeed, randomSubset, seededRandom, type Tensor, readBack } from '@skipbench/core';
import { normalTensor } from './jacobian.js';

/** Target nodes whose receptive field is measured. */
const TARGETS = 4;
/** Share of the influence that defines the reach. */
const REACH_SHARE = 0.9;

/** Stages 1, 2, 4, … and the last: the horizon's growth on a log scale, one backward pass per target each. */
const measuredStages = (depth: number) => [...new Set([...Array.from({ length: Math.floor(Math.log2(depth)) + 1 }, (_, k) => 2 ** k), depth])].filter((s) => s >= 1 && s <= depth);

/** The names `horizon` writes in its results. */
export const HORIZON = defineNames({
  metrics: {
    meanHopLast: { name: 'mean-hop-last', unit: 'hops' },
    reach90Last: { name: 'reach-90-last', unit: 'hops' },
    targets: { name: 'targets', unit: 'nodes' },
  },
  series: {
    meanHop: { name: 'mean-hop', unit: 'hops' },
    reach90: { name: 'reach-90', unit: 'hops' },
    influenceShareByHop: { name: 'influence-share-by-hop', unit: '1' },
    influenceByHop: { name: 'influence-by-hop', unit: '1' },
  },
});
const { metrics: M, series: S } = HORIZON;

/**
 * The message horizon: how much node j's input moves node i's state, ‖uᵀ ∂h_i/∂x_j‖ for a random unit u,
 * as a function of the hop distance between them, stage by stage. Reports the influence-weighted mean hop
 * distance and the hops holding 90% of the influence.
 */
export const horizon = defineProbe({
  id: 'horizon',
  version: '1',
  summary: 'influence ‖∂h_i/∂x_j‖ of node inputs on node states by hop distance, per stage: mean hop and 90% reach',
  requires: ['graph'],
  names: HORIZON,
  headline: [M.meanHopLast, M.reach90Last],
  async run(model, { tf, seed, settings }) {
    const graph = graphOf(model);
    const lists = neighbours(graph);
    const rng = seededRandom(deriveSeed(seed, 'horizon'));
    const targets = randomSubset(rng, graph.nodes, Math.min(TARGETS, graph.nodes));
    const distances = targets.map((t) => hopDistances(lists, t));
    const maxHop = Math.max(...distances.flatMap((d) => Array.from(d)));
    const stages = measuredStages(model.depth);
    const meanHop: Array<number | null> = new Array(model.depth + 1).fill(null);
    const reach: Array<number | null> = new Array(model.depth + 1).fill(null);
    let shareByHop: number[] = [];
    let influenceByHop: number[] = [];
    const { x, y } = model.task.sample(settings.batch, seed);
    try {
      for (const stage of stages) {
        const share = new Array<number>(maxHop + 1).fill(0);
        const absolute = new Array<number>(maxHop + 1).fill(0);
        const pairs = new Array<number>(maxHop + 1).fill(0);
        const influences = await readBack(tf, () =>
          targets.map((target) => {
            const u = normalTensor(tf, [1, model.streamShapes(1)[stage]!.at(-1)!], deriveSeed(seed, 'horizon', stage, target));
            const unit = tf.div(u, tf.norm(u));
            const grad = tf.grad((input: Tensor) => tf.sum(tf.mul(tf.slice(model.forward(input).stream[stage]!, [target, 0], [1, -1]), unit)))(x);
            return tf.norm(grad, 'euclidean', 1);
          }),
        );
        targets.forEach((_target, k) => {
          const influence = Array.from(influences[k]!);
          const total = influence.reduce((a, b) => a + b, 0);
          influence.forEach((value, node) => {
            const hop = distances[k]![node]!;
            if (hop < 0) return;
            share[hop]! += total > 0 ? value / total / targets.length : 0;
            absolute[hop]! += value;
            pairs[hop]!++;
          });
        });
        meanHop[stage] = share.reduce((sum, s, hop) => sum + s * hop, 0);
        const cumulative = share.map((_, hop) => share.slice(0, hop + 1).reduce((a, b) => a + b, 0));
        reach[stage] = cumulative.findIndex((c) => c >= REACH_SHARE - 1e-9);
        shareByHop = share;
        influenceByHop = absolute.map((a, hop) => (pairs[hop]! > 0 ? a / pairs[hop]! : 0));
      }
    } finally {
      tf.dispose([x, y]);
    }
    return new MeasurementBuilder(HORIZON)
      .series(S.meanHop, meanHop)
      .series(S.reach90, reach)
      .series(S.influenceShareByHop, shareByHop)
      .series(S.influenceByHop, influenceByHop)
      .metric(M.meanHopLast, meanHop[model.depth]!)
      .metric(M.reach90Last, reach[model.depth]!)
      .metric(M.targets, targets.length)
      .note(
        `influence of x_j on h_i: ‖uᵀ ∂h_i/∂x_j‖ for a random unit u, over ${targets.length} random target nodes; ` +
          `${S.meanHop} and ${S.reach90} (hops holding ${REACH_SHARE * 100}% of it) at stages ${stages.join(', ')} (null elsewhere); ` +
          `*-by-hop at the last stage, indexed by hop distance (${S.influenceByHop}: mean over node pairs at that distance)`,
      )
      .build();
  },
});
