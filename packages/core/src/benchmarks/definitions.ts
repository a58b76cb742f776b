import type { ProbeId } from '../probes/ids.js';

export const BENCHMARK_IDS = ['depth', 'gradient', 'throughput', 'claims'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export interface BenchmarkDefinition {
  id: BenchmarkId;
  summary: string;
  probes: ProbeId[];
  /** What the cases sweep besides architectures and variants. */
  sweep: 'depths' | 'gradientDepths' | 'batches';
  /** Sweep every normalisation and initialiser the architecture offers (unless the user names some). */
  sweepRegimes: boolean;
}

export const benchmarks: Record<BenchmarkId, BenchmarkDefinition> = {
  depth: {
    id: 'depth',
    summary: 'activation profile, gradient profile and trainability over a depth sweep, skip vs plain',
    probes: ['activation-profile', 'gradient-profile', 'trainability'],
    sweep: 'depths',
    sweepRegimes: false,
  },
  gradient: {
    id: 'gradient',
    summary: 'per-stage gradient norms, first/last ratio and verdict, for every normalisation and initialiser',
    probes: ['gradient-profile'],
    sweep: 'gradientDepths',
    sweepRegimes: true,
  },
  claims: {
    id: 'claims',
    summary: "the seed's further claims over a depth sweep: Lipschitz, lesion, paths, Euler, noise, shattered gradients, bound",
    probes: ['lipschitz', 'lesion', 'paths', 'euler', 'noise', 'shattered', 'bound'],
    sweep: 'depths',
    sweepRegimes: false,
  },
  throughput: {
    id: 'throughput',
    summary: 'forward and train-step samples/s per batch size',
    probes: ['throughput'],
    sweep: 'batches',
    sweepRegimes: false,
  },
};
