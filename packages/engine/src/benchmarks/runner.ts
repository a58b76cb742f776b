import { defaultBackend } from '@skipbench/backends';
import { OptionError } from '@skipbench/core';
import type { ResultsDocument } from '../results/schema.js';
import { type Executor, InProcessExecutor, queueCases } from './executor.js';
import { planBenchmark, type Plan, type PlanOptions, type PlannedCase } from './plan.js';
import { WorkerPool } from './pool.js';
import { Run } from './run.js';
import type { RunOptions } from './run-options.js';

export type { RunOptions } from './run-options.js';

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
export async function runPlan(plan: Plan, options: PlanRunOptions = {}): Promise<ResultsDocument> {
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

/**
 * Starts the executor, records the environment, then runs the cases, journalling each before `onCase` hears of
 * it. A resumed run that holds every case already starts neither a backend nor a worker.
 */
async function runCases(plan: Plan, run: Run, executor: Executor, options: PlanRunOptions): Promise<void> {
  const environment = run.begin(run.finished ? undefined : await executor.start());
  options.onStart?.(plan, environment, [...run.done]);
  if (run.finished) return;
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
