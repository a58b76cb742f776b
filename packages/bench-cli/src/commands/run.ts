import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { cliVersion as version } from '../version.js';
import path from 'node:path';
import picomatch from 'picomatch';
import { checkOutput, displayPath, journalPath, parseShard, planBenchmark, runPlan, type Plan, type CaseResult, type Registry, type ResultsDocument } from '@skipbench/engine';
import { unknownChoice, UsageError, type Architecture } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { workerLaunch, type Discovery } from '../discovery.js';
import { benchmarkIds, loadRegistry, reportProblems } from '../registry.js';
import { parseArchGlob, parseJobs, parseList, parsePositiveInteger, parsePositiveNumber, parseThreads } from '../parse-args.js';
import { parseAxisOptions } from '../axis-flags.js';
import { formatNumber, table, variantLabel } from '../format.js';
import { Progress } from '../progress.js';

/** `skipbench run`'s options: its own, and the config axes' flags by commander's property (see axis-flags.ts). */
export interface RunCommandOptions {
  readonly [axisFlag: string]: unknown;
  arch: string;
  preset: string;
  backend: string;
  out?: string;
  json?: boolean;
  shard?: string;
  resume?: boolean;
  repeat?: string;
  probe?: string;
  jobs: string;
  threads?: string;
  caseTimeout?: string;
  maxMemory?: string;
  force?: boolean;
}

export function defaultOutputPrefix(benchmark: string, options: RunCommandOptions): string {
  const shard = options.shard === undefined ? '' : `-shard${options.shard.replace('/', 'of')}`;
  return `${benchmark}-${options.preset}-${options.backend}${shard}-`;
}

/**
 * The newest default-named results file of the same benchmark, preset and backend in `folder`: of an
 * unfinished run (its journal beside it) or, with `finished`, of one whose journal is gone.
 */
export function newestRun(folder: string, prefix: string, { finished = false } = {}): string | undefined {
  // An unfinished run killed before its first write has only its journal: unfinished runs are found by it.
  const suffix = finished ? '.json' : `.json${journalPath('')}`;
  const candidates = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
        .map((name) => path.join(folder, name))
        .filter((file) => !finished || !existsSync(journalPath(file)))
    : [];
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]?.slice(0, finished ? undefined : -journalPath('').length);
}

/** The results file: `--out`, else a new default-named one in `folder` (created if missing), or with --resume the newest unfinished one there. */
export function resolveOutput(benchmark: string, options: RunCommandOptions, folder = path.resolve('results')): string {
  if (options.out !== undefined) return path.resolve(options.out);
  const prefix = defaultOutputPrefix(benchmark, options);
  if (options.resume) {
    const previous = newestRun(folder, prefix);
    if (previous === undefined) throw new UsageError(`Nothing to resume: no ${displayPath(path.join(folder, prefix))}*.json.partial.jsonl; name the run's file with --out.`);
    return previous;
  }
  mkdirSync(folder, { recursive: true });
  return path.join(folder, `${prefix}${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}

function headlineCells(result: CaseResult, registry: Registry): string {
  if (result.status === 'failed') return result.error ?? '';
  const names = registry.probes.get(result.probe)?.probe.headline ?? [];
  return names
    .map((name) => {
      if (name in result.labels) return result.labels[name];
      const value = result.metrics[name];
      if (value === undefined) return undefined;
      const unit = result.units[name];
      return `${name} ${formatNumber(value)}${unit && unit !== '1' ? ` ${unit}` : ''}`;
    })
    .filter((cell) => cell !== undefined)
    .join(', ');
}

export function summaryTable(document: ResultsDocument, registry: Registry): string {
  const rows = document.cases.map((c) => [
    c.benchmark,
    c.arch,
    variantLabel(c),
    c.config.norm,
    c.config.init,
    String(c.depth),
    String(c.batch),
    c.probe,
    c.status,
    headlineCells(c, registry),
  ]);
  return table(['benchmark', 'arch', 'variant', 'norm', 'init', 'depth', 'batch', 'probe', 'status', 'headline'], rows);
}

/** run's flags that need no registry, parsed: a mistake in them is refused before plugins load. */
export function parseRunOptions(options: RunCommandOptions) {
  return {
    archGlob: parseArchGlob(options.arch),
    axes: parseAxisOptions(options),
    repeat: options.repeat === undefined ? undefined : parsePositiveInteger('--repeat', options.repeat),
    jobs: parseJobs(options.jobs),
    threads: options.threads === undefined ? undefined : parseThreads(options.threads),
    caseTimeoutMs: options.caseTimeout === undefined ? undefined : parsePositiveNumber('--case-timeout', options.caseTimeout) * 1000,
    maxMemoryBytes: options.maxMemory === undefined ? undefined : parsePositiveNumber('--max-memory', options.maxMemory) * 2 ** 30,
  };
}

export type ParsedRunOptions = ReturnType<typeof parseRunOptions>;

/** The cases `skipbench run <benchmark>` would run with these options. */
export function planRun(benchmark: string, options: RunCommandOptions, parsed: ParsedRunOptions, registry: Registry): Plan {
  const known = benchmarkIds(registry);
  if (benchmark !== 'all' && !known.includes(benchmark)) throw unknownChoice('benchmark', benchmark, [...known, 'all']);
  const available = [...registry.architectures.values()].map((a) => a.architecture);
  const matches = picomatch(parsed.archGlob);
  const architectures: Architecture[] = available.filter((a) => matches(a.id));
  if (architectures.length === 0) {
    const ids = available.map((a) => a.id);
    throw new UsageError(`No architecture matches '${options.arch}'. Available: ${ids.length > 0 ? ids.join(', ') : 'none (no plugin found)'}.`);
  }
  return planBenchmark({
    ...parsed.axes,
    benchmark,
    registry,
    architectures,
    probeIds: options.probe === undefined ? undefined : parseList(options.probe),
    repeat: parsed.repeat,
    preset: options.preset,
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
  });
}

/**
 * Runs `plan` into `out` (passed by `checkOutput`), streaming each case to `<out>.partial.jsonl`, with
 * progress on stderr; SIGINT/SIGTERM stop it, a second one stops the running cases.
 */
export async function executeRun(plan: Plan, out: string, options: RunCommandOptions, parsed: ParsedRunOptions, discovery: Discovery): Promise<{ document: ResultsDocument; interrupted: boolean }> {
  const progress = new Progress(plan.cases, parsed.jobs, process.stderr, (c) => plan.registry.probes.get(c.probe)?.probe.timed === true);
  const stop = new AbortController();
  const kill = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      progress.say(`skipbench: ${signal} again: stopping the running cases now and writing what is done`);
      kill.abort();
      return;
    }
    progress.say(`skipbench: ${signal}: stopping; no new case starts, ${progress.runningCount()} running finish first (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to stop them now)`);
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let document: ResultsDocument;
  try {
    document = await runPlan(plan, {
      backend: options.backend,
      packages: {
        '@skipbench/bench-cli': version,
        ...Object.fromEntries(discovery.plugins.map((p) => [p.packageName, p.version])),
      },
      workers: workerLaunch(discovery),
      jobs: parsed.jobs,
      threads: parsed.threads,
      caseTimeoutMs: parsed.caseTimeoutMs,
      maxMemoryBytes: parsed.maxMemoryBytes,
      out,
      resume: options.resume,
      force: options.force,
      signal: stop.signal,
      killSignal: kill.signal,
      onStart: (_plan, environment, done) => {
        progress.say(`backend ${environment.backend} (${environment.backendReason ?? 'requested'}) on ${environment.device}`);
        if (options.resume) progress.say(`skipbench: resuming ${displayPath(out)}: ${done.length} of ${plan.cases.length} cases done`);
        progress.begin(done);
      },
      onCaseStart: (planned, lane) => progress.start(planned, lane),
      onCase: (result) => progress.finished(result),
    });
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    progress.finish();
  }
  return { document, interrupted: stop.signal.aborted && document.cases.length < plan.cases.length };
}

export async function runCommand(benchmark: string, options: RunCommandOptions): Promise<number> {
  const parsed = parseRunOptions(options);
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const plan = planRun(benchmark, options, parsed, loaded.registry);
  // Where the results go is checked before anything runs (a mistake there must not cost a whole run) and
  // after the plan, so a refused command leaves no results folder behind.
  const out = resolveOutput(benchmark, options);
  checkOutput(out, options);
  const { document, interrupted } = await executeRun(plan, out, options, parsed, loaded.discovery);

  if (options.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else process.stdout.write(`${summaryTable(document, loaded.registry)}\n\nwrote ${displayPath(out)}\n`);
  if (interrupted) {
    process.stderr.write(`skipbench: interrupted with ${document.cases.length} of ${plan.cases.length} cases done; ${displayPath(out)} is marked incomplete; add --resume to the same command to finish\n`);
    return EXIT.interrupted;
  }
  const failed = document.cases.filter((c) => c.status === 'failed').length;
  if (failed > 0) process.stderr.write(`skipbench: ${failed} of ${document.cases.length} cases failed\n`);
  return failed > 0 ? EXIT.failures : EXIT.ok;
}
