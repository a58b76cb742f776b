import { createHash } from 'node:crypto';
import { type Architecture, type Capabilities, type ModelConfig, API_VERSION, OptionError, defaultSeed, OPT_IN_CAPABILITIES, SEED_LIMIT, unknownChoice, UsageError, optionProblem } from '@skipbench/core';
import { MODEL_CONFIG_FIELDS } from '../config-fields.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import standardProbes from '@skipbench/probes';
import { createRegistry, type Registry } from '../registry.js';
import { PRESET_IDS, presets, type Preset, type PresetId } from './presets.js';

export interface PlanOptions {
  /** A benchmark of the registry (the standard `depth`, `gradient`, … or a plugin's), or `all` of them. */
  benchmark: string;
  /** The probes and benchmarks to plan from. @default the standard probes' alone (`createRegistry([standardProbes])`) */
  registry?: Registry;
  /** The architectures to run (already chosen by id). */
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
  /** @default 1234 */
  seed?: number;
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
  /** Position in the unsharded plan. */
  index: number;
  benchmark: string;
  architecture: Architecture;
  probe: string;
  batch: number;
  config: ModelConfig;
}

export interface Plan {
  benchmark: { id: string; version: string; components: Record<string, string>; preset: PresetId; shard?: Shard };
  preset: Preset;
  seed: number;
  /** The cases this run (or shard) runs. */
  cases: PlannedCase[];
  /** Ids of every case of the unsharded plan, in plan order: what a complete results document holds. */
  plannedIds: string[];
  /** Everything that changes the numbers; hashed into the benchmark version and stored with the results. */
  settings: Record<string, unknown>;
  /** Where the plan's probes come from: the runner runs them from here. */
  registry: Registry;
}

export const defaultPreset: PresetId = 'quick';

function checkPositiveIntegers(what: string, values: readonly number[] | undefined): void {
  for (const value of values ?? []) {
    if (!Number.isInteger(value) || value < 1) {
      throw new UsageError(`Expected ${what} to be positive integers, but got ${value}.`);
    }
  }
}

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

function checkChoices(what: string, chosen: readonly string[] | undefined, offered: readonly string[]): void {
  for (const value of chosen ?? []) if (!offered.includes(value)) throw unknownChoice(what, value, offered);
}

/** Whether models of `architecture` may have `capability`, from what it declares. */
const declaredPossible = (architecture: Architecture, capability: keyof Capabilities) =>
  (OPT_IN_CAPABILITIES as readonly string[]).includes(capability) ? architecture.capabilities?.[capability] === true : architecture.capabilities?.[capability] !== false;

const unique = <T>(values: Iterable<T>) => [...new Set(values)];

/** The order settings were first hashed in, kept so existing benchmark versions stand; settings added later follow. */
const HASHED_ORDER = ['variants', 'depths', 'batches', 'norms', 'inits', 'width', 'inputSize', 'branchScale', 'probeSettings', 'seed', 'task', 'options'];
const hashedRank = (key: string) => (HASHED_ORDER.includes(key) ? HASHED_ORDER.indexOf(key) : HASHED_ORDER.length);
const inHashedOrder = (settings: Record<string, unknown>) => Object.fromEntries(Object.entries(settings).sort(([a], [b]) => hashedRank(a) - hashedRank(b)));

/** Validates options and expands them into cases: architectures × variants × regimes × sweep × probes. */
export function planBenchmark(options: PlanOptions): Plan {
  const registry = options.registry ?? createRegistry([standardProbes]);
  const known = [...registry.benchmarks.keys()];
  const benchmarkIds = options.benchmark === 'all' ? known : [options.benchmark];
  if (options.benchmark !== 'all' && !known.includes(options.benchmark)) throw unknownChoice('benchmark', options.benchmark, [...known, 'all']);
  const probeRequirements = (id: string) => registry.probes.get(id)?.probe.requires ?? [];
  const probeTask = (id: string) => registry.probes.get(id)?.probe.task;
  const presetId = options.preset ?? defaultPreset;
  if (!(PRESET_IDS as readonly string[]).includes(presetId)) throw unknownChoice('preset', presetId, PRESET_IDS);
  const preset = presets[presetId as PresetId];
  for (const option of ['variants', 'norms', 'inits', 'probeIds', 'depths', 'batches'] as const) checkList(option, options[option]);
  for (const [name, values] of Object.entries(options.options ?? {})) checkList('options', values, (spelled) => `${spelled} ${name}`);
  const tasksOf = (a: Architecture) => [a.task.id, ...Object.keys(a.tasks ?? {})];
  const optionNames = Object.keys(options.options ?? {});
  const withTask = options.task === undefined ? options.architectures : options.architectures.filter((a) => tasksOf(a).includes(options.task!));
  if (options.architectures.length === 0) throw new UsageError('No architecture selected.');
  if (withTask.length === 0) throw unknownChoice('task', options.task!, unique(options.architectures.flatMap(tasksOf)));
  const offeredOptions = unique(withTask.flatMap((a) => Object.keys(a.options ?? {})));
  if (offeredOptions.length === 0 && optionNames.length > 0) throw new UsageError(`Unknown option '${optionNames[0]}': no selected architecture has options.`);
  checkChoices('option', optionNames, offeredOptions);
  const architectures = withTask.filter((a) => optionNames.every((name) => a.options?.[name] !== undefined));
  if (architectures.length === 0) throw new UsageError(`No selected architecture has every option of ${optionNames.join(', ')}.`);
  for (const [name, values] of Object.entries(options.options ?? {})) {
    if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new UsageError(`Expected option ${name} to be finite numbers, but got [${values.join(', ')}].`);
    // What does not depend on the case (integer, one of, numeric bounds), before anything is planned.
    for (const architecture of architectures) {
      for (const value of values) {
        const problem = optionProblem(architecture, name, value);
        if (problem !== undefined) throw new UsageError(problem);
      }
    }
  }
  // Every combination of the swept option values: [{a: 1, b: 5}, {a: 2, b: 5}, ...].
  const optionSets = Object.entries(options.options ?? {}).reduce<Array<Record<string, number>>>(
    (sets, [name, values]) => sets.flatMap((set) => values.map((value) => ({ ...set, [name]: value }))),
    [{}],
  );
  checkChoices('variant', options.variants, unique(architectures.flatMap((a) => Object.keys(a.variants))));
  checkChoices('normalisation', options.norms, unique(architectures.flatMap((a) => a.choices.norm)));
  checkChoices('initialiser', options.inits, unique(architectures.flatMap((a) => a.choices.init)));
  checkPositiveIntegers('depths', options.depths);
  checkPositiveIntegers('batch sizes', options.batches);
  checkPositiveIntegers('the width', options.width === undefined ? undefined : [options.width]);
  checkPositiveIntegers('the input size', options.inputSize === undefined ? undefined : [options.inputSize]);
  checkPositiveIntegers('the repeat count', options.repeat === undefined ? undefined : [options.repeat]);
  checkPositiveIntegers('the train steps', options.trainSteps === undefined ? undefined : [options.trainSteps]);
  const probeSettings = {
    ...preset.settings,
    repeat: options.repeat ?? preset.settings.repeat,
    trainSteps: options.trainSteps ?? preset.settings.trainSteps,
  };
  const branchScale = options.branchScale ?? 1;
  if (!Number.isFinite(branchScale)) throw new UsageError(`Expected the branch scale to be a finite number, but got ${branchScale}.`);
  const scalesSwept = options.branchScale === undefined ? preset.branchScales : [options.branchScale];
  if (options.benchmark !== 'all' && registry.benchmarks.get(options.benchmark)?.benchmark.sweep === 'branchScales' && scalesSwept.length === 0) {
    throw new UsageError(`The ${presetId} preset sweeps no branch scales, so ${options.benchmark} has no case: use --preset standard, or --branch-scale X for one scale.`);
  }
  const { shard } = options;
  if (shard !== undefined && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new UsageError(`Expected a shard index/count with 1 <= index <= count, but got ${shard.index}/${shard.count}.`);
  }
  const seed = options.seed ?? defaultSeed;
  // The generators reduce seeds mod 2^32: outside [0, 2^32) two recorded seeds would give the same numbers.
  if (!Number.isInteger(seed) || seed < 0 || seed >= SEED_LIMIT) throw new UsageError(`Expected the seed to be an integer in [0, ${SEED_LIMIT}), but got ${seed}.`);

  const definitionOf = (id: string) => registry.benchmarks.get(id)!.benchmark;
  checkChoices('probe', options.probeIds, [...registry.probes.keys()]);
  const offeredProbes = unique(benchmarkIds.flatMap((id) => definitionOf(id).probes));
  const elsewhere = options.probeIds?.filter((id) => !offeredProbes.includes(id)) ?? [];
  if (options.benchmark === 'all' && elsewhere.length > 0) {
    throw new UsageError(`Probe '${elsewhere[0]}' is in no benchmark; name the benchmark whose sweep it should run over, e.g. skipbench run depth --probe ${elsewhere[0]}.`);
  }
  // Naming one benchmark, a probe from elsewhere runs over its sweep after the benchmark's own.
  const probesOf = (id: string) => [...definitionOf(id).probes.filter((p) => options.probeIds?.includes(p) ?? true), ...elsewhere];
  const cases: PlannedCase[] = [];
  for (const benchmarkId of benchmarkIds) {
    const definition = definitionOf(benchmarkId);
    const sweepsScales = definition.sweep === 'branchScales';
    const sweep = definition.sweep === 'batches' || sweepsScales ? undefined : (options.depths ?? preset[definition.sweep]);
    const batches = options.batches ?? (definition.sweep === 'batches' ? preset.batches : [preset.settings.batch]);
    const scales = sweepsScales ? scalesSwept : [branchScale];
    for (const architecture of architectures) {
      const variants = Object.keys(architecture.variants).filter((v) => options.variants?.includes(v) ?? true);
      const pick = (axis: 'norm' | 'init', chosen: readonly string[] | undefined) =>
        chosen !== undefined
          ? architecture.choices[axis].filter((c) => chosen.includes(c))
          : definition.sweepRegimes.includes(axis)
            ? [...architecture.choices[axis]]
            : [architecture.defaults[axis]];
      const norms = pick('norm', options.norms);
      const inits = pick('init', options.inits);
      // Probes needing a capability the architecture declares absent (or an undeclared layout), or reading a
      // task its cases do not run, would only record `not-applicable`.
      const caseTask = options.task ?? architecture.task.id;
      const probes = probesOf(benchmarkId).filter((id) => probeRequirements(id).every((c) => declaredPossible(architecture, c)) && (probeTask(id) ?? caseTask) === caseTask);
      for (const variant of variants) {
        for (const norm of norms) {
          for (const init of inits) {
            for (const optionSet of optionSets) {
              for (const depth of sweep ?? [options.depths?.[0] ?? preset.throughputDepth]) {
                for (const [batch, scale] of batches.flatMap((b) => scales.map((s) => [b, s] as const))) {
                  for (const probe of probes) {
                    const config: ModelConfig = {
                      variant,
                      depth,
                      width: options.width ?? architecture.defaults.width,
                      inputSize: options.inputSize ?? architecture.defaults.inputSize * preset.inputScale,
                      norm,
                      init,
                      branchScale: scale,
                      seed,
                      ...(options.task === undefined ? {} : { task: options.task }),
                      ...(optionNames.length === 0 ? {} : { options: optionSet }),
                    };
                    // What depends on the case (levels at most the depth): refused up front, never capped at build.
                    for (const [name, value] of Object.entries(optionSet)) {
                      const problem = optionProblem(architecture, name, value, config);
                      if (problem !== undefined) throw new UsageError(problem);
                    }
                    const optionParts = Object.entries(optionSet).map(([name, value]) => `${name}=${value}`);
                    const id = [benchmarkId, architecture.id, variant, norm, init, ...optionParts, `d${depth}`, `b${batch}`, ...(sweepsScales ? [`s${scale}`] : []), probe].join('/');
                    cases.push({ id, index: cases.length, benchmark: benchmarkId, architecture, probe, batch, config });
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  if (cases.length === 0) {
    const requirements = unique(benchmarkIds.flatMap(probesOf).flatMap((id) => [...probeRequirements(id)]));
    const missing = requirements.filter((c) => architectures.every((a) => !declaredPossible(a, c)));
    const tasks = unique(benchmarkIds.flatMap(probesOf).flatMap((id) => probeTask(id) ?? []));
    if (missing.length === 0 && tasks.length > 0) {
      throw new UsageError(`No case to run: the probes of ${options.benchmark} read the task ${tasks.map((t) => `'${t}'`).join(' or ')}, which no selected architecture (${architectures.map((a) => a.id).join(', ')}) runs (see skipbench list).`);
    }
    throw new UsageError(`No case to run: the probes of ${options.benchmark} need ${missing.join(' or ')}, and no selected architecture (${architectures.map((a) => a.id).join(', ')}) declares it (see skipbench list).`);
  }
  // What a plugin contributed is hashed with its package and version, so a new release of it is a new benchmark version.
  const contributed = (ids: string[]) => {
    const of = (entries: Array<[string, { source: string; version: string } | undefined]>) =>
      Object.fromEntries(entries.filter(([, entry]) => entry !== undefined).map(([id, entry]) => [id, `${entry!.source}@${entry!.version}`]));
    const probes = of(unique(ids.flatMap(probesOf)).map((id) => [id, registry.probes.get(id)]));
    const benchmarks = of(ids.map((id) => [id, registry.benchmarks.get(id)]));
    return Object.keys(probes).length + Object.keys(benchmarks).length === 0 ? {} : { contributed: { probes, benchmarks } };
  };
  // Each ModelConfig field under the option that sets it, null for the preset's or the architecture's own
  // choice (which the preset id and architectures pin down); the branch scale and seed as resolved.
  const chosen = { ...options, branchScale, seed };
  const requested = inHashedOrder({
    ...Object.fromEntries(Object.values(MODEL_CONFIG_FIELDS).map(({ setting }) => [setting, chosen[setting] ?? null])),
    batches: options.batches ?? null,
    probeSettings,
  });
  // The swept branch scales are hashed only where a benchmark sweeps them, so every other plan keeps its version.
  const sweptScales = (ids: string[]) => (ids.some((id) => definitionOf(id).sweep === 'branchScales') ? { branchScales: scalesSwept } : {});
  const settingsFor = (ids: string[]) => ({
    schemaVersion: SCHEMA_VERSION,
    apiVersion: API_VERSION,
    benchmarks: ids,
    probes: unique(ids.flatMap(probesOf)),
    ...contributed(ids),
    architectures: architectures.map((a) => a.id),
    preset: presetId,
    ...requested,
    ...sweptScales(ids),
  });
  // The shard is not hashed: every slice of one plan has the same version, so slices merge.
  const hash = (value: object) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
  const settings = settingsFor(benchmarkIds);
  const version = hash(settings);
  // An `all` run's gradient cases are the cases of a `gradient` run with the same options: same version.
  const components = Object.fromEntries(benchmarkIds.map((id) => [id, hash(settingsFor([id]))]));
  return {
    benchmark: { id: options.benchmark, version, components, preset: presetId as PresetId, ...(shard ? { shard } : {}) },
    preset: { ...preset, settings: probeSettings },
    seed,
    cases: shard ? cases.filter((c) => c.index % shard.count === shard.index - 1) : cases,
    plannedIds: cases.map((c) => c.id),
    settings,
    registry,
  };
}
