import { z } from 'zod';
import type { ModelConfig } from '@skipbench/core';

/** A field's schema: `ZodOptional` exactly when the field is optional, so the two cannot drift apart. */
type FieldSchema<K extends keyof ModelConfig> = object extends Pick<ModelConfig, K> ? z.ZodOptional<z.ZodType<Exclude<ModelConfig[K], undefined>>> : z.ZodType<ModelConfig[K]>;

/**
 * Every `ModelConfig` field once, in its order (the order results record them in): `schema` validates it in
 * results, and `setting` is the `PlanOptions` entry that requests it, under which the benchmark version
 * hashes it. A new field is one entry here (the compiler refuses a field missing, extra or of another type)
 * beside `ModelConfig`, plus what gives it meaning: the planner's default and the builds that read it.
 */
export const MODEL_CONFIG_FIELDS = {
  variant: { schema: z.string().min(1), setting: 'variants' },
  depth: { schema: z.number().int().positive(), setting: 'depths' },
  width: { schema: z.number().int().positive(), setting: 'width' },
  inputSize: { schema: z.number().int().positive(), setting: 'inputSize' },
  norm: { schema: z.string(), setting: 'norms' },
  init: { schema: z.string(), setting: 'inits' },
  branchScale: { schema: z.number(), setting: 'branchScale' },
  seed: { schema: z.number().int(), setting: 'seed' },
  /** The task, when not the architecture's default. */
  task: { schema: z.string().optional(), setting: 'task' },
  /** Architecture options set for this case, by name. */
  options: { schema: z.record(z.string(), z.number()).optional(), setting: 'options' },
} as const satisfies { readonly [K in keyof ModelConfig]-?: { readonly schema: FieldSchema<K>; readonly setting: string } };

type Fields = typeof MODEL_CONFIG_FIELDS;

/** The zod shape of `ModelConfig`, field by field. */
export const modelConfigShape = Object.fromEntries(Object.entries(MODEL_CONFIG_FIELDS).map(([key, field]) => [key, field.schema])) as {
  -readonly [K in keyof Fields]: Fields[K]['schema'];
};
