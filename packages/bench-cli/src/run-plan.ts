/** `skipbench run`'s options and the pure step from them to a plan: parsed before plugins load, planned over the registry. */
import picomatch from 'picomatch';
import { parseShard, planBenchmark, presets, seedRange, type Plan, type Registry } from '@skipbench/engine';
import { defaultSeed, unknownChoice, UsageError, type Architecture } from '@skipbench/core';
import { benchmarkIds } from './registry.js';
import { parseArchGlob, parseInteger, parseJobs, parseList, parsePositiveInteger, parsePositiveNumber, parseThreads } from './parse-args.js';
import { parseAxisOptions } from './axis-flags.js';

/** `skipbench run`'s options: its own, and the config axes' flags by commander's property (see axis-flags.ts). */
export interface RunCommandOptions {
  readonly [axisFlag: string]: unknown;
  arch: string;
  preset: string;
  backend: string;
  out?: string;
  json?: boolean;
  /** A row per case before the summary. */
  table?: boolean;
  shard?: string;
  resume?: boolean;
  /** Resume when `out` or its journal exists, else start (see `startOrResume`). */
  startOrResume?: boolean;
  repeat?: string;
  probe?: string;
  jobs: string;
  threads?: string;
  caseTimeout?: string;
  maxMemory?: string;
  force?: boolean;
  /** The first seed of `--seeds N` and of the preset's seed count. */
  seed?: string;
}

/** run's flags that need no registry, parsed: a mistake in them is refused before plugins load. */
export function parseRunOptions(options: RunCommandOptions) {
  return {
    archGlob: parseArchGlob(options.arch),
    axes: parseAxisOptions(options),
    firstSeed: options.seed === undefined ? undefined : parseInteger('--seed', options.seed),
    repeat: options.repeat === undefined ? undefined : parsePositiveInteger('--repeat', options.repeat),
    jobs: parseJobs(options.jobs),
    threads: options.threads === undefined ? undefined : parseThreads(options.threads),
    caseTimeoutMs: options.caseTimeout === undefined ? undefined : parsePositiveNumber('--case-timeout', options.caseTimeout) * 1000,
    maxMemoryBytes: options.maxMemory === undefined ? undefined : parsePositiveNumber('--max-memory', options.maxMemory) * 2 ** 30,
  };
}

export type ParsedRunOptions = ReturnType<typeof parseRunOptions>;

/**
 * The seeds `--seeds` and `--seed` ask for: a list as given; a count from `--seed` (1234 by default); `--seed`
 * alone, the preset's count from it; neither, the preset's (left to the plan).
 */
function seedsOf({ axes, firstSeed }: ParsedRunOptions, preset: string): readonly number[] | undefined {
  const asked = axes.seeds as { count: number } | number[] | undefined;
  if (Array.isArray(asked)) {
    if (firstSeed !== undefined) throw new UsageError('--seed is the first seed of a count; with a list of seeds leave it out.');
    return asked;
  }
  const count = asked?.count ?? (firstSeed === undefined ? undefined : presets[preset as keyof typeof presets]?.seeds);
  return count === undefined ? undefined : seedRange(count, firstSeed ?? defaultSeed);
}

/** The cases `skipbench run <benchmark>` would run with these options. */
export function planRun(benchmark: string, options: RunCommandOptions, parsed: ParsedRunOptions, registry: Registry): Plan {
  const known = benchmarkIds(registry);
  if (benchmark !== 'all' && !known.includes(benchmark)) throw unknownChoice('benchmark', benchmark, [...known, 'all']);
  const available = [...registry.architectures.values()].map((a) => a.architecture);
  const matches = picomatch(parsed.archGlob);
  const architectures: Architecture[] = available.filter((a) => matches(a.id));
  if (architectures.length === 0) {
    const ids = available.map((a) => a.id);
    throw new UsageError(`No architecture matches '${options.arch}'. Available: ${ids.length > 0 ? ids.join(', ') : 'none (no plugin found)'}.`);
  }
  return planBenchmark({
    ...parsed.axes,
    seeds: seedsOf(parsed, options.preset),
    benchmark,
    registry,
    architectures,
    probeIds: options.probe === undefined ? undefined : parseList(options.probe),
    repeat: parsed.repeat,
    preset: options.preset,
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
  });
}

