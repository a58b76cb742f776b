import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { OptionError, type OptionProblem, SkipbenchError, type SpellOption } from '@skipbench/core';
import { readPartialResults, type JournalHeader } from '../results/partial.js';
import type { CaseResult } from '../results/schema.js';
import { parseResults } from '../results/read.js';
import type { Plan } from './plan.js';

export interface OutputOptions {
  /** Continue the run whose journal is `<out>.partial.jsonl`. */
  resume?: boolean;
  /** Replace an existing results file (and an unfinished run's journal). */
  force?: boolean;
}

export const journalPath = (out: string) => `${out}.partial.jsonl`;
export const lockPath = (out: string) => `${out}.lock`;

/** A path as a message shows it: relative to the working folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

/** A refused `out`: the message's options are spelled by `spell` (see `OptionError`). */
const refuseOut = (out: string, phrase: (spell: SpellOption) => string) => new OptionError({ option: 'out', received: out }, phrase);

/**
 * Checks, before anything runs, that `out` can be written: a file path (not a folder) in an existing
 * folder, not an existing results file unless `force` or `resume`, and not an unfinished run's journal
 * unless `resume` (continue it) or `force` (start over).
 */
export function checkOutput(out: string, options: OutputOptions = {}): void {
  const folder = path.dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw refuseOut(out, (spell) => `Output folder '${displayPath(folder)}' does not exist; create it or choose another ${spell('out')}.`);
  if (existsSync(out) && statSync(out).isDirectory()) throw refuseOut(out, (spell) => `${spell('out')} ${displayPath(out)} is a folder; name a results file, e.g. ${displayPath(path.join(out, 'results.json'))}.`);
  if (options.resume) {
    if (!existsSync(journalPath(out)) && !existsSync(out)) throw new OptionError({ option: 'resume', received: true }, () => `Nothing to resume: neither ${displayPath(journalPath(out))} nor ${displayPath(out)} exists.`);
    return;
  }
  if (options.force) return;
  if (existsSync(journalPath(out))) throw refuseOut(out, (spell) => `${displayPath(journalPath(out))} holds an unfinished run: add ${spell('resume')} to continue it or ${spell('force')} to start over.`);
  if (existsSync(out)) throw refuseOut(out, (spell) => `${displayPath(out)} exists: add ${spell('force')} to overwrite it, or choose another ${spell('out')}.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<out>.lock` for this process, so a second run on the same file refuses instead of interleaving
 * with it; a lock left by a process that no longer runs (kill -9) is taken over. Returns the release.
 */
export function lockOutput(out: string): () => void {
  const lock = lockPath(out);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(pid) && processAlive(pid)) {
        throw refuseOut(out, (spell) => `${displayPath(out)} is being written by another run (pid ${pid}, lock ${displayPath(lock)}); wait for it or choose another ${spell('out')}.`);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new SkipbenchError(`Could not take the lock ${displayPath(lock)}.`, 'internal');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const shardLabel = (shard: Plan['benchmark']['shard']) => (shard === undefined ? 'unsharded' : `shard ${shard.index}/${shard.count}`);

const listed = (seeds: readonly number[]) => seeds.join(', ');

/**
 * The cases a journal already holds for this plan, after checking its header matches the run (benchmark
 * version, requested backend, shard, and seeds the run's contain); a journal without a header, or of another
 * run, is refused. Without a journal, a finished results file of the plan is resumed: its cases become the
 * journal, so a run may add seeds to a finished one.
 */
export function resumeJournal(out: string, plan: Plan, backend: string): { header: JournalHeader; cases: CaseResult[] } {
  const file = journalPath(out);
  const fromResults = !existsSync(file);
  const { header, cases } = fromResults ? resultsAsJournal(out, plan, backend) : readPartialResults(file);
  const name = path.basename(fromResults ? out : file);
  const unreadable = (why: string) => new OptionError({ option: 'resume', received: true }, (spell) => `Cannot resume ${name}: ${why}; start over with ${spell('force')}.`);
  // The journal accepts only the value its own run had.
  const differs = (problem: OptionProblem, theirs: string, ours: string, repeat = (_spell: SpellOption) => 'options') =>
    new OptionError(problem, (spell) => `Cannot resume ${name}: it holds ${theirs}, this run is ${ours}; repeat the first run's ${repeat(spell)} or start over with ${spell('force')}.`);
  if (header === undefined) throw unreadable('it has no header line, so nothing says which run its cases belong to');
  const journal: Partial<JournalHeader> = header;
  if (journal.benchmark?.id !== plan.benchmark.id || journal.benchmark.version !== plan.benchmark.version) {
    const [theirs, ours] = [`${journal.benchmark?.id}@${journal.benchmark?.version}`, `${plan.benchmark.id}@${plan.benchmark.version}`];
    throw differs({ option: 'benchmark', received: ours, accepted: [theirs] }, `benchmark ${theirs}`, `benchmark ${ours} (other options)`);
  }
  if (journal.backend !== backend) throw differs({ option: 'backend', received: backend, accepted: [journal.backend] }, `backend ${journal.backend}`, `backend ${backend}`);
  const held = [...new Set([...(journal.seeds ?? []), ...cases.map((c) => c.config.seed)])].sort((a, b) => a - b);
  if (held.some((seed) => !plan.seeds.includes(seed))) {
    const problem = { option: 'seeds', received: plan.seeds, accepted: [held] };
    throw new OptionError(problem, (spell) => `Cannot resume ${name}: it holds seeds ${listed(held)}, this run is seeds ${listed(plan.seeds)}; ask ${spell('seeds')} for every seed it holds (more may be added) or start over with ${spell('force')}.`);
  }
  if (!same(journal.benchmark.shard, plan.benchmark.shard)) {
    const problem = { option: 'shard', received: plan.benchmark.shard, accepted: [journal.benchmark.shard] };
    throw differs(problem, shardLabel(journal.benchmark.shard), shardLabel(plan.benchmark.shard), (spell) => spell('shard'));
  }
  if (journal.environment === undefined) throw unreadable('its header records no environment');
  if (fromResults) writeFileSync(file, [header, ...cases].map((line) => `${JSON.stringify(line)}\n`).join(''));
  const planned = new Set(plan.cases.map((c) => c.id));
  return { header, cases: cases.filter((c) => planned.has(c.id)) };
}

/** A finished results file read as the journal of its run (the backend asked for is checked against the one that ran, at `begin`). */
function resultsAsJournal(out: string, plan: Plan, backend: string): { header: JournalHeader; cases: CaseResult[] } {
  const document = parseResults(readFileSync(out, 'utf8'), displayPath(out), { benchmarks: [...plan.registry.benchmarks.keys()] });
  const { benchmark, seeds, settings, environment, cases } = document;
  return { header: { benchmark: benchmark as Plan['benchmark'], backend, seeds, settings, environment }, cases };
}
