import { type Model, type ModelConfig, buildModel, type Measurement, type Probe, type ProbeContext, type ProbeSettings, deriveSeed, SkipbenchError, tf } from '@skipbench/core';
import type { CaseConfig, CaseResult } from '../results/schema.js';
import { estimateCaseMemory, formatBytes } from './memory.js';
import type { PlannedCase } from './plan.js';
import { trainedModelStore } from './trained-models.js';

/** What a case needs of its plan. */
export interface CasePlan {
  preset: { settings: ProbeSettings };
  /** The run's folder of trained models (`<out>.trained`), where probes that train reuse what earlier cases trained; absent: no reuse. */
  trainedModels?: string;
}

export interface CaseLimits {
  /** Refuse the case, before its probe allocates activations, when the estimate exceeds this. */
  maxMemoryBytes?: number;
}

/** Engine messages that mean the allocation failed: the engine of that process may be broken afterwards. */
const OUT_OF_MEMORY = /out of memory|memory access out of bounds|invalid typed array length|array buffer allocation failed|allocation failed|cannot enlarge memory/i;

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/** The reason recorded for a failed case: `out of memory: …` for an allocation failure, else the message. */
export function failureReason(error: unknown, stage: 'build' | 'probe'): string {
  const line = oneLine(error);
  if (OUT_OF_MEMORY.test(line)) return `out of memory: ${line}`;
  return stage === 'build' ? `build failed: ${line}` : line;
}

/**
 * What a result records of `config`: every field the plan set but the variant and depth, which the result
 * holds beside its id, in the axis table's order (copied: the plan shares values among cases).
 */
function recordedConfig({ variant: _variant, depth: _depth, ...recorded }: ModelConfig): CaseConfig {
  return structuredClone(recorded) as CaseConfig;
}

/**
 * The samples `probe` runs on in a case of `batch`: what its `samples` makes of the batch, else the batch.
 * A value that is not a positive integer is the plugin's fault, refused before any case runs.
 */
export function samplesFor(probe: Probe, batch: number): number {
  if (probe.samples === undefined) return batch;
  const samples = probe.samples(batch);
  if (!Number.isInteger(samples) || samples < 1) {
    throw new SkipbenchError(`Expected the probe '${probe.id}' to ask for a positive integer of samples, but its samples(${batch}) is ${samples}.`, 'plugin');
  }
  return samples;
}

/** The fields every result of a planned case has, whatever its outcome. */
export function caseBase(planned: PlannedCase): Omit<CaseResult, 'status' | 'metrics' | 'series' | 'units' | 'labels' | 'notes' | 'durationMs'> {
  const { config } = planned;
  return {
    id: planned.id,
    index: planned.index,
    benchmark: planned.benchmark,
    arch: planned.architecture.id,
    variant: config.variant,
    depth: config.depth,
    batch: planned.batch,
    samples: planned.samples,
    probe: planned.probe,
    config: recordedConfig(config),
  };
}

/** A `failed` result of a planned case, with its one-line reason. */
export function failedCase(planned: PlannedCase, error: string, durationMs: number): CaseResult {
  return { ...caseBase(planned), metrics: {}, series: {}, units: {}, labels: {}, notes: [], status: 'failed', error, durationMs };
}

/** Why `probe` cannot measure `model`: a capability it requires is missing, it reads another task, or its own `appliesTo` says why. */
export function notApplicableReason(probe: Probe, model: Model): string | undefined {
  const missing = probe.requires.filter((capability) => !model.capabilities[capability]);
  if (missing.length > 0) return `model lacks: ${missing.join(', ')}`;
  if (probe.task !== undefined && model.task.id !== probe.task) return `the probe reads the task '${probe.task}', and the model runs '${model.task.id}'`;
  return probe.appliesTo?.(model);
}

/**
 * Runs one planned case on a freshly built model, so probes never see each other's training. Never throws:
 * a build that throws, a case over the memory limit or a probe that throws is a `failed` result.
 */
export async function runCase(planned: PlannedCase, probe: Probe, plan: CasePlan, limits: CaseLimits = {}): Promise<CaseResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const { config, architecture } = planned;
  let model: Model;
  try {
    model = buildModel(architecture, config);
  } catch (error) {
    return failedCase(planned, failureReason(error, 'build'), elapsed());
  }
  const base = caseBase(planned);
  try {
    const inapplicable = notApplicableReason(probe, model);
    if (inapplicable !== undefined) {
      return { ...base, metrics: {}, series: {}, units: {}, labels: {}, status: 'not-applicable', notes: [inapplicable], durationMs: elapsed() };
    }
    if (limits.maxMemoryBytes !== undefined) {
      const estimate = estimateCaseMemory(model, planned.samples);
      if (estimate.totalBytes > limits.maxMemoryBytes) {
        const reason = `refused before allocating: estimated ${formatBytes(estimate.totalBytes)} (parameters ${formatBytes(estimate.parameterBytes)}, activations ${formatBytes(estimate.activationBytes)}) exceeds the memory limit of ${formatBytes(limits.maxMemoryBytes)}`;
        return failedCase(planned, reason, elapsed());
      }
    }
    const context: ProbeContext = {
      tf,
      seed: deriveSeed(config.seed, 'data'),
      // The probe runs on the samples it declared for this batch (`Probe.samples`), the case's batch by default.
      settings: { ...plan.preset.settings, batch: planned.samples },
      rebuild: (overrides) => buildModel(architecture, { ...config, ...overrides }),
      ...(plan.trainedModels === undefined ? {} : { trainedModels: trainedModelStore(tf, plan.trainedModels, { architecture: architecture.id, backend: tf.getBackend() }) }),
    };
    const measurement: Measurement = await probe.run(model, context);
    const { diverged, ...values } = measurement;
    return { ...base, ...values, status: diverged ? 'diverged' : 'ok', durationMs: elapsed() };
  } catch (error) {
    return failedCase(planned, failureReason(error, 'probe'), elapsed());
  } finally {
    model.dispose();
  }
}
