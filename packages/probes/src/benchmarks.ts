import type { BenchmarkDefinition } from '@skipbench/core';

/** The standard benchmarks this package contributes. */
export const BENCHMARK_IDS = ['depth', 'gradient', 'throughput', 'claims', 'representation', 'tradeoff'] as const;
export type BenchmarkId = (typeof BENCHMARK_IDS)[number];

export const standardBenchmarks: Record<BenchmarkId, BenchmarkDefinition> = {
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
    summary: "the seed's further claims over a depth sweep: Lipschitz, lesion, paths, Euler, noise, shattered gradients, bound, gradient split, error correction",
    probes: ['lipschitz', 'lesion', 'paths', 'euler', 'noise', 'shattered', 'bound', 'gradient-split', 'error-correction'],
    sweep: 'depths',
    sweepRegimes: [],
  },
  representation: {
    id: 'representation',
    summary: 'what the stream carries over a depth sweep, per normalisation: rank collapse, token spectra, over-smoothing, message horizon, graph paths, token reach; spectra and horizon also after training',
    probes: ['rank-collapse', 'spectrum', 'smoothing', 'horizon', 'graph-paths', 'token-reach', 'spectrum-trained', 'horizon-trained'],
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
  tradeoff: {
    id: 'tradeoff',
    summary: 'robustness against expressivity over a branch-scale sweep: clean and adversarial accuracy beside the Lipschitz bound',
    probes: ['robustness'],
    sweep: 'branchScales',
    sweepRegimes: [],
  },
};
