import type { Model } from './model.js';
import type { ModelConfig } from './config.js';
import type { TF } from './tf.js';
import { SkipbenchError } from './errors.js';

/** Per-run settings a probe reads; the preset fills them. */
export interface ProbeSettings {
  /**
   * Samples per batch for probes that need one: the case's batch, or what the probe's `samples` makes of it
   * (a probe that needs at least 32 samples gets 32 where the case asks for 8).
   */
  batch: number;
  /** Optimiser steps for `trainability`. */
  trainSteps: number;
  /** Adam learning rate for `trainability`. */
  learningRate: number;
  /** Fixed warm-up and measured iteration counts per timed task (as MLPerf and timm do). */
  timing: { warmupIterations: number; iterations: number };
  /** Whole repetitions of every timed task; their median and spread are reported. */
  repeat: number;
}

export interface ProbeContext {
  tf: TF;
  seed: number;
  settings: ProbeSettings;
  /** The same architecture, seed and regime with some settings changed (e.g. depth), for probes that compare models. */
  rebuild(overrides: Partial<ModelConfig>): Model;
  /**
   * The run's trained models, where the run keeps them (a run with an output file does): pass it to
   * `trainOnTask`, or train through it, so a case that trains a model another case already trained alike
   * reuses that training. Absent elsewhere (tests, the conformance kit): train as usual.
   */
  trainedModels?: TrainedModels;
}

/**
 * Trainings kept for the rest of a run. An entry is found only for a model of the same architecture,
 * config and initial weights, on the same backend, trained as the same `training` describes: a probe
 * that trains another way describes it otherwise and never shares.
 */
export interface TrainedModels {
  /**
   * What `train()` returns, with `model`'s parameters as `train()` leaves them: restored when this run
   * stored that training, else by calling `train()` (which trains `model` in place) and storing the result.
   * `training` is a JSON value naming everything besides the model that `train()` depends on.
   */
  reuse(model: Model, training: unknown, train: () => Promise<number[]>): Promise<number[]>;
}

/** A series is one value per stage (or per step, per block), with `null` only where `notes` say why. */
export interface Measurement {
  metrics: Record<string, number>;
  series: Record<string, Array<number | null>>;
  /** Unit of every metric and series, by name (`1` for dimensionless). */
  units: Record<string, string>;
  /** Categorical outcomes, e.g. the gradient verdict. */
  labels: Record<string, string>;
  notes: string[];
  /** `diverged`: the numbers went non-finite (e.g. training blew up); they are still reported. */
  diverged?: boolean;
}

export interface Probe {
  readonly id: string;
  readonly summary: string;
  /** Model capabilities the probe needs; a model without them gets `not-applicable`. */
  readonly requires: ReadonlyArray<keyof Model['capabilities']>;
  /**
   * The id of the task the probe reads, for probes that need one task's structure (`error-correction`): the
   * planner plans the probe only for architectures whose cases run that task, and a model on another task
   * gets `not-applicable`. @default any task
   */
  readonly task?: string;
  /** Metric and label names that stand for this probe: `run --table` shows them, the report plots the first. */
  readonly headline?: readonly string[];
  /** The metric, series and label names it writes (`defineNames`), which `skipbench list` shows with their units. */
  readonly names?: MeasurementNames;
  /** The probe measures time: the runner runs its cases with no other case running, so its numbers stay clean. */
  readonly timed?: boolean;
  /**
   * The samples the probe runs on when the case asks for `batch` (e.g. a CKA probe that needs many:
   * `(batch) => Math.max(batch, 32)`); a positive integer. Its `run` gets them as `settings.batch`, and the
   * case records both: `batch`, as asked, and `samples`. @default batch
   */
  samples?(batch: number): number;
  /**
   * Version of what the probe measures: bump it when the numbers change (its fingerprint then moves too).
   * Every benchmark that runs the probe hashes its package's name and this version (the results' `sources`),
   * so a release that leaves the probe as it was keeps results comparable. @default its package's version
   */
  readonly version?: string;
  /**
   * Why the probe cannot measure `model` beyond its `requires` (e.g. a named part it reads is absent), or
   * `undefined` when it can; such a case is recorded `not-applicable` with this reason as its note.
   */
  appliesTo?(model: Model): string | undefined;
  run(model: Model, context: ProbeContext): Promise<Measurement>;
}

export function defineProbe(probe: Probe): Probe {
  return probe;
}

/** One name as the results file spells it, or a family of them (one per timed task, per named part). */
export type NameSpec = string | ((...args: never[]) => string);

/**
 * A metric or series name with its unit (`'1'` for dimensionless): `{ name: 'norm-first', unit: '1' }`, or a
 * family of names sharing one unit, `{ name: (source: string) => \`${source}-high-frequency\` as const, unit: '1' }`.
 * `unit: null` where each value brings its own (a task's own scores): the builder then takes it with the value.
 */
export interface UnitName {
  readonly name: NameSpec;
  readonly unit: string | null;
}

/** What `defineNames` takes: metrics and series with their units, labels by name alone. */
export interface NamesDeclaration {
  readonly metrics?: Readonly<Record<string, UnitName>>;
  readonly series?: Readonly<Record<string, UnitName>>;
  readonly labels?: Readonly<Record<string, NameSpec>>;
}

/** The units of a declaration's names, for `MeasurementBuilder` and listings. */
export interface DeclaredUnits {
  /** The unit of a metric or series name the declaration spells (a family's once its function spelt it); `null` where each value brings its own; `undefined` for a name it does not declare. */
  of(name: string): string | null | undefined;
  /** Every metric with its unit, a family's name spelt with `*` for each argument (`*-high-frequency-mean`). */
  readonly metrics: Readonly<Record<string, string | null>>;
  /** Every series with its unit, as `metrics`. */
  readonly series: Readonly<Record<string, string | null>>;
}

/**
 * The metric, series and label names a probe writes, each under an identifier its readers use
 * (`GRADIENT_PROFILE.metrics.log10RatioFirstLast`, a string; a family is a function returning one). Made by
 * `defineNames`, which also keeps each name's unit (`units`), so `new MeasurementBuilder(names)` takes the
 * unit from the declaration, accepts only the names declared there, and the probe and every reader share one
 * spelling. A plain `as const satisfies MeasurementNames` object without units still types the names; its
 * builder then takes a unit with every value.
 */
export interface MeasurementNames {
  readonly metrics?: Readonly<Record<string, NameSpec>>;
  readonly series?: Readonly<Record<string, NameSpec>>;
  readonly labels?: Readonly<Record<string, NameSpec>>;
  /** The units of the names, where `defineNames` made them. */
  readonly units?: DeclaredUnits;
  /** What `defineNames` was given. */
  readonly declaration?: NamesDeclaration;
}

/** The spelled names of one group of `MeasurementNames`: each string, and what each family's function returns. */
export type SpelledNames<G> = G extends Readonly<Record<string, NameSpec>> ? Extract<{ [K in keyof G]: G[K] extends (...args: never[]) => infer R ? R : G[K] }[keyof G], string> : never;

export type MetricName<N extends MeasurementNames> = SpelledNames<N['metrics']>;
export type SeriesName<N extends MeasurementNames> = SpelledNames<N['series']>;
export type LabelName<N extends MeasurementNames> = SpelledNames<N['labels']>;

/** What `defineNames` returns for a declaration `D`: each name as spelled (a family: its function), with the units kept. */
export interface DefinedNames<D extends NamesDeclaration> extends MeasurementNames {
  readonly metrics: { readonly [K in keyof D['metrics']]: NonNullable<D['metrics']>[K]['name'] };
  readonly series: { readonly [K in keyof D['series']]: NonNullable<D['series']>[K]['name'] };
  readonly labels: { readonly [K in keyof D['labels']]: NonNullable<D['labels']>[K] };
  readonly units: DeclaredUnits;
  readonly declaration: D;
}

/** The names of a group of a declaration whose unit is (`U` = string) or is not (`U` = null) declared. */
type NamesWithUnit<G, U> = G extends Readonly<Record<string, UnitName>>
  ? Extract<{ [K in keyof G]: G[K]['unit'] extends U ? (G[K]['name'] extends (...args: never[]) => infer R ? R : G[K]['name']) : never }[keyof G], string>
  : never;
type Group = 'metrics' | 'series';
/** Names of group `G` whose unit the declaration gives: the builder takes no unit for them. */
export type DeclaredUnitName<N extends MeasurementNames, G extends Group> = N extends { readonly declaration: infer D extends NamesDeclaration } ? NamesWithUnit<D[G], string> : never;
/** Names of group `G` the builder takes a unit with: all of them without a declaration, else those declared `unit: null`. */
export type GivenUnitName<N extends MeasurementNames, G extends Group> = N extends { readonly declaration: infer D extends NamesDeclaration } ? NamesWithUnit<D[G], null> : SpelledNames<N[G]>;

/** A name as a listing spells it: a family's (a function of its arguments) with `*` for each argument, `*-high-frequency`. */
export const spellName = (spec: NameSpec): string => (typeof spec === 'string' ? spec : (spec as (...args: string[]) => string)(...Array<string>(spec.length).fill('*')));

/**
 * Declares the names a probe writes with their units, once: metrics and series as `{ name, unit }` (a family's
 * `name` a function), labels by name. Readers get each name as spelled (`NAMES.metrics.normFirst` is
 * `'norm-first'`); `new MeasurementBuilder(NAMES)` takes each unit from here; `Probe.names` lists them.
 *
 * ```ts
 * export const UPDATE_RATIO = defineNames({
 *   metrics: { mean: { name: 'mean-update-ratio', unit: '1' } },
 *   series: { perBlock: { name: 'update-ratio', unit: '1' } },
 * });
 * ```
 */
export function defineNames<const D extends NamesDeclaration>(declaration: D): DefinedNames<D> {
  const spelled = new Map<string, string | null>();
  const record = (name: string, unit: string | null) => {
    const known = spelled.get(name);
    // A family whose values bring their own unit (`unit: null`) may spell a name declared with one: that unit stands.
    if (unit === null && known !== undefined) return name;
    if (known !== undefined && known !== null && known !== unit) throw new SkipbenchError(`'${name}' is declared in ${JSON.stringify(known)} and in ${JSON.stringify(unit)}: one name, one unit.`, 'plugin');
    spelled.set(name, unit);
    return name;
  };
  const spell = (specs: Readonly<Record<string, UnitName>> | undefined) =>
    Object.fromEntries(
      Object.entries(specs ?? {}).map(([key, { name, unit }]) =>
        typeof name === 'string' ? [key, record(name, unit)] : [key, (...args: never[]) => record(name(...args), unit)],
      ),
    );
  const listed = (specs: Readonly<Record<string, UnitName>> | undefined) => Object.fromEntries(Object.values(specs ?? {}).map(({ name, unit }) => [spellName(name), unit]));
  const metrics = spell(declaration.metrics);
  const series = spell(declaration.series);
  return {
    metrics,
    series,
    labels: { ...declaration.labels },
    units: { of: (name: string) => spelled.get(name), metrics: listed(declaration.metrics), series: listed(declaration.series) },
    declaration,
  } as unknown as DefinedNames<D>;
}

/** What a builder given no names accepts: any name, each with its unit. */
export interface AnyNames {
  readonly metrics: Readonly<Record<string, string>>;
  readonly series: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Builds a Measurement field by field, keeping every value's unit beside it. Given the probe's names from
 * `defineNames`, it accepts only the names declared there and takes each unit from the declaration (a unit
 * only for names declared `unit: null`); given names without units, or none, it takes a unit with every value.
 */
export class MeasurementBuilder<N extends MeasurementNames = AnyNames> {
  private readonly measurement: Measurement = { metrics: {}, series: {}, units: {}, labels: {}, notes: [] };
  private readonly units: DeclaredUnits | undefined;

  /** `names` fixes the names this builder accepts and, where `defineNames` made them, their units. */
  constructor(names?: N) {
    this.units = names?.units;
  }

  /** The unit of `name`: the declared one, else the one given with the value. */
  private unitOf(name: string, given: string | undefined): string {
    const declared = this.units?.of(name);
    if (typeof declared === 'string') {
      if (given !== undefined && given !== declared) throw new SkipbenchError(`'${name}' is declared in ${JSON.stringify(declared)}, but was given ${JSON.stringify(given)}.`, 'plugin');
      return declared;
    }
    if (given === undefined) throw new SkipbenchError(`'${name}' has no unit: declare it with defineNames, or give one with the value.`, 'plugin');
    return given;
  }

  /** A non-finite value is not recorded (JSON has no NaN or Infinity): a note names it instead. */
  metric(name: DeclaredUnitName<N, 'metrics'>, value: number): this;
  metric(name: GivenUnitName<N, 'metrics'>, value: number, unit: string): this;
  metric(name: string, value: number, unit?: string): this {
    const checked = this.unitOf(name, unit);
    if (!Number.isFinite(value)) return this.note(`${name} is ${value}, so it is not recorded as a metric`);
    this.measurement.metrics[name] = value;
    this.measurement.units[name] = checked;
    return this;
  }

  series(name: DeclaredUnitName<N, 'series'>, values: Array<number | null>): this;
  series(name: GivenUnitName<N, 'series'>, values: Array<number | null>, unit: string): this;
  series(name: string, values: Array<number | null>, unit?: string): this {
    this.measurement.series[name] = values;
    this.measurement.units[name] = this.unitOf(name, unit);
    return this;
  }

  label(name: LabelName<N>, value: string): this {
    this.measurement.labels[name] = value;
    return this;
  }

  note(text: string): this {
    this.measurement.notes.push(text);
    return this;
  }

  diverged(): this {
    this.measurement.diverged = true;
    return this;
  }

  build(): Measurement {
    return this.measurement;
  }
}
