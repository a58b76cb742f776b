import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BackendInfo } from '@skipbench/backends';
import { SkipbenchError, UsageError } from '@skipbench/core';
import type { JournalHeader } from '../results/partial.js';
import { SCHEMA_VERSION, completeness, inPlanOrder, type CaseResult, type Environment, type ResultsDocument } from '../results/schema.js';
import { coreVersion, engineVersion } from '../versions.js';
import { checkOutput, journalPath, lockOutput, resumeJournal } from './journal.js';
import type { Plan, PlannedCase } from './plan.js';
import type { CasePlan } from './run-case.js';
import type { RunOptions } from './run-options.js';
import { trainedModelsPath } from './trained-models.js';

/** What a run records, and where: `backend` is the one asked for (`auto` included), which a resumed run must ask for again. */
export type RunRecordOptions = Pick<RunOptions, 'out' | 'resume' | 'force' | 'packages'> & { backend: string };

/** The machine, the backend and the package versions a document records (`environment`). */
export function describeEnvironment(backend: BackendInfo, packages: Record<string, string>): Environment {
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
    packages: { '@skipbench/core': coreVersion(), '@skipbench/engine': engineVersion, ...backend.versions, ...packages },
  };
}

/**
 * One run of a plan: the cases it has, the environment it records and, with `out`, the files beside the
 * results file. `open` checks `out`, takes its lock and reads the journal of the run it resumes; `begin`
 * starts the journal, `record` appends each finished case to it, `finish` writes the results document and
 * `close` releases the lock. Without `out` the run lives in memory only.
 */
export class Run {
  /** The ids of the cases done before this run started: those of the journal it resumes. */
  readonly done: readonly string[];
  private readonly cases: CaseResult[];
  private environment: Environment | undefined;

  private constructor(
    private readonly plan: Plan,
    private readonly options: RunRecordOptions,
    private readonly resumed: { header: JournalHeader; cases: CaseResult[] } | undefined,
    private readonly release: () => void,
  ) {
    this.cases = [...(resumed?.cases ?? [])];
    this.done = [...new Set(this.cases.map((c) => c.id))];
  }

  /** Checks `out` and takes its lock, then reads the journal to resume; a refused journal releases the lock. */
  static open(plan: Plan, options: RunRecordOptions): Run {
    const { out } = options;
    if (out === undefined) return new Run(plan, options, undefined, () => {});
    checkOutput(out, options);
    const release = lockOutput(out);
    try {
      return new Run(plan, options, options.resume ? resumeJournal(out, plan, options.backend) : undefined, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /** The plan's cases still to run, in plan order. */
  todo(): PlannedCase[] {
    const done = new Set(this.done);
    return this.plan.cases.filter((c) => !done.has(c.id));
  }

  /** What every case needs of the run: the plan's preset, and the folder of trained models kept beside `out`. */
  get casePlan(): CasePlan {
    const { out } = this.options;
    return { preset: this.plan.preset, ...(out === undefined ? {} : { trainedModels: trainedModelsPath(out) }) };
  }

  /** True when resuming a run that already holds every case of the plan: nothing is left to run. */
  get finished(): boolean {
    return this.resumed !== undefined && this.todo().length === 0;
  }

  /**
   * Called once the backend is selected (or, for a `finished` run, without one): returns the environment the
   * document records, which for a resumed run is its first one (refused on another backend); a new run's
   * journal starts here, replacing any earlier one and the trained models an earlier run kept.
   */
  begin(backend: BackendInfo | undefined): Environment {
    const { plan, options, resumed } = this;
    const first = resumed?.header.environment;
    if (backend === undefined) {
      if (first === undefined) throw new SkipbenchError('A new run needs a backend to begin.', 'internal');
      this.environment = first;
      return first;
    }
    const environment = describeEnvironment(backend, options.packages ?? {});
    if (first !== undefined && first.backend !== environment.backend) {
      throw new UsageError(`Cannot resume: its cases ran on ${first.backend}, this run would run on ${environment.backend}.`);
    }
    if (options.out !== undefined && resumed === undefined) {
      const header: JournalHeader = { benchmark: plan.benchmark, backend: options.backend, seeds: plan.seeds, settings: plan.settings, environment };
      rmSync(trainedModelsPath(options.out), { recursive: true, force: true });
      writeFileSync(journalPath(options.out), `${JSON.stringify(header)}\n`);
    }
    this.environment = first ?? environment;
    return this.environment;
  }

  /** Keeps one finished case: on disk before the next case is recorded, so a crash keeps it. */
  record(result: CaseResult): void {
    this.cases.push(result);
    if (this.options.out !== undefined) appendFileSync(journalPath(this.options.out), `${JSON.stringify(result)}\n`);
  }

  /**
   * The results document, after `begin`, complete or not; with `out` it is written atomically, and the
   * journal and the trained models go once every case of this run (or shard) is in.
   */
  finish(): ResultsDocument {
    const { plan, options } = this;
    const present = new Set(this.cases.map((c) => c.id));
    const document: ResultsDocument = {
      schemaVersion: SCHEMA_VERSION,
      benchmark: plan.benchmark,
      createdAt: new Date().toISOString(),
      environment: this.environment!,
      seeds: plan.seeds,
      settings: plan.settings,
      sources: plan.sources,
      ...completeness(plan.plannedIds.filter((id) => !present.has(id))),
      cases: [...this.cases].sort(inPlanOrder),
    };
    if (options.out === undefined) return document;
    writeFileSync(`${options.out}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
    renameSync(`${options.out}.tmp`, options.out);
    if (plan.cases.every((c) => present.has(c.id))) {
      rmSync(journalPath(options.out), { force: true });
      rmSync(trainedModelsPath(options.out), { recursive: true, force: true });
    }
    return document;
  }

  /** Releases the lock on `out`. */
  close(): void {
    this.release();
  }
}
