import { defineNames, components, graphOf, neighbours, type Graph, defineProbe, MeasurementBuilder, readBack } from '@skipbench/core';
import { decayPerBlock, DECAYING_LOG10_PER_BLOCK } from './rank-collapse.js';

export interface SmoothingStatistics {
  /** ‖H‖²_F. */
  squaredNorm: number;
  /** Dirichlet energy trace(Hᵀ(I − Â)H), Â the GCN propagation matrix. */
  energy: number;
  /** Share of ‖H‖² on the top eigenvectors of Â (√d̃ on each connected component: eigenvalue 1). */
  topShare: number;
}

/**
 * Smoothing statistics of node features `[nodes, features]` (row-major values) on `graph`, in float64; the
 * graph's degrees and components are worked out once, for every stage measured. The energy is summed as
 * Σ over edges of ‖h_i/√d̃_i − h_j/√d̃_j‖² (equal to trace(Hᵀ(I − Â)H), d̃ the degree with the self-loop):
 * non-negative terms, so no cancellation floor, however small the energy gets.
 */
export function smoothingStatistics(graph: Graph): (values: ArrayLike<number>, features: number) => SmoothingStatistics {
  const lists = neighbours(graph);
  const degree = lists.map((list) => list.length + 1);
  const root = degree.map(Math.sqrt);
  const component = components(lists);
  const count = Math.max(...component) + 1;
  const mass = new Float64Array(count);
  for (const [i, d] of degree.entries()) mass[component[i]!]! += d;
  return (values, features) => {
    let squaredNorm = 0;
    for (let i = 0; i < graph.nodes * features; i++) squaredNorm += values[i]! ** 2;
    let energy = 0;
    const projections = Array.from({ length: count }, () => new Float64Array(features));
    lists.forEach((list, i) => {
      for (const j of list) {
        if (j < i) continue;
        for (let f = 0; f < features; f++) energy += (values[i * features + f]! / root[i]! - values[j * features + f]! / root[j]!) ** 2;
      }
      for (let f = 0; f < features; f++) projections[component[i]!]![f]! += root[i]! * values[i * features + f]!;
    });
    const onTop = projections.reduce((sum, p, c) => sum + p.reduce((a, v) => a + v * v, 0) / mass[c]!, 0);
    return { squaredNorm, energy, topShare: squaredNorm > 0 ? onTop / squaredNorm : 0 };
  };
}

export type SmoothingRegime = 'holding' | 'smoothing' | 'over-smoothing';

/** The names `smoothing` writes in its results. */
export const SMOOTHING = defineNames({
  metrics: {
    normalisedEnergyFirst: { name: 'normalised-energy-first', unit: '1' },
    normalisedEnergyLast: { name: 'normalised-energy-last', unit: '1' },
    energyLast: { name: 'energy-last', unit: '1' },
    topEigenvectorShareLast: { name: 'top-eigenvector-share-last', unit: '1' },
    log10NormalisedEnergyPerBlock: { name: 'log10-normalised-energy-per-block', unit: 'log10' },
  },
  series: {
    energy: { name: 'energy', unit: '1' },
    normalisedEnergy: { name: 'normalised-energy', unit: '1' },
    topEigenvectorShare: { name: 'top-eigenvector-share', unit: '1' },
    squaredNorm: { name: 'squared-norm', unit: '1' },
    stageElements: { name: 'stage-elements', unit: '1' },
  },
  labels: { regime: 'regime' },
});
const { metrics: M, series: S, labels: L } = SMOOTHING;

/**
 * Over-smoothing: the Dirichlet energy of every stage, absolute and normalised by ‖H‖², and the share of
 * ‖H‖² on Â's top eigenvectors. Normalised energy that decays while the absolute energy grows (features
 * aligning with the top eigenvector as their norm grows) is told apart from energy that vanishes outright.
 */
export const smoothing = defineProbe({
  id: 'smoothing',
  version: '1',
  summary: 'Dirichlet energy trace(Hᵀ(I − Â)H) per stage, absolute and over ‖H‖², share on the top eigenvector, regime',
  requires: ['graph'],
  names: SMOOTHING,
  headline: [M.normalisedEnergyLast, L.regime],
  async run(model, { tf, seed, settings }) {
    const graph = graphOf(model);
    const measure = smoothingStatistics(graph);
    const { x, y } = model.task.sample(settings.batch, seed);
    const stats: SmoothingStatistics[] = [];
    // Features per node: the energy sums over them, so stages of different widths compare per feature.
    const features = model.streamShapes(settings.batch).map((shape) => shape[1]!);
    try {
      const stages = await readBack(tf, () => model.forward(x).stream);
      for (const [l, values] of stages.entries()) stats.push(measure(values, features[l]!));
    } finally {
      tf.dispose([x, y]);
    }
    const normalised = stats.map((s) => (s.squaredNorm > 0 ? s.energy / s.squaredNorm : 0));
    const energy = stats.map((s) => s.energy);
    const decaying = decayPerBlock(normalised) < DECAYING_LOG10_PER_BLOCK;
    const last = energy.length - 1;
    // Energy per feature, so a stream that widens or narrows is not read as energy gained or lost.
    const regime: SmoothingRegime = !decaying ? 'holding' : energy[last]! / features[last]! >= energy[0]! / features[0]! ? 'smoothing' : 'over-smoothing';
    return new MeasurementBuilder(SMOOTHING)
      .series(S.energy, energy)
      .series(S.normalisedEnergy, normalised)
      .series(S.topEigenvectorShare, stats.map((s) => s.topShare))
      .series(S.squaredNorm, stats.map((s) => s.squaredNorm))
      .series(S.stageElements, features)
      .metric(M.normalisedEnergyFirst, normalised[0]!)
      .metric(M.normalisedEnergyLast, normalised[normalised.length - 1]!)
      .metric(M.energyLast, energy[energy.length - 1]!)
      .metric(M.topEigenvectorShareLast, stats[stats.length - 1]!.topShare)
      .metric(M.log10NormalisedEnergyPerBlock, decayPerBlock(normalised))
      .label(L.regime, regime)
      .note(
        `Â = D̃^-1/2 (A + I) D̃^-1/2 of the model's graph; regime: holding unless the normalised energy loses more than ` +
          `${-DECAYING_LOG10_PER_BLOCK} decades per block over the second half of the stack, then smoothing if the ` +
          'absolute energy per feature still grew (the norm grows along the top eigenvector) and over-smoothing if it fell; ' +
          `${S.stageElements}: features per node, which ${S.energy} and ${S.squaredNorm} sum over`,
      )
      .build();
  },
});
