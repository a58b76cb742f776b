import type { ProbeId } from '../probes/ids.js';

export const BENCHMARK_IDS = ['depth', 'gradient', 'throughput', 'claims', 'representation'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export interface BenchmarkDefinition {
  id: BenchmarkId;
  summary: string;
  probes: ProbeId[];
  /** What the cases sweep besides architectures and variants. */
  sweep: 'depths' | 'gradientDepths' | 'batches';
  /** Regime axes swept over every choice the architecture offers (unless the user names some); the others take its default. */
  sweepRegimes: ReadonlyArray<'norm' | 'init'>;
}

export const benchmarks: Record<BenchmarkId, BenchmarkDefinition> = {
  depth: {
    id: 'depth',
    summary: 'activation profile, gradient profile and trainability over a depth sweep, skip vs plain',
    probes: ['activation-profile', 'gradient-profile', 'trainability'],
    sweep: 'depths',
    sweepRegimes: [],
  },
  gradient: {
    id: 'gradient',
    summary: 'per-stage gradient norms, first/last ratio and verdict, for every normalisation and initialiser',
    probes: ['gradient-profile'],
    sweep: 'gradientDepths',
    sweepRegimes: ['norm', 'init'],
  },
  claims: {
    id: 'claims',
    summary: "the seed's further claims over a depth sweep: Lipschitz, lesion, paths, Euler, noise, shattered gradients, bound",
    probes: ['lipschitz', 'lesion', 'paths', 'euler', 'noise', 'shattered', 'bound'],
    sweep: 'depths',
    sweepRegimes: [],
  },
  representation: {
    id: 'representation',
    summary: 'what the stream carries over a depth sweep, per normalisation: rank collapse, token spectra, over-smoothing, message horizon, graph paths',
    probes: ['rank-collapse', 'spectrum', 'smoothing', 'horizon', 'graph-paths'],
    sweep: 'depths',
    sweepRegimes: ['norm'],
  },
  throughput: {
    id: 'throughput',
    summary: 'forward and train-step samples/s per batch size',
    probes: ['throughput'],
    sweep: 'batches',
    sweepRegimes: [],
  },
};
