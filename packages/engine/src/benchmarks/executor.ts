import { selectBackend, type BackendInfo } from '@skipbench/backends';
import type { Probe } from '@skipbench/core';
import type { CaseResult } from '../results/schema.js';
import { defaultMaxMemoryBytes } from './memory.js';
import type { PlannedCase } from './plan.js';
import { runCase, type CasePlan } from './run-case.js';

/** What an executor reads of the run while cases execute, and what it tells it. */
export interface Execution {
  /** True once no case may start: the run's `signal` or `killSignal` fired. */
  stopping(): boolean;
  /** Fires when the running cases are to be stopped too. */
  killSignal?: AbortSignal;
  /** A case starts in `lane` (0 … jobs − 1). */
  onCaseStart(planned: PlannedCase, lane: number): void;
  /** A case finished; one stopped by `killSignal` is not measured and never reported. */
  onCase(result: CaseResult): void;
}

/**
 * How a run's cases execute: `start` selects the backend (starting whatever runs cases) and resolves with
 * the one the timing cases run on; `execute` runs the cases, timing cases last and alone, until all are
 * done or the run stops; `close` ends whatever still runs.
 */
export interface Executor {
  start(): Promise<BackendInfo>;
  execute(execution: Execution): Promise<void>;
  close(): void;
}

/** A run's cases to execute: those that may run side by side, then the timing cases, which run alone. */
export interface CaseQueue {
  readonly untimed: readonly PlannedCase[];
  readonly timed: readonly PlannedCase[];
}

/** `cases` split by `timed`, each part in plan order. */
export function queueCases(cases: readonly PlannedCase[], timed: (planned: PlannedCase) => boolean): CaseQueue {
  return { untimed: cases.filter((c) => !timed(c)), timed: cases.filter(timed) };
}

/** What the in-process executor runs cases with. */
export interface InProcessSettings {
  /** The backend asked for. */
  backend: string;
  threads: number;
  /** @default free memory, within what the backend addresses (`defaultMaxMemoryBytes`) */
  maxMemoryBytes: number | undefined;
  plan: CasePlan;
  probe: (planned: PlannedCase) => Probe;
}

/**
 * Selects the backend in this process and runs the cases here, one at a time. Nothing can stop a case that
 * computes synchronously, so there is no time limit, and a crash ends the run.
 */
export class InProcessExecutor implements Executor {
  private maxMemoryBytes: number | undefined;

  constructor(
    private readonly queue: CaseQueue,
    private readonly settings: InProcessSettings,
  ) {
    this.maxMemoryBytes = settings.maxMemoryBytes;
  }

  async start(): Promise<BackendInfo> {
    const backend = await selectBackend(this.settings.backend, { threads: this.settings.threads });
    this.maxMemoryBytes ??= defaultMaxMemoryBytes(backend.id, 1);
    return backend;
  }

  async execute(execution: Execution): Promise<void> {
    const { plan, probe } = this.settings;
    for (const planned of [...this.queue.untimed, ...this.queue.timed]) {
      // Probes compute synchronously; yielding to the event loop lets signals (Ctrl-C) and timers through.
      await new Promise((resolve) => setImmediate(resolve));
      if (execution.stopping()) break;
      execution.onCaseStart(planned, 0);
      execution.onCase(await runCase(planned, probe(planned), plan, { maxMemoryBytes: this.maxMemoryBytes }));
    }
  }

  /** Nothing outlives a case in this process. */
  close(): void {}
}
