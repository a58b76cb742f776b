import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildScorecard, checkOutput, defaultPreset, displayPath, journalPath, type Plan, type ResultsDocument } from '@skipbench/engine';
import { unknownChoice, UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { executeRun } from '../execute-run.js';
import { worded } from '../option-flags.js';
import { outputFile } from '../output.js';
import { parseList } from '../parse-args.js';
import { readResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry, reportProblems, type LoadedRegistry } from '../registry.js';
import { scorecardHtml, scorecardMarkdown, scorecardText } from '../render/scorecard.js';
import { runSummary } from '../run-summary.js';
import { parseRunOptions, planRun, type ParsedRunOptions, type RunCommandOptions } from '../run-plan.js';
import { defaultOutputPrefix, newestRun, resolveOutput } from '../run-output.js';

export interface ScorecardOptions {
  md?: boolean;
  html?: string;
  json?: boolean;
  /** Run the cases the registered claims need first; the flags below apply only with it. */
  run?: boolean;
  benchmarks?: string;
  preset?: string;
  arch?: string;
  jobs?: string;
  backend?: string;
  /** A folder for the results files, or one file when one benchmark runs. */
  out?: string;
  /** Continue an interrupted --run: resume its unfinished benchmarks, score its finished ones as they are, run the rest. */
  resume?: boolean;
  /** Overwrite an existing --out file, or start it over from its unfinished run's journal. */
  force?: boolean;
}

const RUN_FLAGS = {
  benchmarks: '--benchmarks',
  preset: '--preset',
  arch: '--arch',
  jobs: '--jobs',
  backend: '--backend',
  out: '--out',
  resume: '--resume',
  force: '--force',
} as const;

/** Every registered claim's verdict per family and regime, from the cases in `files` and, with --run, those it runs. */
export async function scorecardCommand(files: string[], options: ScorecardOptions): Promise<number> {
  const formats = [options.md && '--md', options.html !== undefined && '--html', options.json && '--json'].filter(Boolean);
  if (formats.length > 1) throw new UsageError(`Choose one format: --md, --html FILE or --json, but got ${formats.join(' and ')}.`);
  if (!options.run) {
    const given = Object.entries(RUN_FLAGS).filter(([key]) => options[key as keyof typeof RUN_FLAGS] !== undefined);
    if (given.length > 0) throw new UsageError(`${given.map(([, flag]) => flag).join(', ')} only ${given.length === 1 ? 'applies' : 'apply'} with --run.`);
    if (files.length === 0) throw new UsageError('Give results files, or --run to run the cases the claims need.');
  }
  if (options.resume && options.force) throw new UsageError('Choose --resume (continue the interrupted run) or --force (start over), not both.');
  const html = options.html === undefined ? undefined : outputFile(options.html, '--html');
  const run = options.run ? runFlags(options) : undefined;
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const documents = files.map((file) => readResultsFile(file, benchmarkIds(loaded.registry)));
  const ran = run === undefined ? undefined : await runClaimBenchmarks(files, options.benchmarks, run.options, run.parsed, loaded);
  const card = buildScorecard([...documents, ...(ran?.documents ?? [])], loaded.registry.claims.values());
  const installed = [...loaded.registry.architectures.keys()];
  if (html !== undefined) {
    writeFileSync(html, scorecardHtml(card, installed));
    process.stdout.write(`wrote ${options.html}\n`);
  } else {
    process.stdout.write(options.json ? `${JSON.stringify(card, null, 2)}\n` : options.md ? scorecardMarkdown(card, installed) : scorecardText(card, installed));
    // What it ran ends the text, as a run's end does: the answer last, not the card's rows.
    if (ran !== undefined && !options.json && !options.md) process.stdout.write(`\n${runSummary(ran.runs, loaded.registry)}\n`);
  }
  return ran?.code ?? EXIT.ok;
}

/** `skipbench run`'s options for --run's flags, parsed before plugins load. */
function runFlags({ arch = '*', preset = defaultPreset, jobs = 'auto', backend = 'wasm', out, resume, force }: ScorecardOptions) {
  const options: RunCommandOptions = { arch, preset, jobs, backend, out, resume, force };
  return { options, parsed: parseRunOptions(options) };
}

const isFolder = (file: string) => existsSync(file) && statSync(file).isDirectory();

/** A finished, complete results file of exactly this plan (same benchmark version: same cases and settings) at every seed it asks for. */
function finishedRunOf(file: string, plan: Plan, benchmarks: readonly string[]): ResultsDocument | undefined {
  if (!existsSync(file) || existsSync(journalPath(file))) return undefined;
  const document = readResultsFile(file, benchmarks);
  const same = document.benchmark.id === plan.benchmark.id && document.benchmark.version === plan.benchmark.version && plan.seeds.every((seed) => document.seeds.includes(seed));
  return document.complete && same ? document : undefined;
}

type Placed = { out: string; resume: boolean; finished?: ResultsDocument };

/**
 * Where one benchmark's results go. Without --resume: `--out`'s file or a new default-named one. With it: the
 * unfinished run there is resumed, a finished run of this same plan is scored as it is, else a new run starts.
 */
function placeRun(benchmark: string, plan: Plan, options: RunCommandOptions, folder: string | undefined, benchmarks: readonly string[]): Placed {
  const fresh = { ...options, resume: false, out: folder === undefined ? options.out : undefined };
  if (!options.resume) return { out: resolveOutput(benchmark, fresh, folder), resume: false };
  const file = folder === undefined && options.out !== undefined ? path.resolve(options.out) : undefined;
  const where = folder ?? path.resolve('results');
  const prefix = defaultOutputPrefix(benchmark, options);
  const unfinished = file !== undefined ? (existsSync(journalPath(file)) ? file : undefined) : newestRun(where, prefix);
  if (unfinished !== undefined) return { out: unfinished, resume: true };
  const finishedFile = file ?? newestRun(where, prefix, { finished: true });
  const finished = finishedFile === undefined ? undefined : finishedRunOf(finishedFile, plan, benchmarks);
  if (finished !== undefined) return { out: finishedFile!, resume: false, finished };
  return { out: resolveOutput(benchmark, fresh, folder), resume: false };
}

/** The command that continues this --run where it stopped. */
function resumeCommand(files: string[], benchmarks: string | undefined, options: RunCommandOptions): string {
  const given = files.map((file) => ` ${displayPath(path.resolve(file))}`).join('');
  const only = benchmarks === undefined ? '' : ` --benchmarks ${benchmarks}`;
  const out = options.out === undefined ? '' : ` --out ${displayPath(path.resolve(options.out))}`;
  return `skipbench scorecard${given} --run${only} --preset ${options.preset} --arch '${options.arch}' --backend ${options.backend}${out} --resume`;
}

/**
 * Runs, one after another, the benchmarks the registered claims name (or those of `--benchmarks`), each into
 * its own results file as `skipbench run` writes it. A benchmark whose plan is refused (no case for these
 * architectures or this preset) is left out with a line on stderr; when every one is, the first refusal stands.
 */
async function runClaimBenchmarks(files: string[], benchmarks: string | undefined, options: RunCommandOptions, parsed: ParsedRunOptions, loaded: LoadedRegistry) {
  const needed = [...new Set([...loaded.registry.claims.values()].map((c) => c.run.benchmark))];
  const chosen = benchmarks === undefined ? needed : [...new Set(parseList(benchmarks))];
  if (chosen.length === 0) throw new UsageError(`Expected --benchmarks to name at least one of ${needed.join(', ')}, but got none.`);
  for (const id of chosen) if (!needed.includes(id)) throw unknownChoice('benchmark of a claim', id, needed);
  const planned = [];
  const refusals: Array<{ benchmark: string; error: UsageError }> = [];
  for (const benchmark of chosen) {
    try {
      planned.push({ benchmark, plan: planRun(benchmark, options, parsed, loaded.registry) });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      refusals.push({ benchmark, error });
    }
  }
  if (planned.length === 0) throw refusals[0]!.error;
  const folder = options.out !== undefined && isFolder(options.out) ? path.resolve(options.out) : undefined;
  if (options.out !== undefined && folder === undefined) {
    if (/[\\/]$/.test(options.out)) throw new UsageError(`Output folder '${options.out}' does not exist; create it or choose another --out.`);
    if (planned.length > 1) {
      throw new UsageError(`--out ${options.out} is not a folder, but ${planned.length} benchmarks run (${planned.map((p) => p.benchmark).join(', ')}), each into its own results file; name an existing folder.`);
    }
  }
  const known = benchmarkIds(loaded.registry);
  const runs = planned.map((p) => ({ ...p, ...placeRun(p.benchmark, p.plan, options, folder, known) }));
  for (const run of runs) if (run.finished === undefined) checkOutput(run.out, { resume: run.resume, force: options.force });
  for (const { benchmark, error } of refusals) process.stderr.write(`skipbench: ${benchmark} left out: ${worded(error)}\n`);

  const done: Array<{ document: ResultsDocument; out: string }> = [];
  const result = (code: number) => ({ runs: done, documents: done.map((d) => d.document), code });
  for (const [i, { benchmark, plan, out, resume, finished }] of runs.entries()) {
    const which = `${benchmark} (${i + 1} of ${runs.length})`;
    if (finished !== undefined) {
      process.stderr.write(`skipbench: ${which} already finished in ${displayPath(out)}: scored as it is\n`);
      done.push({ document: finished, out });
      continue;
    }
    process.stderr.write(`skipbench: ${resume ? 'resuming' : 'running'} ${which}: ${plan.cases.length} cases into ${displayPath(out)}\n`);
    const { document, interrupted } = await executeRun(plan, out, { ...options, resume }, parsed, loaded.discovery);
    done.push({ document, out });
    if (interrupted) {
      const unstarted = runs.slice(i + 1).map((r) => r.benchmark);
      process.stderr.write(
        `skipbench: interrupted with ${document.cases.length} of ${plan.cases.length} ${benchmark} cases done${unstarted.length > 0 ? ` (${unstarted.join(', ')} not started)` : ''}; ${displayPath(out)} is marked incomplete; ${resumeCommand(files, benchmarks, options)} continues\n`,
      );
      return result(EXIT.interrupted);
    }
    process.stderr.write(`wrote ${displayPath(out)}\n`);
  }
  const cases = done.flatMap(({ document }) => document.cases);
  const failed = cases.filter((c) => c.status === 'failed').length;
  if (failed > 0) process.stderr.write(`skipbench: ${failed} of ${cases.length} cases failed\n`);
  return result(failed > 0 ? EXIT.failures : EXIT.ok);
}
