import { defineClaim } from '@skipbench/core';
import { SMOOTHING, type SmoothingRegime } from '@skipbench/probes';

const stillSmoothing: SmoothingRegime[] = ['smoothing', 'over-smoothing'];

/** The claim about a GCN's residual connection, judged on this family. */
export const gnnClaims = [
  defineClaim(SMOOTHING, {
    id: 'residual-still-over-smooths',
    statement: 'A residual connection alone does not stop a GCN from smoothing: the normalised Dirichlet energy still decays with depth.',
    probe: 'smoothing',
    rule: { kind: 'each', test: { op: 'one-of', label: SMOOTHING.labels.regime, values: stillSmoothing } },
    shows: [SMOOTHING.metrics.normalisedEnergyLast],
    families: ['gnn'],
    skip: ['residual'],
  }),
];
