import type { Architecture, ModelConfig } from '@skipbench/core';
import type { RecordedSources } from '../results/schema.js';
import type { Registry } from '../registry.js';
import type { Preset, PresetId } from './presets.js';

export interface PlanOptions {
  /** A benchmark of the registry (the standard `depth`, `gradient`, … or a plugin's), or `all` of them. */
  benchmark: string;
  /** The probes and benchmarks to plan from. @default the standard probes' alone (`createRegistry([standardProbes])`) */
  registry?: Registry;
  /**
   * The architectures to run (already chosen by id). Their source is the registry's entry of that id; one the
   * registry lacks is recorded as `(not registered)` with its own `version` (else 0.0.0), so its results
   * merge only with results of the same: register its plugin to record its package.
   */
  architectures: readonly Architecture[];
  /** @default every variant of each architecture */
  variants?: readonly string[];
  /** @default the preset's sweep of the benchmark */
  depths?: readonly number[];
  /** @default the preset's batch sizes (throughput) or its probe batch */
  batches?: readonly number[];
  /** @default every normalisation for `gradient`, the architecture's default otherwise */
  norms?: readonly string[];
  /** @default every initialiser for `gradient`, the architecture's default otherwise */
  inits?: readonly string[];
  /** @default each architecture's width */
  width?: number;
  /** @default each architecture's input size times the preset's input scale */
  inputSize?: number;
  /** @default 1; a benchmark sweeping branch scales runs this one instead of the preset's */
  branchScale?: number;
  /** @default 'quick' */
  preset?: string;
  /**
   * The seeds: each is a replicate of every case that is not timed (timed cases run at the first).
   * @default the preset's seed count, from 1234 (`seedRange`)
   */
  seeds?: readonly number[];
  /** Whole repetitions of every timed task. @default the preset's */
  repeat?: number;
  /** Optimiser steps for probes that train (trainability, lesion). @default the preset's */
  trainSteps?: number;
  /**
   * Only these probes of the chosen benchmarks. Naming one benchmark, a probe it does not list (any
   * registered probe, a plugin's too) runs over its sweep as well. @default all of its probes
   */
  probeIds?: readonly string[];
  /** A task other than each architecture's default (architectures without it are left out). */
  task?: string;
  /** Architecture options to sweep, name → values (architectures without the option are left out). */
  options?: Readonly<Record<string, readonly number[]>>;
  /** Run only slice `index` (1-based) of `count`: every count-th case, so slices take similar time. */
  shard?: Shard;
}

export interface Shard {
  index: number;
  count: number;
}

export interface PlannedCase {
  id: string;
  /** Position in the unsharded plan of one seed: a case keeps it at every seed (its id names the seed). */
  index: number;
  benchmark: string;
  architecture: Architecture;
  probe: string;
  /** The batch the case asks for (its id's `b8`). */
  batch: number;
  /** The samples its probe runs on: `Probe.samples(batch)`, the batch by default. */
  samples: number;
  config: ModelConfig;
}

export interface Plan {
  benchmark: { id: string; version: string; components: Record<string, string>; preset: PresetId; shard?: Shard };
  preset: Preset;
  /** The seed set, ascending: what a complete results document holds every case at (timed ones at the first). */
  seeds: number[];
  /** The cases this run (or shard) runs. */
  cases: PlannedCase[];
  /** Ids of every case of the unsharded plan, in plan order: what a complete results document holds. */
  plannedIds: string[];
  /** Everything besides the code that changes the numbers; hashed into the benchmark version and stored with the results. */
  settings: Record<string, unknown>;
  /** The code that makes the numbers; its packages and versions are hashed into the benchmark version too. */
  sources: RecordedSources;
  /** Where the plan's probes come from: the runner runs them from here. */
  registry: Registry;
}
