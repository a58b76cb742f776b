import type { Model } from './model.js';
import type { ModelConfig } from './config.js';
import type { TF } from './tf.js';

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
  /** Metric and label names a summary table shows for this probe. */
  readonly headline?: readonly string[];
  /** The probe measures time: the runner runs its cases with no other case running, so its numbers stay clean. */
  readonly timed?: boolean;
  /**
   * The samples the probe runs on when the case asks for `batch` (e.g. a CKA probe that needs many:
   * `(batch) => Math.max(batch, 32)`); a positive integer. Its `run` gets them as `settings.batch`, and the
   * case records both: `batch`, as asked, and `samples`. @default batch
   */
  samples?(batch: number): number;
  /**
   * Version of what the probe measures: bump it when the numbers change. Every benchmark that runs a plugin
   * probe hashes its id with its package's name and this version (`settings.contributed`), so a release that
   * leaves the probe as it was keeps results comparable. @default its package's version
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
 * The metric, series and label names a probe writes, each under an identifier its readers use
 * (`GRADIENT_PROFILE.metrics.log10RatioFirstLast`). Declare it `as const satisfies MeasurementNames` and
 * hand it to `new MeasurementBuilder(names)`: the probe and every reader then share one spelling, and a
 * name outside the declaration does not compile.
 */
export interface MeasurementNames {
  readonly metrics?: Readonly<Record<string, NameSpec>>;
  readonly series?: Readonly<Record<string, NameSpec>>;
  readonly labels?: Readonly<Record<string, NameSpec>>;
}

/** The spelled names of one group of `MeasurementNames`: each string, and what each family's function returns. */
export type SpelledNames<G> = G extends Readonly<Record<string, NameSpec>> ? Extract<{ [K in keyof G]: G[K] extends (...args: never[]) => infer R ? R : G[K] }[keyof G], string> : never;

export type MetricName<N extends MeasurementNames> = SpelledNames<N['metrics']>;
export type SeriesName<N extends MeasurementNames> = SpelledNames<N['series']>;
export type LabelName<N extends MeasurementNames> = SpelledNames<N['labels']>;

/** What a builder given no names accepts: any name. */
export interface AnyNames {
  readonly metrics: Readonly<Record<string, string>>;
  readonly series: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Builds a Measurement field by field, keeping every value's unit beside it. Given the probe's
 * `MeasurementNames`, it accepts only the names declared there.
 */
export class MeasurementBuilder<N extends MeasurementNames = AnyNames> {
  private readonly measurement: Measurement = { metrics: {}, series: {}, units: {}, labels: {}, notes: [] };

  /** `names` is read for its type only: it fixes the names this builder accepts. */
  // biome-ignore lint/complexity/noUselessConstructor: the parameter carries the names' type
  constructor(_names?: N) {}

  /** A non-finite value is not recorded (JSON has no NaN or Infinity): a note names it instead. */
  metric(name: MetricName<N>, value: number, unit: string): this {
    if (!Number.isFinite(value)) return this.note(`${name} is ${value}, so it is not recorded as a metric`);
    this.measurement.metrics[name] = value;
    this.measurement.units[name] = unit;
    return this;
  }

  series(name: SeriesName<N>, values: Array<number | null>, unit: string): this {
    this.measurement.series[name] = values;
    this.measurement.units[name] = unit;
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
