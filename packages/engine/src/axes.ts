import { z } from 'zod';
import type { Architecture, BenchmarkDefinition, ModelConfig } from '@skipbench/core';
import type { Preset } from './benchmarks/presets.js';

/** Where a case records an axis: a field of its config, its batch, or the probes' settings. */
export type AxisField = keyof ModelConfig | 'batch' | 'probeSettings';

/** What an axis's sweep sees: the request, the benchmark, the architecture and the preset. */
export interface SweepContext {
  readonly request: Readonly<Record<string, unknown>>;
  readonly benchmark: BenchmarkDefinition;
  readonly architecture: Architecture;
  readonly preset: Preset;
  /** The branch scales a branch-scale sweep runs (the request's one, else the preset's). */
  readonly branchScales: readonly number[];
}

/** How a plan sweeps an axis: its values for one benchmark and architecture, and its place in the loop. */
export interface Sweep {
  /** Position among the swept axes: the order cases are expanded in and their ids read. */
  readonly rank: number;
  /** The values this axis takes for one benchmark and architecture (undefined: the field is left unset). */
  values(context: SweepContext): readonly unknown[];
  /** Its part of the case id for one value (none for a value every case of the plan shares). */
  idPart(value: unknown, context: SweepContext): readonly string[];
}

/**
 * One config axis, declared once: what it is, how a plan requests it, where a case records it, whether the
 * benchmark version hashes it, how a plan sweeps it, and how a regime's label names it. Planning, case ids,
 * the results schema, regime labels and the CLI's flags all read this table.
 */
export interface AxisSpec {
  readonly summary: string;
  /** The `PlanOptions` entry that requests it. */
  readonly request: string;
  /** `list`: the request lists values to sweep; `value`: one value for every case. */
  readonly takes: 'list' | 'value';
  /** Validates one recorded value (results are read against it). */
  readonly schema: z.ZodType;
  /** What the plan uses when the request leaves the axis out, in words. */
  readonly default: string;
  readonly field: AxisField;
  /** The field is absent from a case whose request left the axis out. @default false */
  readonly optional?: boolean;
  /** Whether the benchmark version hashes the request (under `request`). */
  readonly hashed: boolean;
  /** How a plan sweeps it; absent: one value per plan (`values` of the generic sweep: the request's, or unset). */
  readonly sweep?: Sweep;
  /** Its words in a regime's label (`batch norm`, `scale 0.5`), or undefined where the value needs none. */
  readonly label?: (value: unknown) => string | undefined;
  /** Its value names a regime (not a size of the model or the sweep): a suggested run repeats it. @default false */
  readonly regime?: boolean;
  /**
   * Its values are replicates of one measurement (the seed): the plan runs every case once per value,
   * outermost, the case keeping its index and adding `field=value` to its id; timed cases run at the first
   * value only (they repeat themselves). At most one axis. @default false
   */
  readonly replicates?: boolean;
}

/** The requested list, or every value offered, or the architecture's default: how norm and init are chosen. */
const regimeChoice =
  (axis: 'norm' | 'init', request: 'norms' | 'inits') =>
  ({ request: asked, benchmark, architecture }: SweepContext): readonly string[] => {
    const chosen = asked[request] as readonly string[] | undefined;
    if (chosen !== undefined) return architecture.choices[axis].filter((c) => chosen.includes(c));
    return benchmark.sweepRegimes.includes(axis) ? [...architecture.choices[axis]] : [architecture.defaults[axis]];
  };

/** Every combination of the swept option values: [{a: 1, b: 5}, {a: 2, b: 5}, ...]; one unset set when none. */
function optionSets({ request }: SweepContext): ReadonlyArray<Record<string, number> | undefined> {
  const swept = Object.entries((request['options'] ?? {}) as Record<string, readonly number[]>);
  if (swept.length === 0) return [undefined];
  return swept.reduce<Array<Record<string, number>>>((sets, [name, values]) => sets.flatMap((set) => values.map((value) => ({ ...set, [name]: value }))), [{}]);
}

const sweepsScales = ({ benchmark }: SweepContext) => benchmark.sweep === 'branchScales';
const sweepsDepths = ({ benchmark }: SweepContext) => benchmark.sweep !== 'batches' && benchmark.sweep !== 'branchScales';

/** A fresh schema each time: a shared instance would appear in the published JSON Schema as a reference. */
const positiveInteger = () => z.number().int().positive();

/** Every config axis, in the order a case's config records them. */
export const AXES = {
  variant: {
    regime: true,
    summary: 'the skip axis: each architecture declares its variants, `plain` among them',
    request: 'variants',
    takes: 'list',
    schema: z.string().min(1),
    default: 'every variant of each architecture',
    field: 'variant',
    hashed: true,
    sweep: {
      rank: 0,
      values: ({ request, architecture }) => Object.keys(architecture.variants).filter((v) => (request['variants'] as readonly string[] | undefined)?.includes(v) ?? true),
      idPart: (value) => [String(value)],
    },
  },
  depth: {
    summary: 'blocks in the stack',
    request: 'depths',
    takes: 'list',
    schema: positiveInteger(),
    default: "the preset's sweep of the benchmark",
    field: 'depth',
    hashed: true,
    sweep: {
      rank: 4,
      values: (context) => {
        const depths = context.request['depths'] as readonly number[] | undefined;
        return sweepsDepths(context) ? (depths ?? context.preset[context.benchmark.sweep as 'depths' | 'gradientDepths']) : [depths?.[0] ?? context.preset.throughputDepth];
      },
      idPart: (value) => [`d${value}`],
    },
    label: (value) => `depth ${value}`,
  },
  batch: {
    summary: 'samples per batch',
    request: 'batches',
    takes: 'list',
    schema: positiveInteger(),
    default: "the preset's batch sizes (throughput) or its probe batch",
    field: 'batch',
    hashed: true,
    sweep: {
      rank: 5,
      values: ({ request, benchmark, preset }) => (request['batches'] as readonly number[] | undefined) ?? (benchmark.sweep === 'batches' ? preset.batches : [preset.settings.batch]),
      idPart: (value) => [`b${value}`],
    },
  },
  width: {
    summary: 'channels or features of the stream',
    request: 'width',
    takes: 'value',
    schema: positiveInteger(),
    default: "the architecture's",
    field: 'width',
    hashed: true,
    sweep: { rank: 7, values: ({ request, architecture }) => [request['width'] ?? architecture.defaults.width], idPart: () => [] },
  },
  inputSize: {
    summary: "image side, tokens, steps or nodes of one sample (the architecture's inputSizeMeaning)",
    request: 'inputSize',
    takes: 'value',
    schema: positiveInteger(),
    default: "the architecture's, times the preset's scale",
    field: 'inputSize',
    hashed: true,
    sweep: { rank: 8, values: ({ request, architecture, preset }) => [request['inputSize'] ?? architecture.defaults.inputSize * preset.inputScale], idPart: () => [] },
  },
  norm: {
    regime: true,
    summary: 'normalisation inside blocks',
    request: 'norms',
    takes: 'list',
    schema: z.string(),
    default: "every one for benchmarks that sweep it (gradient), else the architecture's",
    field: 'norm',
    hashed: true,
    sweep: { rank: 1, values: regimeChoice('norm', 'norms'), idPart: (value) => [String(value)] },
    label: (value) => (value === 'none' ? 'no norm' : `${value} norm`),
  },
  init: {
    regime: true,
    summary: 'weight initialiser',
    request: 'inits',
    takes: 'list',
    schema: z.string(),
    default: "every one for benchmarks that sweep it (gradient), else the architecture's",
    field: 'init',
    hashed: true,
    sweep: { rank: 2, values: regimeChoice('init', 'inits'), idPart: (value) => [String(value)] },
    label: (value) => `${value} init`,
  },
  branchScale: {
    regime: true,
    summary: 'gain on every branch output, merge(h, scale · F(h))',
    request: 'branchScale',
    takes: 'value',
    schema: z.number(),
    default: "1; a benchmark sweeping branch scales (tradeoff) runs the preset's unless one is given",
    field: 'branchScale',
    hashed: true,
    sweep: {
      rank: 6,
      values: (context) => (sweepsScales(context) ? context.branchScales : [context.request['branchScale'] ?? 1]),
      idPart: (value, context) => (sweepsScales(context) ? [`s${value}`] : []),
    },
    // A setting read back from a results file is text: `1` and `'1'` both name the default scale.
    label: (value) => (Number(value) === 1 ? undefined : `scale ${value}`),
  },
  seed: {
    summary: 'seed of weights and data; each seed is a replicate of every case that is not timed',
    request: 'seeds',
    takes: 'list',
    schema: z.number().int(),
    default: "the preset's seed count from 1234",
    field: 'seed',
    // Seeds are replicates of one measurement: runs at other seeds pool, so the seed is recorded, not hashed.
    hashed: false,
    replicates: true,
  },
  task: {
    regime: true,
    summary: "a task other than each architecture's default (architectures without it are left out)",
    request: 'task',
    takes: 'value',
    schema: z.string(),
    default: "each architecture's",
    field: 'task',
    optional: true,
    hashed: true,
    label: (value) => `task ${value}`,
  },
  options: {
    regime: true,
    summary: "an architecture's own numeric settings, each swept over its values",
    request: 'options',
    takes: 'list',
    schema: z.record(z.string(), z.number()),
    default: "each option's default",
    field: 'options',
    optional: true,
    hashed: true,
    sweep: {
      rank: 3,
      values: optionSets,
      idPart: (value) => Object.entries((value ?? {}) as Record<string, number>).map(([name, v]) => `${name}=${v}`),
    },
    label: (value) =>
      Object.entries((value ?? {}) as Record<string, number>)
        .map(([name, v]) => `${name} ${v}`)
        .join(', ') || undefined,
  },
  trainSteps: {
    summary: 'optimiser steps of the probes that train',
    request: 'trainSteps',
    takes: 'value',
    schema: positiveInteger(),
    default: "the preset's",
    field: 'probeSettings',
    hashed: true,
  },
} as const satisfies Record<string, AxisSpec>;

export type AxisId = keyof typeof AXES;
export type AxisTable = Readonly<Record<string, AxisSpec>>;

/** Whether a case's config records the axis (the batch and the probes' settings live elsewhere). */
export const recordedInConfig = (axis: AxisSpec): boolean => axis.field !== 'batch' && axis.field !== 'probeSettings';

/** The axes a case's config records, in their order, with their schemas: the results schema's `config`. */
export function configShapeOf(axes: AxisTable): Record<string, z.ZodType> {
  return Object.fromEntries(
    Object.values(axes)
      .filter(recordedInConfig)
      .map((axis) => [axis.field, axis.optional ? axis.schema.optional() : axis.schema]),
  );
}

type Axes = typeof AXES;
type RecordedId = { [K in keyof Axes]: Axes[K]['field'] extends 'batch' | 'probeSettings' ? never : K }[keyof Axes];
/** `configShapeOf(AXES)`, typed field by field. */
export type ConfigShape = { [K in RecordedId as Axes[K]['field']]: Axes[K] extends { optional: true } ? z.ZodOptional<Axes[K]['schema']> : Axes[K]['schema'] };
export const configShape = (): ConfigShape => configShapeOf(AXES) as ConfigShape;

/** A regime in words from the axes that label it: `batch norm, glorot init, scale 0.5`. */
export function regimeLabel(config: Readonly<Record<string, unknown>>, leaveOut: readonly string[] = [], axes: AxisTable = AXES): string {
  return Object.values(axes)
    .filter((axis) => axis.label !== undefined && !leaveOut.includes(axis.field) && config[axis.field] !== undefined)
    .map((axis) => axis.label!(config[axis.field]))
    .filter((words) => words !== undefined)
    .join(', ');
}

/** A replicate's case id: the id its replicates share, then the replicate axis's part, `/seed=1234`. */
export const replicateId = (sharedId: string, value: unknown, axis: AxisSpec = AXES.seed) => `${sharedId}/${axis.field}=${value}`;

/** The id a case's replicates share: its id less the part `replicateId` added. */
export const sharedReplicateId = (id: string, axis: AxisSpec = AXES.seed) => id.replace(new RegExp(`/${axis.field}=[^/]+$`), '');
