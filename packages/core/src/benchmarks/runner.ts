import os from 'node:os';
import { readFileSync } from 'node:fs';
import { selectBackend, type BackendInfo } from '../backends/index.js';
import { defaultBackend, SCHEMA_VERSION } from '../constants.js';
import { buildModel } from '../build.js';
import type { Measurement, Probe, ProbeContext } from '../probe.js';
import { coreProbes } from '../probes/index.js';
import { deriveSeed } from '../random.js';
import type { CaseResult, Environment, ResultsDocument } from '../results/schema.js';
import { tf } from '../tf.js';
import { planBenchmark, type Plan, type PlanOptions, type PlannedCase } from './plan.js';

export interface RunOptions extends PlanOptions {
  /** @default 'wasm' */
  backend?: string;
  /** Probes from plugins, beside core's. */
  probes?: readonly Probe[];
  /** Versions to record (plugins, the CLI); core's and TF.js's are added. */
  packages?: Record<string, string>;
  /** Cases already measured (a resumed run): they are not run again and go into the document as they are. */
  previous?: readonly CaseResult[];
  /** Called once the plan is known and the backend is ready. */
  onStart?: (plan: Plan, environment: Environment) => void;
  /** Called before every case starts. */
  onCaseStart?: (planned: PlannedCase, position: { index: number; total: number }) => void;
  /** Called after every case, in order, so a caller can persist it before the next one starts. */
  onCase?: (result: CaseResult, position: { index: number; total: number }) => void;
  signal?: AbortSignal;
}

const corePackage = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function describeEnvironment(backend: BackendInfo, seed: number, packages: Record<string, string>): Environment {
  const cpus = os.cpus();
  return {
    backend: backend.id,
    backendReason: backend.reason,
    device: backend.device,
    threads: backend.threads,
    simd: backend.simd,
    kernelFills: backend.kernelFills,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    platform: os.platform(),
    arch: os.arch(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: Math.max(1, cpus.length),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    accelerator: backend.accelerator,
    seed,
    packages: { '@skipbench/core': corePackage.version, ...backend.versions, ...packages },
  };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

/** Runs one planned case on a freshly built model, so probes never see each other's training. */
export async function runCase(planned: PlannedCase, probe: Probe, plan: Plan): Promise<CaseResult> {
  const started = performance.now();
  const { config, architecture } = planned;
  const base = {
    id: planned.id,
    index: planned.index,
    benchmark: planned.benchmark,
    arch: architecture.id,
    variant: config.variant,
    depth: config.depth,
    batch: planned.batch,
    probe: probe.id,
    config: {
      width: config.width,
      inputSize: config.inputSize,
      norm: config.norm,
      init: config.init,
      branchScale: config.branchScale,
      seed: config.seed,
      ...(config.task === undefined ? {} : { task: config.task }),
      ...(config.options === undefined ? {} : { options: { ...config.options } }),
    },
  };
  const empty = { metrics: {}, series: {}, units: {}, labels: {}, notes: [] };
  const model = buildModel(architecture, config);
  try {
    const missing = probe.requires.filter((capability) => !model.capabilities[capability]);
    if (missing.length > 0) {
      return { ...base, ...empty, status: 'not-applicable', notes: [`model lacks: ${missing.join(', ')}`], durationMs: performance.now() - started };
    }
    const context: ProbeContext = {
      tf,
      seed: deriveSeed(plan.seed, 'data'),
      settings: { ...plan.preset.settings, batch: planned.batch },
      rebuild: (overrides) => buildModel(architecture, { ...config, ...overrides }),
    };
    const measurement: Measurement = await probe.run(model, context);
    const { diverged, ...values } = measurement;
    return { ...base, ...values, status: diverged ? 'diverged' : 'ok', durationMs: performance.now() - started };
  } catch (error) {
    return { ...base, ...empty, status: 'failed', error: oneLine(error), durationMs: performance.now() - started };
  } finally {
    model.dispose();
  }
}

/** Plans, selects the backend, runs every case and returns the results document. */
export async function runBenchmark(options: RunOptions): Promise<ResultsDocument> {
  return runPlan(planBenchmark(options), options);
}

/** Runs a plan made by `planBenchmark` (callers that need the plan first, e.g. to resume, plan themselves). */
export async function runPlan(plan: Plan, options: Omit<RunOptions, keyof PlanOptions> = {}): Promise<ResultsDocument> {
  const probes = new Map([...coreProbes, ...(options.probes ?? [])].map((p) => [p.id, p]));
  const backend = await selectBackend(options.backend ?? defaultBackend);
  const environment = describeEnvironment(backend, plan.seed, options.packages ?? {});
  options.onStart?.(plan, environment);
  const planned = new Set(plan.cases.map((c) => c.id));
  const cases: CaseResult[] = (options.previous ?? []).filter((c) => planned.has(c.id));
  const done = new Set(cases.map((c) => c.id));
  const todo = plan.cases.filter((c) => !done.has(c.id));
  for (const [index, plannedCase] of todo.entries()) {
    // Probes compute synchronously; yielding to the event loop lets signals (Ctrl-C) and timers through.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) break;
    options.onCaseStart?.(plannedCase, { index, total: todo.length });
    const result = await runCase(plannedCase, probes.get(plannedCase.probe)!, plan);
    cases.push(result);
    options.onCase?.(result, { index, total: todo.length });
  }
  const present = new Set(cases.map((c) => c.id));
  const missing = plan.plannedIds.filter((id) => !present.has(id));
  return {
    schemaVersion: SCHEMA_VERSION,
    benchmark: plan.benchmark,
    createdAt: new Date().toISOString(),
    environment,
    settings: plan.settings,
    complete: missing.length === 0,
    ...(missing.length === 0 ? {} : { missing }),
    cases: cases.sort((a, b) => a.index - b.index),
  };
}
