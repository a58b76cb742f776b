import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cliVersion as version } from '../version.js';
import path from 'node:path';
import picomatch from 'picomatch';
import {
  BENCHMARK_IDS,
  coreProbes,
  parseShard,
  planBenchmark,
  readPartialResults,
  runPlan,
  SkipbenchError,
  unknownChoice,
  UsageError,
  type Architecture,
  type CaseResult,
  type Probe,
  type ResultsDocument,
} from '@skipbench/core';
import { EXIT } from '../cli.js';
import { discoverPlugins } from '../discovery.js';
import { parseArchGlob, parseInteger, parseIntegerList, parseList, parseNumber, parseOptionSweeps, parsePositiveInteger } from '../parse-args.js';
import { formatNumber, table, variantLabel } from '../format.js';
import { outputFile } from '../output.js';
import { Progress } from '../progress.js';

export interface RunCommandOptions {
  arch: string;
  variant?: string;
  depths?: string;
  batch?: string;
  norm?: string;
  init?: string;
  width?: string;
  inputSize?: string;
  branchScale: string;
  preset: string;
  backend: string;
  seed: string;
  out?: string;
  json?: boolean;
  shard?: string;
  resume?: boolean;
  repeat?: string;
  probe?: string;
  task?: string;
  trainSteps?: string;
  option?: string[];
}

function defaultOutputPrefix(benchmark: string, options: RunCommandOptions): string {
  const shard = options.shard === undefined ? '' : `-shard${options.shard.replace('/', 'of')}`;
  return `${benchmark}-${options.preset}-${options.backend}${shard}-`;
}

/** The newest unfinished default-named run of the same benchmark, preset and backend, for --resume. */
function newestPartial(folder: string, prefix: string): string | undefined {
  const candidates = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.startsWith(prefix) && name.endsWith('.json.partial.jsonl'))
        .map((name) => path.join(folder, name))
    : [];
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]?.replace(/\.partial\.jsonl$/, '');
}

function resolveOutput(benchmark: string, options: RunCommandOptions): string {
  if (options.out !== undefined) return outputFile(options.out, '--out');
  const folder = path.resolve('results');
  const prefix = defaultOutputPrefix(benchmark, options);
  if (options.resume) {
    const previous = newestPartial(folder, prefix);
    if (previous === undefined) throw new UsageError(`Nothing to resume: no results/${prefix}*.json.partial.jsonl; name the run's file with --out.`);
    return previous;
  }
  mkdirSync(folder, { recursive: true });
  return path.join(folder, `${prefix}${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}

function headlineCells(result: CaseResult, probes: Map<string, Probe>): string {
  if (result.status === 'failed') return result.error ?? '';
  const names = probes.get(result.probe)?.headline ?? [];
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

export function summaryTable(document: ResultsDocument, probes: Map<string, Probe>): string {
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
    headlineCells(c, probes),
  ]);
  return table(['benchmark', 'arch', 'variant', 'norm', 'init', 'depth', 'batch', 'probe', 'status', 'headline'], rows);
}

export async function runCommand(benchmark: string, options: RunCommandOptions): Promise<number> {
  if (benchmark !== 'all' && !(BENCHMARK_IDS as readonly string[]).includes(benchmark)) {
    throw unknownChoice('benchmark', benchmark, [...BENCHMARK_IDS, 'all']);
  }
  const numbers = {
    depths: options.depths === undefined ? undefined : parseIntegerList('--depths', options.depths),
    batches: options.batch === undefined ? undefined : parseIntegerList('--batch', options.batch),
    width: options.width === undefined ? undefined : parsePositiveInteger('--width', options.width),
    inputSize: options.inputSize === undefined ? undefined : parsePositiveInteger('--input-size', options.inputSize),
    branchScale: parseNumber('--branch-scale', options.branchScale),
    seed: parseInteger('--seed', options.seed),
    repeat: options.repeat === undefined ? undefined : parsePositiveInteger('--repeat', options.repeat),
    trainSteps: options.trainSteps === undefined ? undefined : parsePositiveInteger('--train-steps', options.trainSteps),
    options: options.option === undefined ? undefined : parseOptionSweeps(options.option),
  };
  const discovery = await discoverPlugins(process.cwd());
  for (const problem of discovery.problems) process.stderr.write(`skipbench: plugin ${problem}\n`);
  const available = discovery.plugins.flatMap((p) => p.plugin.architectures);
  const matches = picomatch(parseArchGlob(options.arch));
  const architectures: Architecture[] = available.filter((a) => matches(a.id));
  if (architectures.length === 0) {
    const ids = available.map((a) => a.id);
    throw new UsageError(`No architecture matches '${options.arch}'. Available: ${ids.length > 0 ? ids.join(', ') : 'none (no plugin found)'}.`);
  }
  const plan = planBenchmark({
    benchmark,
    architectures,
    variants: options.variant === undefined ? undefined : parseList(options.variant),
    norms: options.norm === undefined ? undefined : parseList(options.norm),
    inits: options.init === undefined ? undefined : parseList(options.init),
    probeIds: options.probe === undefined ? undefined : parseList(options.probe),
    task: options.task,
    ...numbers,
    preset: options.preset,
    shard: options.shard === undefined ? undefined : parseShard(options.shard),
  });
  const out = resolveOutput(benchmark, options);
  const partial = `${out}.partial.jsonl`;
  const previous = options.resume ? readPartialResults(partial) : undefined;
  if (previous?.header !== undefined && previous.header.benchmark.version !== plan.benchmark.version) {
    const { id, version } = previous.header.benchmark;
    throw new SkipbenchError(
      `Cannot resume ${path.basename(partial)}: it holds benchmark ${id}@${version}, this run is ${plan.benchmark.id}@${plan.benchmark.version} (other options).`,
      'usage',
    );
  }
  if (options.resume) {
    process.stderr.write(`skipbench: resuming ${path.relative(process.cwd(), out)}: ${previous?.cases.length ?? 0} of ${plan.cases.length} cases done\n`);
  } else if (existsSync(partial)) {
    process.stderr.write(`skipbench: replacing ${path.basename(partial)} of an unfinished run (use --resume to continue it)\n`);
  }
  const pluginProbes = discovery.plugins.flatMap((p) => p.plugin.probes ?? []);
  const probes = new Map([...coreProbes, ...pluginProbes].map((p) => [p.id, p]));
  const progress = new Progress();
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nskipbench: interrupted; finishing the current case and saving what is done (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  let document: ResultsDocument;
  try {
    document = await runPlan(plan, {
      probes: pluginProbes,
      backend: options.backend,
      previous: previous?.cases,
      packages: {
        '@skipbench/bench-cli': version,
        ...Object.fromEntries(discovery.plugins.map((p) => [p.packageName, p.version])),
      },
      signal: controller.signal,
      // Every finished case is on disk before the next starts: a crash keeps them.
      onStart: (started, environment) => {
        process.stderr.write(`backend ${environment.backend} (${environment.backendReason ?? 'requested'}) on ${environment.device}\n`);
        if (!options.resume || !existsSync(partial)) {
          writeFileSync(partial, `${JSON.stringify({ benchmark: started.benchmark, environment })}\n`);
        }
      },
      onCaseStart: (planned, { index, total }) => progress.start(planned.id, index, total),
      onCase: (result) => {
        appendFileSync(partial, `${JSON.stringify(result)}\n`);
        progress.finished(result);
      },
    });
  } finally {
    process.off('SIGINT', interrupt);
    progress.finish();
  }
  writeFileSync(`${out}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  const interrupted = controller.signal.aborted && document.cases.length < plan.cases.length;
  // An interrupted run keeps its partial file, so --resume can finish it.
  if (!interrupted) rmSync(partial, { force: true });

  if (options.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else process.stdout.write(`${summaryTable(document, probes)}\n\nwrote ${path.relative(process.cwd(), out) || out}\n`);
  if (interrupted) {
    process.stderr.write(`skipbench: interrupted with ${document.cases.length} of ${plan.cases.length} cases done; add --resume to the same command to finish\n`);
    return EXIT.interrupted;
  }
  const failed = document.cases.filter((c) => c.status === 'failed').length;
  if (failed > 0) process.stderr.write(`skipbench: ${failed} of ${document.cases.length} cases failed\n`);
  return failed > 0 ? EXIT.failures : EXIT.ok;
}
