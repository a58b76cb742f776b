import { z } from 'zod';
import { SKIP_KINDS } from '@skipbench/core';
import { configShape } from '../axes.js';

/** Version of the results document format. Readers refuse other versions. */
export const SCHEMA_VERSION = 4;

/**
 * The results document. These zod schemas are the single source: the TypeScript types are inferred from
 * them, the published JSON Schema (`@skipbench/engine/schema.json`) is generated from them at build time,
 * and every document is validated against them when read.
 */

export const CASE_STATUSES = ['ok', 'diverged', 'not-applicable', 'failed'] as const;

// `variant` and `depth` name the case, so a result holds them beside its id; the other fields go in `config`.
const { variant, depth, ...recordedFields } = configShape();

/** A case's `ModelConfig` but its variant and depth; `task` and `options` only when set. */
export const caseConfigSchema = z.object(recordedFields).strict();

export const caseResultSchema = z
  .object({
    /** Stable key of the case within its benchmark: benchmark/arch/variant/norm/init/…/depth/batch/probe/seed=N. */
    id: z.string().min(1),
    /** Position of the case in the unsharded plan of one seed, so shards, resumed runs and seeds merge back in order. */
    index: z.number().int().nonnegative(),
    benchmark: z.string().min(1),
    arch: z.string().min(1),
    variant,
    depth,
    /** The batch the case asked for (its id's `b8`). */
    batch: z.number().int().positive(),
    /** The samples its probe ran on: the batch, or more where the probe needs them (`Probe.samples`). */
    samples: z.number().int().positive(),
    probe: z.string().min(1),
    config: caseConfigSchema,
    status: z.enum(CASE_STATUSES),
    metrics: z.record(z.string(), z.number()),
    series: z.record(z.string(), z.array(z.number().nullable())),
    units: z.record(z.string(), z.string()),
    labels: z.record(z.string(), z.string()),
    notes: z.array(z.string()),
    /** Set when status is `failed`: the error's one-line message. */
    error: z.string().optional(),
    durationMs: z.number().nonnegative(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const name of [...Object.keys(value.metrics), ...Object.keys(value.series)]) {
      if (!(name in value.units)) ctx.addIssue({ code: 'custom', path: ['units', name], message: `missing unit for '${name}'` });
    }
    if (value.status === 'failed' && value.error === undefined) {
      ctx.addIssue({ code: 'custom', path: ['error'], message: "a failed case needs 'error'" });
    }
  });

export const environmentSchema = z
  .object({
    backend: z.string(),
    /** Why this backend ran: `requested`, or how `--backend auto` chose it. */
    backendReason: z.string().optional(),
    device: z.string(),
    threads: z.number().int().positive(),
    simd: z.boolean().nullable(),
    kernelFills: z.array(z.object({ kernelName: z.string(), backendName: z.string(), action: z.string(), reason: z.string() })),
    node: z.string(),
    /** Operating system and kernel, e.g. 'Linux 6.1.0-18-amd64'. */
    os: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpu: z.string(),
    cores: z.number().int().positive(),
    memoryGiB: z.number().positive(),
    /** The GPU or other accelerator the backend ran on; null for CPU backends. */
    accelerator: z.object({ name: z.string(), memoryGiB: z.number().positive().nullable() }).strict().nullable(),
    /** Versions of skipbench packages, plugins and TF.js that produced the numbers. */
    packages: z.record(z.string(), z.string()),
  })
  .strict();

const sourceSchema = z.object({ package: z.string().min(1), version: z.string().min(1) }).strict();

/** The code that made the numbers: each architecture with its variants' declared skips, and each probe. */
export const sourcesSchema = z
  .object({
    architectures: z.record(
      z.string(),
      sourceSchema.extend({ variants: z.record(z.string(), z.object({ skips: z.array(z.enum(SKIP_KINDS)).min(1), ablates: z.array(z.string()).optional() }).strict()) }),
    ),
    probes: z.record(z.string(), sourceSchema),
  })
  .strict();

export const resultsDocumentSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    benchmark: z
      .object({
        id: z.string().min(1),
        /** Hash of everything that changes the numbers: the settings and the sources' packages and versions (not the seed: seeds are replicates). */
        version: z.string().min(1),
        /** Version of each standard benchmark the run covered (one for a single benchmark, several for `all`). */
        components: z.record(z.string(), z.string()),
        preset: z.string().min(1),
        /** Present when the run covered one slice of the plan (`--shard index/count`, 1-based). */
        shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).strict().optional(),
      })
      .strict(),
    createdAt: z.iso.datetime(),
    environment: environmentSchema,
    /** The seed set, ascending: each case that is not timed runs at every seed, a timed one at the first. */
    seeds: z.array(z.number().int().nonnegative()).min(1),
    /** The run's settings, so a reader can reproduce it. */
    settings: z.record(z.string(), z.unknown()),
    sources: sourcesSchema,
    /** Whether every planned case at every seed of `seeds` is in `cases`; false for an interrupted run or a subset of shards. */
    complete: z.boolean(),
    /** When not complete: the ids of the planned cases that are not in `cases`. */
    missing: z.array(z.string()).optional(),
    cases: z.array(caseResultSchema),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.complete && value.missing === undefined) {
      ctx.addIssue({ code: 'custom', path: ['missing'], message: "an incomplete document needs 'missing' (the planned cases it lacks)" });
    }
    if (value.complete && (value.missing?.length ?? 0) > 0) {
      ctx.addIssue({ code: 'custom', path: ['complete'], message: `true, but ${value.missing!.length} planned cases are listed as missing` });
    }
  });

export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseConfig = z.infer<typeof caseConfigSchema>;
export type CaseResult = z.infer<typeof caseResultSchema>;
export type Environment = z.infer<typeof environmentSchema>;
export type ResultsDocument = z.infer<typeof resultsDocumentSchema>;
export type RecordedSources = z.infer<typeof sourcesSchema>;

/** The order of cases in a document: by seed, then by place in the plan. */
export const inPlanOrder = (a: CaseResult, b: CaseResult) => a.config.seed - b.config.seed || a.index - b.index;

/** `complete` and `missing` of a document that lacks the planned cases `missing`. */
export function completeness(missing: readonly string[]): Pick<ResultsDocument, 'complete' | 'missing'> {
  return missing.length === 0 ? { complete: true } : { complete: false, missing: [...missing] };
}

/** The JSON Schema of a results document (draft 2020-12). */
export function resultsJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://skipbench.dev/schema/results-v${SCHEMA_VERSION}.json`,
    title: 'skipbench results document',
    ...z.toJSONSchema(resultsDocumentSchema, { target: 'draft-2020-12', io: 'input' }),
  };
}
