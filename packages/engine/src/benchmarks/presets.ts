import type { ProbeSettings } from '@skipbench/core';

export const PRESET_IDS = ['quick', 'standard', 'full'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Preset {
  summary: string;
  /** Depth sweep of the `depth` benchmark. */
  depths: number[];
  /** Depth sweep of the `gradient` benchmark. */
  gradientDepths: number[];
  /** Batch sizes of the `throughput` benchmark, run at `throughputDepth`. */
  batches: number[];
  /** Depth of the benchmarks that sweep something other than depth (batch sizes, branch scales). */
  throughputDepth: number;
  /** Branch scales of the `tradeoff` benchmark, run at `throughputDepth`; an empty list plans no tradeoff case (`--branch-scale` runs one). */
  branchScales: number[];
  /** Multiplies each architecture's default input size (image side, tokens, nodes); widths are the architectures' own. */
  inputScale: number;
  /** Seeds each case that is not timed runs at (`--seeds`), enough for the preset's verdicts to carry intervals. */
  seeds: number;
  /** A case still running after this long is stopped and recorded `failed` (`--case-timeout`); no case of the preset comes near it. */
  caseTimeoutSeconds: number;
  settings: ProbeSettings;
}

export const presets: Record<PresetId, Preset> = {
  quick: {
    summary: 'CI and smoke tests: seconds per case',
    depths: [2, 8, 16],
    gradientDepths: [8, 32],
    batches: [8, 32],
    throughputDepth: 8,
    // None: tradeoff trains and attacks every variant (tens of seconds a case), past the quick budget.
    branchScales: [],
    inputScale: 1,
    // One: a point verdict per claim, marked as such; CI and smoke tests need no interval.
    seeds: 1,
    caseTimeoutSeconds: 300,
    settings: {
      batch: 8,
      trainSteps: 15,
      learningRate: 3e-3,
      timing: { warmupIterations: 2, iterations: 5 },
      repeat: 1,
    },
  },
  standard: {
    summary: 'leaderboard: the depths and batch sizes people compare, at seeds enough for intervals, in an hour on 2 cores',
    // Sized to the hour by the cost of each case (scripts/standard-preset-cost.mjs): depth 64 of the trained probes,
    // batch 64 of throughput and the middle branch scales were the cuts. gradientDepths keeps 64: its cases are cheap.
    depths: [2, 8, 32],
    gradientDepths: [8, 32, 64],
    batches: [8, 32],
    throughputDepth: 8,
    // A trend is decided on its ends: the sweep's extremes keep every tradeoff verdict's inputs.
    branchScales: [0.05, 1],
    inputScale: 1,
    seeds: 3,
    caseTimeoutSeconds: 1800,
    settings: {
      batch: 8,
      trainSteps: 60,
      learningRate: 3e-3,
      timing: { warmupIterations: 5, iterations: 20 },
      repeat: 3,
    },
  },
  full: {
    summary: 'GPU-sized: deep sweeps and large batches',
    depths: [2, 8, 32, 64, 128, 256],
    gradientDepths: [8, 32, 64, 128, 256],
    batches: [8, 32, 128, 256],
    throughputDepth: 16,
    branchScales: [0.05, 0.1, 0.3, 1],
    inputScale: 2,
    seeds: 10,
    caseTimeoutSeconds: 7200,
    settings: {
      batch: 16,
      trainSteps: 200,
      learningRate: 3e-3,
      timing: { warmupIterations: 10, iterations: 50 },
      repeat: 5,
    },
  },
};
