import { type Architecture, type BenchmarkDefinition, type ProbeSettings, defaultSeed, OptionError, optionProblem, SEED_LIMIT, type SpellOption, unknownChoice, UsageError } from '@skipbench/core';
import standardProbes from '@skipbench/probes';
import { createRegistry, type Registry } from '../registry.js';
import type { PlanOptions } from './plan-types.js';
import { PRESET_IDS, presets, type Preset, type PresetId } from './presets.js';

export const defaultPreset: PresetId = 'quick';

/** A request checked and resolved: everything the planning steps after it read. */
export interface ResolvedRequest {
  readonly options: PlanOptions;
  readonly registry: Registry;
  readonly benchmarkIds: readonly string[];
  readonly presetId: PresetId;
  readonly preset: Preset;
  /** Architectures that run the task and have every swept option. */
  readonly architectures: readonly Architecture[];
  readonly probeSettings: ProbeSettings;
  /** Ascending. */
  readonly seeds: readonly number[];
  readonly branchScale: number;
  /** The branch scales a branch-scale sweep runs. */
  readonly branchScales: readonly number[];
  /** Probes named that no chosen benchmark lists: they run over the one benchmark's sweep too. */
  readonly elsewhere: readonly string[];
  definitionOf(benchmark: string): BenchmarkDefinition;
}

/** Each value once, in first-seen order. */
export const unique = <T>(values: Iterable<T>) => [...new Set(values)];
const shown = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

/** A list given explicitly names something, and each thing once (depths 4, 4 would run one case twice). */
function checkList(option: keyof PlanOptions, values: readonly unknown[] | undefined, label = (spelled: string) => spelled): void {
  if (values === undefined) return;
  if (values.length === 0) throw new OptionError({ option, received: values }, (spell) => `Expected ${label(spell(option))} to name at least one value, but got none.`);
  const seen = new Set<unknown>();
  for (const value of values) {
    if (seen.has(value)) throw new OptionError({ option, received: values }, (spell) => `Expected ${label(spell(option))} to list each value once, but got ${shown(value)} twice.`);
    seen.add(value);
  }
}

function checkPositiveIntegers(option: keyof PlanOptions, values: readonly number[] | number | undefined): void {
  for (const value of values === undefined ? [] : [values].flat()) {
    if (!Number.isInteger(value) || value < 1) throw new OptionError({ option, received: value }, (spell) => `Expected ${spell(option)} to be positive integers, but got ${value}.`);
  }
}

function checkChoices(what: string, chosen: readonly string[] | undefined, offered: readonly string[]): void {
  for (const value of chosen ?? []) if (!offered.includes(value)) throw unknownChoice(what, value, offered);
}

/** The preset, the benchmarks and the probe lists: what the registry must have. */
function resolveBenchmarks(options: PlanOptions, registry: Registry) {
  const known = [...registry.benchmarks.keys()];
  if (options.benchmark !== 'all' && !known.includes(options.benchmark)) throw unknownChoice('benchmark', options.benchmark, [...known, 'all']);
  const presetId = options.preset ?? defaultPreset;
  if (!(PRESET_IDS as readonly string[]).includes(presetId)) throw unknownChoice('preset', presetId, PRESET_IDS);
  for (const option of ['variants', 'norms', 'inits', 'probeIds', 'depths', 'batches', 'seeds'] as const) checkList(option, options[option]);
  for (const [name, values] of Object.entries(options.options ?? {})) checkList('options', values, (spelled) => `${spelled} ${name}`);
  const benchmarkIds = options.benchmark === 'all' ? known : [options.benchmark];
  const definitionOf = (id: string) => registry.benchmarks.get(id)!.benchmark;
  checkChoices('probe', options.probeIds, [...registry.probes.keys()]);
  const offeredProbes = unique(benchmarkIds.flatMap((id) => definitionOf(id).probes));
  const elsewhere = options.probeIds?.filter((id) => !offeredProbes.includes(id)) ?? [];
  if (options.benchmark === 'all' && elsewhere.length > 0) {
    const probe = elsewhere[0]!;
    throw new OptionError({ option: 'probeIds', received: probe }, (spell) => `Probe '${probe}' is in no benchmark; name the benchmark whose sweep it should run over, e.g. ${spell('benchmark')} depth ${spell('probeIds')} ${probe}.`);
  }
  return { benchmarkIds, definitionOf, presetId: presetId as PresetId, elsewhere };
}

/** The architectures that run the task and have every swept option, each option value checked against them. */
function resolveArchitectures(options: PlanOptions): Architecture[] {
  const tasksOf = (a: Architecture) => [a.task.id, ...Object.keys(a.tasks ?? {})];
  const optionNames = Object.keys(options.options ?? {});
  if (options.architectures.length === 0) throw new UsageError('No architecture selected.');
  const withTask = options.task === undefined ? options.architectures : options.architectures.filter((a) => tasksOf(a).includes(options.task!));
  if (withTask.length === 0) throw unknownChoice('task', options.task!, unique(options.architectures.flatMap(tasksOf)));
  const offeredOptions = unique(withTask.flatMap((a) => Object.keys(a.options ?? {})));
  if (offeredOptions.length === 0 && optionNames.length > 0) throw new UsageError(`Unknown option '${optionNames[0]}': no selected architecture has options.`);
  checkChoices('option', optionNames, offeredOptions);
  const architectures = withTask.filter((a) => optionNames.every((name) => a.options?.[name] !== undefined));
  if (architectures.length === 0) throw new UsageError(`No selected architecture has every option of ${optionNames.join(', ')}.`);
  for (const [name, values] of Object.entries(options.options ?? {})) {
    if (values.some((v) => !Number.isFinite(v))) throw new UsageError(`Expected option ${name} to be finite numbers, but got [${values.join(', ')}].`);
    // What does not depend on the case (integer, one of, numeric bounds), before anything is planned.
    for (const architecture of architectures) {
      for (const value of values) {
        const problem = optionProblem(architecture, name, value);
        if (problem !== undefined) throw new UsageError(problem);
      }
    }
  }
  checkChoices('variant', options.variants, unique(architectures.flatMap((a) => Object.keys(a.variants))));
  checkChoices('normalisation', options.norms, unique(architectures.flatMap((a) => a.choices.norm)));
  checkChoices('initialiser', options.inits, unique(architectures.flatMap((a) => a.choices.init)));
  return architectures;
}

/** `count` seeds from `first`: what `--seeds N` and a preset's seed count run. */
export const seedRange = (count: number, first: number = defaultSeed) => Array.from({ length: count }, (_, i) => first + i);

/** The single numbers of the request: sizes, seeds, branch scale and shard, each in its domain. */
function checkNumbers(options: PlanOptions, preset: Preset): { seeds: number[]; branchScale: number } {
  for (const option of ['depths', 'batches', 'width', 'inputSize', 'repeat', 'trainSteps'] as const) checkPositiveIntegers(option, options[option]);
  const branchScale = options.branchScale ?? 1;
  if (!Number.isFinite(branchScale)) throw new OptionError({ option: 'branchScale', received: branchScale }, (spell) => `Expected ${spell('branchScale')} to be a finite number, but got ${branchScale}.`);
  const { shard } = options;
  if (shard !== undefined && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new UsageError(`Expected a shard index/count with 1 <= index <= count, but got ${shard.index}/${shard.count}.`);
  }
  const seeds = [...(options.seeds ?? seedRange(preset.seeds))].sort((a, b) => a - b);
  // The generators reduce seeds mod 2^32: outside [0, 2^32) two recorded seeds would give the same numbers.
  for (const seed of seeds) if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) throw new UsageError(`Expected each seed to be an integer in [0, ${SEED_LIMIT}), but got ${seed}.`);
  return { seeds, branchScale };
}

/** The first planning step: checks the request against the registry and resolves what it leaves to defaults. */
export function resolveRequest(options: PlanOptions): ResolvedRequest {
  const registry = options.registry ?? createRegistry([standardProbes]);
  const { benchmarkIds, definitionOf, presetId, elsewhere } = resolveBenchmarks(options, registry);
  const preset = presets[presetId];
  const architectures = resolveArchitectures(options);
  const { seeds, branchScale } = checkNumbers(options, preset);
  const probeSettings = { ...preset.settings, repeat: options.repeat ?? preset.settings.repeat, trainSteps: options.trainSteps ?? preset.settings.trainSteps };
  const branchScales = options.branchScale === undefined ? preset.branchScales : [options.branchScale];
  if (options.benchmark !== 'all' && definitionOf(options.benchmark).sweep === 'branchScales' && branchScales.length === 0) {
    const spelled = (spell: SpellOption) => `The ${presetId} preset sweeps no branch scales, so ${options.benchmark} has no case: use ${spell('preset')} standard, or ${spell('branchScale')} X for one scale.`;
    throw new OptionError({ option: 'branchScale', accepted: [] }, spelled);
  }
  return { options, registry, benchmarkIds, presetId, preset, architectures, probeSettings, seeds, branchScale, branchScales, elsewhere, definitionOf };
}
