import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BackendInfo } from '@skipbench/backends';
import { SkipbenchError } from '@skipbench/core';
import type { CaseResult } from '../results/schema.js';
import type { CaseQueue, Execution, Executor } from './executor.js';
import { defaultMaxMemoryBytes } from './memory.js';
import type { PlannedCase } from './plan.js';
import { failedCase, type CasePlan } from './run-case.js';
import type { FromWorker, ToWorker } from './worker.js';

/** How the runner starts a worker process. */
export interface WorkerLaunch {
  /** Modules (paths or package names) whose default export is a plugin: each worker imports them. */
  plugins: readonly string[];
  /** The script a worker runs; it must call `serveCases`. @default the engine's own case worker */
  script?: string;
  /** Variables added to the worker's environment (a packed bundle starts itself in worker mode with one). */
  env?: Readonly<Record<string, string>>;
}

/** What every worker of a run gets; read when a worker starts and when a case is sent. */
export interface WorkerSettings {
  backend: string;
  /** wasm threads (`selectBackend`'s `threads`). */
  threads: number;
  maxMemoryBytes: number;
  caseTimeoutMs: number;
}

/** Core's worker script; run from the sources (core's own tests), the built one. */
function defaultScript(): string {
  const beside = fileURLToPath(new URL('./case-worker.js', import.meta.url));
  return existsSync(beside) ? beside : fileURLToPath(new URL('../../dist/benchmarks/case-worker.js', import.meta.url));
}

const STDERR_LINES_KEPT = 20;

/** A crash's own words, from the end of what the worker wrote to stderr (e.g. V8's heap-limit message). */
function lastWords(stderr: readonly string[]): string | undefined {
  const line = [...stderr].reverse().find((l) => /\S/.test(l) && !/^\s*at |^\s*-+\s*$|^<--- /.test(l));
  return line?.trim();
}

function deathReason(code: number | null, signal: NodeJS.Signals | null, stderr: readonly string[]): string {
  const words = lastWords(stderr);
  const how = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
  if (words !== undefined && /heap out of memory|allocation failed|out of memory/i.test(words)) return `out of memory: the worker died (${how}): ${words}`;
  return `the worker died (${how})${words === undefined ? '' : `: ${words}`}`;
}

/**
 * One worker process at a time for one lane of the run: started on first use, replaced after a case that
 * failed, timed out or killed it, because the engine in that process may be broken (a wasm out-of-memory
 * leaves it so).
 */
export class WorkerSlot {
  private child: ChildProcess | undefined;
  private starting: Promise<BackendInfo> | undefined;
  private stderr: string[] = [];
  /** Settles the case in flight when the worker is killed from outside (a second Ctrl-C). */
  private abandon: (() => void) | undefined;

  /** `settings` is shared by the pool's slots: the pool fills in the backend the first worker chose. */
  constructor(
    private readonly launch: WorkerLaunch,
    private readonly settings: WorkerSettings,
  ) {}

  /** Starts the worker if none runs; resolves with its backend once it is ready for cases. */
  start(): Promise<BackendInfo> {
    this.starting ??= new Promise<BackendInfo>((resolve, reject) => {
      const env = { ...process.env, ...this.launch.env };
      // Tensors live outside the JavaScript heap; this bounds what a runaway plugin allocates in it.
      const heapMiB = Math.max(1024, Math.round(this.settings.maxMemoryBytes / 2 ** 20));
      const child = fork(this.launch.script ?? defaultScript(), [], {
        env,
        execArgv: [`--max-old-space-size=${heapMiB}`],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'json',
      });
      this.child = child;
      this.stderr = [];
      // A worker that ends between cases (or a send to one that just did) is started afresh by the next run.
      child.on('error', () => {});
      child.on('exit', () => {
        if (this.child === child) {
          this.child = undefined;
          this.starting = undefined;
        }
      });
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        this.stderr.push(...text.split('\n'));
        this.stderr.splice(0, Math.max(0, this.stderr.length - STDERR_LINES_KEPT));
        if (process.env.SKIPBENCH_DEBUG) process.stderr.write(text);
      });
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => reject(new SkipbenchError(`A worker could not start: ${deathReason(code, signal, this.stderr)}.`, 'internal'));
      child.once('exit', onExit);
      child.once('message', (message: FromWorker) => {
        child.off('exit', onExit);
        if (message.type === 'ready') resolve(message.backend);
        else {
          this.stop();
          reject(new SkipbenchError(message.type === 'init-failed' ? message.message : 'A worker answered before it was ready.', message.type === 'init-failed' ? message.code : 'internal'));
        }
      });
      const init: ToWorker = { type: 'init', backend: this.settings.backend, threads: this.settings.threads, plugins: this.launch.plugins };
      child.send(init);
    });
    return this.starting;
  }

  /**
   * Runs one case; resolves with its result (a `failed` one when the worker timed out or died), or with
   * `undefined` when the worker was killed by `stop()` meanwhile (the case is then not measured).
   */
  async run(planned: PlannedCase, plan: CasePlan): Promise<CaseResult | undefined> {
    await this.start();
    const child = this.child!;
    const started = performance.now();
    const result = await new Promise<CaseResult | undefined>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (value: CaseResult | undefined) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        this.abandon = undefined;
        resolve(value);
      };
      const onMessage = (message: FromWorker) => {
        if (message.type === 'result') settle(message.result);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        settle(failedCase(planned, deathReason(code, signal, this.stderr), performance.now() - started));
      child.on('message', onMessage);
      child.once('exit', onExit);
      this.abandon = () => settle(undefined);
      const timeoutMs = this.settings.caseTimeoutMs;
      timer = setTimeout(() => {
        settle(failedCase(planned, `timed out after ${formatSeconds(timeoutMs)} (the case timeout)`, performance.now() - started));
        this.stop();
      }, timeoutMs);
      const { architecture, ...rest } = planned;
      const message: ToWorker = { type: 'case', planned: { ...rest, arch: architecture.id }, plan: { preset: { settings: plan.preset.settings }, ...(plan.trainedModels === undefined ? {} : { trainedModels: plan.trainedModels }) }, limits: { maxMemoryBytes: this.settings.maxMemoryBytes } };
      child.send(message);
    });
    if (result === undefined || result.status === 'failed') this.stop();
    return result;
  }

  /** Kills the worker now (a case in flight resolves `undefined`); the next `run` starts a fresh one. */
  stop(): void {
    this.abandon?.();
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.starting = undefined;
  }
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

/** What the worker pool runs cases with. */
export interface PoolSettings {
  launch: WorkerLaunch;
  /** The backend asked for; the first worker selects it, the others start on the one it chose. */
  backend: string;
  jobs: number;
  /** wasm threads of the cases that run alone. */
  threads: number;
  /** @default free memory / jobs, within what the backend addresses (`defaultMaxMemoryBytes`) */
  maxMemoryBytes: number | undefined;
  caseTimeoutMs: number;
  plan: CasePlan;
}

/**
 * Runs cases in worker processes, one lane (a `WorkerSlot`) per job, the lanes taking cases from one queue.
 * The timing cases run after the others, one at a time: in a worker of their own with `threads` threads
 * when the others ran side by side on one thread each, else in the first lane's.
 */
export class WorkerPool implements Executor {
  private readonly slots: WorkerSlot[] = [];
  private timingSlot: WorkerSlot | undefined;

  constructor(
    private readonly queue: CaseQueue,
    private readonly settings: PoolSettings,
  ) {}

  async start(): Promise<BackendInfo> {
    const { launch, jobs, threads, maxMemoryBytes, caseTimeoutMs } = this.settings;
    const { untimed, timed } = this.queue;
    const todo = untimed.length + timed.length;
    // With no case beside another, every case runs alone and gets every thread.
    const alone = jobs === 1 || untimed.length === 0 || todo <= 1;
    const shared: WorkerSettings = { backend: this.settings.backend, threads: alone ? threads : 1, maxMemoryBytes: maxMemoryBytes ?? os.freemem() / jobs, caseTimeoutMs };
    for (let lane = 0; lane < Math.max(1, Math.min(jobs, todo)); lane++) this.slots.push(new WorkerSlot(launch, shared));
    let backend = await this.slots[0]!.start();
    shared.backend = backend.id;
    shared.maxMemoryBytes = maxMemoryBytes ?? defaultMaxMemoryBytes(backend.id, jobs);
    // The timing cases' own worker, started now so that the environment records the threads they run on.
    if (!alone && threads > 1 && timed.length > 0) {
      this.timingSlot = new WorkerSlot(launch, { ...shared, threads });
      backend = await this.timingSlot.start();
    }
    return backend;
  }

  async execute(execution: Execution): Promise<void> {
    const kill = () => this.close();
    execution.killSignal?.addEventListener('abort', kill);
    try {
      const untimed = [...this.queue.untimed];
      await Promise.all(this.slots.map((slot, lane) => this.lane(slot, lane, untimed, execution)));
      await this.lane(this.timingSlot ?? this.slots[0]!, 0, [...this.queue.timed], execution);
    } finally {
      execution.killSignal?.removeEventListener('abort', kill);
    }
  }

  /** Runs cases taken from `queue` (shared with the other lanes) in `slot` until it is empty or the run stops. */
  private async lane(slot: WorkerSlot, lane: number, queue: PlannedCase[], execution: Execution): Promise<void> {
    for (let planned = queue.shift(); planned !== undefined && !execution.stopping(); planned = queue.shift()) {
      execution.onCaseStart(planned, lane);
      // A worker that fails while the run stops (killed as it started) leaves its case out, as not measured.
      const result = await slot.run(planned, this.settings.plan).catch((error: unknown) => {
        if (execution.stopping()) return undefined;
        throw error;
      });
      if (result !== undefined) execution.onCase(result);
    }
  }

  /** Kills every worker. */
  close(): void {
    for (const slot of [...this.slots, ...(this.timingSlot === undefined ? [] : [this.timingSlot])]) slot.stop();
  }
}
