import { defaultBackend } from '@skipbench/backends';
import { OptionError } from '@skipbench/core';
import type { CaseResult, Environment, ResultsDocument } from '../results/schema.js';
import { type Executor, InProcessExecutor, queueCases } from './executor.js';
import { planBenchmark, type Plan, type PlanOptions, type PlannedCase } from './plan.js';
import { WorkerPool, type WorkerLaunch } from './pool.js';
import { Run } from './run.js';

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

/** `runPlan`'s options: the plan's are already in the plan. */
type PlanRunOptions = Omit<RunOptions, keyof PlanOptions>;

/** What `runPlan` runs with: its options with their defaults. */
interface RunSettings {
  backend: string;
  jobs: number;
  threads: number;
  caseTimeoutMs: number;
}

/** Applies the defaults; refuses `jobs` that is no positive integer, and `jobs` or `caseTimeoutMs` without workers. */
function resolveSettings(plan: Plan, options: PlanRunOptions): RunSettings {
  const jobs = options.jobs ?? 1;
  if (!Number.isInteger(jobs) || jobs < 1) throw new OptionError({ option: 'jobs', received: jobs }, (spell) => `Expected ${spell('jobs')} to be a positive integer, but got ${jobs}.`);
  if (options.workers === undefined && (jobs > 1 || options.caseTimeoutMs !== undefined)) {
    const problem = jobs > 1 ? { option: 'jobs', received: jobs } : { option: 'caseTimeoutMs', received: options.caseTimeoutMs };
    throw new OptionError(problem, (spell) => `${spell('jobs')} and ${spell('caseTimeoutMs')} need isolated workers: pass ${spell('workers')} ({ plugins: [...] }).`);
  }
  return { backend: options.backend ?? defaultBackend, jobs, threads: options.threads ?? 1, caseTimeoutMs: options.caseTimeoutMs ?? plan.preset.caseTimeoutSeconds * 1000 };
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
  const settings = resolveSettings(plan, options);
  const run = Run.open(plan, { backend: settings.backend, out: options.out, resume: options.resume, force: options.force, packages: options.packages });
  try {
    const executor = createExecutor(plan, run, options, settings);
    try {
      await runCases(plan, run, executor, options);
    } finally {
      executor.close();
    }
    return run.finish();
  } finally {
    run.close();
  }
}

/** In isolated workers when `workers` says how to start them, else in this process. */
function createExecutor(plan: Plan, run: Run, options: PlanRunOptions, settings: RunSettings): Executor {
  const probe = (planned: PlannedCase) => plan.registry.probes.get(planned.probe)!.probe;
  const queue = queueCases(run.todo(), (planned) => probe(planned).timed === true);
  const { backend, jobs, threads, caseTimeoutMs } = settings;
  const { maxMemoryBytes, workers } = options;
  if (workers === undefined) return new InProcessExecutor(queue, { backend, threads, maxMemoryBytes, plan: run.casePlan, probe });
  return new WorkerPool(queue, { launch: workers, backend, jobs, threads, maxMemoryBytes, caseTimeoutMs, plan: run.casePlan });
}

/** Starts the executor, records the environment, then runs the cases, journalling each before `onCase` hears of it. */
async function runCases(plan: Plan, run: Run, executor: Executor, options: PlanRunOptions): Promise<void> {
  const environment = run.begin(await executor.start());
  options.onStart?.(plan, environment, [...run.done]);
  const { signal, killSignal } = options;
  await executor.execute({
    stopping: () => signal?.aborted === true || killSignal?.aborted === true,
    killSignal,
    onCaseStart: (planned, lane) => options.onCaseStart?.(planned, lane),
    onCase: (result) => {
      run.record(result);
      options.onCase?.(result);
    },
  });
}
