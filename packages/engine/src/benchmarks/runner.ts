import os from 'node:os';
import { selectBackend, type BackendInfo, defaultBackend, type BackendId } from '@skipbench/backends';
import { SCHEMA_VERSION, completeness, type CaseResult, type Environment, type ResultsDocument } from '../results/schema.js';
import { UsageError } from '@skipbench/core';
import { coreVersion, engineVersion } from '../versions.js';
import { appendJournal, checkOutput, lockOutput, resumeJournal, startJournal, writeResults } from './journal.js';
import { planBenchmark, type Plan, type PlanOptions, type PlannedCase } from './plan.js';
import { WorkerSlot, type WorkerLaunch, type WorkerSettings } from './pool.js';
import { runCase, type CasePlan } from './run-case.js';
import { trainedModelsPath } from './trained-models.js';

export interface RunOptions extends PlanOptions {
  /** @default 'wasm' */
  backend?: string;
  /** Versions to record (plugins, the CLI); core's, the engine's and TF.js's are added. */
  packages?: Record<string, string>;
  /**
   * Run every case in an isolated worker process started this way, so a throw, a hang, an engine
   * out-of-memory or a native crash ends that case and never the run. Without it cases run in this process
   * (no time limit can stop a synchronous case there).
   */
  workers?: WorkerLaunch;
  /** Workers running cases side by side (timing cases always run alone). Needs `workers`. @default 1 */
  jobs?: number;
  /**
   * wasm threads for the cases that run alone: every case when `jobs` is 1, else the timing cases (in a
   * worker of their own, after the others), while the cases side by side keep one thread each. Other
   * backends schedule their own threads. @default 1
   */
  threads?: number;
  /** A case still running after this long is stopped and recorded `failed`. Needs `workers`. @default the preset's */
  caseTimeoutMs?: number;
  /** A case whose estimated memory exceeds this is refused before it allocates. @default free memory / jobs, at most 4 GiB on wasm */
  maxMemoryBytes?: number;
  /**
   * Results file: written atomically at the end, complete or not; every finished case is journalled to
   * `<out>.partial.jsonl` first and a lock `<out>.lock` keeps a second run off the same file. Probes that
   * train keep their trained models in `<out>.trained/`, so a case training a model already trained alike
   * reuses it; the folder goes with the journal.
   */
  out?: string;
  /** Continue the run journalled beside `out`; refused when its plan, backend, seed or shard differ. */
  resume?: boolean;
  /** Overwrite an existing `out` (and start over from an unfinished run's journal). */
  force?: boolean;
  /** Called once the plan is known and the backend is ready, with the ids of the cases already done (resumed). */
  onStart?: (plan: Plan, environment: Environment, done: readonly string[]) => void;
  /** Called when a case starts, with the lane (0 … jobs − 1) it runs in. */
  onCaseStart?: (planned: PlannedCase, lane: number) => void;
  /** Called after every case, once it is journalled. */
  onCase?: (result: CaseResult) => void;
  /** Stop starting cases; the running ones finish and the document is written, marked incomplete. */
  signal?: AbortSignal;
  /** Stop the running cases too (their workers are killed); they are left out, as not measured. */
  killSignal?: AbortSignal;
}

/** wasm32 addresses 4 GiB: no case on the wasm backend can use more, whatever the machine has. */
const BACKEND_MEMORY_LIMIT: Partial<Record<BackendId, number>> = { wasm: 4 * 2 ** 30 };

/** The machine, the backend and the package versions a document records (`environment`). */
export function describeEnvironment(backend: BackendInfo, seed: number, packages: Record<string, string>): Environment {
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
    packages: { '@skipbench/core': coreVersion(), '@skipbench/engine': engineVersion, ...backend.versions, ...packages },
  };
}

/** The default memory limit of one case: this machine's free memory shared by the jobs, within what the backend can address. */
export function defaultMaxMemoryBytes(backend: BackendId, jobs: number): number {
  return Math.min(os.freemem() / jobs, BACKEND_MEMORY_LIMIT[backend] ?? Number.POSITIVE_INFINITY);
}

/** Plans, selects the backend, runs every case and returns the results document. */
export async function runBenchmark(options: RunOptions): Promise<ResultsDocument> {
  return runPlan(planBenchmark(options), options);
}

/**
 * Runs a plan made by `planBenchmark`. With `out`, the run is crash-safe and resumable (journal, lock,
 * atomic results file); with `workers`, every case runs in an isolated worker and `jobs` of them side by side.
 */
export async function runPlan(plan: Plan, options: Omit<RunOptions, keyof PlanOptions> = {}): Promise<ResultsDocument> {
  const requested = options.backend ?? defaultBackend;
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`Expected jobs to be a positive integer, but got ${jobs}.`);
  if (options.workers === undefined && (jobs > 1 || options.caseTimeoutMs !== undefined)) {
    throw new UsageError('jobs and caseTimeoutMs need isolated workers: pass workers ({ plugins: [...] }).');
  }
  const { out } = options;
  if (out !== undefined) checkOutput(out, options);
  const release = out === undefined ? () => {} : lockOutput(out);
  try {
    return await runLocked(plan, options, requested, jobs);
  } finally {
    release();
  }
}

async function runLocked(plan: Plan, options: Omit<RunOptions, keyof PlanOptions>, requested: string, jobs: number): Promise<ResultsDocument> {
  const { out } = options;
  const resumed = out !== undefined && options.resume ? resumeJournal(out, plan, requested) : undefined;
  const cases: CaseResult[] = [...(resumed?.cases ?? [])];
  const done = new Set(cases.map((c) => c.id));
  const todo = plan.cases.filter((c) => !done.has(c.id));
  const timeoutMs = options.caseTimeoutMs ?? plan.preset.caseTimeoutSeconds * 1000;
  const probe = (planned: PlannedCase) => plan.registry.probes.get(planned.probe)!.probe;
  const casePlan: CasePlan = { seed: plan.seed, preset: plan.preset, ...(out === undefined ? {} : { trainedModels: trainedModelsPath(out) }) };

  // Timing cases run after the others, one at a time, with no other case running.
  const timed = (c: PlannedCase) => probe(c).timed === true;
  const untimedCases = todo.filter((c) => !timed(c));
  const timedCases = todo.filter(timed);

  // The first worker (or this process) selects the backend; later workers start on the one it chose.
  let maxMemoryBytes = options.maxMemoryBytes;
  const slots: WorkerSlot[] = [];
  let timedSlot: WorkerSlot | undefined;
  let backend: BackendInfo;
  const threads = options.threads ?? 1;
  if (options.workers !== undefined) {
    const alone = jobs === 1 || untimedCases.length === 0 || todo.length <= 1;
    const settings: WorkerSettings = { backend: requested, threads: alone ? threads : 1, maxMemoryBytes: maxMemoryBytes ?? os.freemem() / jobs, caseTimeoutMs: timeoutMs };
    for (let lane = 0; lane < Math.max(1, Math.min(jobs, todo.length)); lane++) slots.push(new WorkerSlot(options.workers, settings));
    backend = await slots[0]!.start();
    settings.backend = backend.id;
    settings.maxMemoryBytes = maxMemoryBytes ??= defaultMaxMemoryBytes(backend.id, jobs);
    // The timing cases' own worker, started now so that the environment records the threads they run on.
    if (!alone && threads > 1 && timedCases.length > 0) {
      timedSlot = new WorkerSlot(options.workers, { ...settings, threads });
      backend = await timedSlot.start();
    }
  } else {
    backend = await selectBackend(requested, { threads });
    maxMemoryBytes ??= defaultMaxMemoryBytes(backend.id, 1);
  }
  const environment = describeEnvironment(backend, plan.seed, options.packages ?? {});
  if (resumed !== undefined && resumed.header.environment.backend !== environment.backend) {
    throw new UsageError(`Cannot resume: its cases ran on ${resumed.header.environment.backend}, this run would run on ${environment.backend}.`);
  }
  const recordedEnvironment = resumed?.header.environment ?? environment;
  if (out !== undefined && resumed === undefined) {
    startJournal(out, { benchmark: plan.benchmark, backend: requested, seed: plan.seed, settings: plan.settings, environment });
  }
  options.onStart?.(plan, recordedEnvironment, [...done]);

  const record = (result: CaseResult) => {
    cases.push(result);
    if (out !== undefined) appendJournal(out, result);
    options.onCase?.(result);
  };
  const stopping = () => options.signal?.aborted === true || options.killSignal?.aborted === true;

  if (options.workers === undefined) {
    for (const planned of [...untimedCases, ...timedCases]) {
      // Probes compute synchronously; yielding to the event loop lets signals (Ctrl-C) and timers through.
      await new Promise((resolve) => setImmediate(resolve));
      if (stopping()) break;
      options.onCaseStart?.(planned, 0);
      record(await runCase(planned, probe(planned), casePlan, { maxMemoryBytes }));
    }
  } else {
    const killAll = () => {
      for (const slot of [...slots, ...(timedSlot === undefined ? [] : [timedSlot])]) slot.stop();
    };
    options.killSignal?.addEventListener('abort', killAll);
    const lane = async (slot: WorkerSlot, index: number, queue: PlannedCase[]) => {
      for (let planned = queue.shift(); planned !== undefined && !stopping(); planned = queue.shift()) {
        options.onCaseStart?.(planned, index);
        const result = await slot.run(planned, casePlan).catch((error: unknown) => {
          if (stopping()) return undefined;
          throw error;
        });
        if (result !== undefined) record(result);
      }
    };
    try {
      await Promise.all(slots.map((slot, index) => lane(slot, index, untimedCases)));
      await lane(timedSlot ?? slots[0]!, 0, timedCases);
    } finally {
      options.killSignal?.removeEventListener('abort', killAll);
      killAll();
    }
  }

  const present = new Set(cases.map((c) => c.id));
  const missing = plan.plannedIds.filter((id) => !present.has(id));
  const document: ResultsDocument = {
    schemaVersion: SCHEMA_VERSION,
    benchmark: plan.benchmark,
    createdAt: new Date().toISOString(),
    environment: recordedEnvironment,
    settings: plan.settings,
    ...completeness(missing),
    cases: cases.sort((a, b) => a.index - b.index),
  };
  if (out !== undefined) writeResults(out, document, { keepJournal: plan.cases.some((c) => !present.has(c.id)) });
  return document;
}
