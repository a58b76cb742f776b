import type { Environment, CaseResult } from '../results/schema.js';
import type { Plan, PlannedCase, PlanOptions } from './plan-types.js';
import type { WorkerLaunch } from './pool.js';

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
  /**
   * Continue the run journalled beside `out` (or grow its finished results file); refused when its plan,
   * backend, seed or shard differ. One that holds every case already starts no backend or worker.
   */
  resume?: boolean;
  /** Overwrite an existing `out` (and start over from an unfinished run's journal). */
  force?: boolean;
  /** Called once the plan is known and the backend is ready, with the ids of the cases already done (resumed). */
  onStart?: (plan: Plan, environment: Environment, done: readonly string[]) => void;
  /** Called when a case starts, with the lane (0 … jobs − 1) it runs in. */
  onCaseStart?: (planned: PlannedCase, lane: number) => void;
  /** Called after every case, once it is journalled. */
  onCase?: (result: CaseResult) => void;
  /** Stop starting cases; the running ones finish and the document is written, marked incomplete (a Ctrl-C). */
  signal?: AbortSignal;
  /** Stop the running cases too (their workers are killed); they are left out, as not measured, never failed (a scheduler's cancel). */
  killSignal?: AbortSignal;
}
