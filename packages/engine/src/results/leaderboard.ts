import { regimeLabel } from '../axes.js';
import { SCHEMA_VERSION, type CaseResult, type ResultsDocument } from './schema.js';
import { describeSourceChange, sourceChanges, sourcesOfCases } from './sources.js';
import { GRADIENT_PROFILE, THROUGHPUT, timingMetric, TRAINABILITY } from '@skipbench/probes';
import { incompleteness, validateResults } from './read.js';

/** Timings whose run-to-run spread (or, with one repetition, tinybench's rme) is wider than this are not ranked. */
export const MAX_RANKABLE_SPREAD_PERCENT = 10;

export interface LeaderboardInput {
  source: string;
  /** Parsed JSON, validated here. */
  value: unknown;
}

export interface Entry {
  rank: number;
  /** What is ranked: architecture, variant and regime (and batch for throughput). */
  label: string;
  device: string;
  backend: string;
  value: number;
  unit: string;
  detail: string;
  source: string;
}

export interface Ranking {
  benchmark: string;
  version: string;
  backend: string;
  device: string;
  title: string;
  /** How the value is computed and which way is better. */
  criterion: string;
  entries: Entry[];
}

export interface LeaderboardOptions {
  /** Rank incomplete documents (an interrupted run, a subset of shards) too. @default false */
  allowIncomplete?: boolean;
  /** Benchmark ids a document may hold. @default BENCHMARK_IDS */
  benchmarks?: readonly string[];
}

export interface Leaderboard {
  rankings: Ranking[];
  /** The files read as valid results and ranked from (the others are in `refused`). */
  ranked: string[];
  /** Files or cases left out, each with its reason and, where an option would rank it anyway, that option. */
  refused: Array<{ source: string; reason: string; option?: 'allowIncomplete' }>;
}

const regime = (c: CaseResult) => `${c.arch} ${c.variant} (${regimeLabel(c.config)})`;

interface Scored {
  label: string;
  value: number;
  unit: string;
  detail: string;
}

const GRADIENT = GRADIENT_PROFILE.metrics;
/** The measured log10 ratio per element (of the gradient's RMS, so stages of different sizes compare), or where float32 holds none, the bound it is known to be below. */
const log10RatioOrBound = (c: CaseResult) => c.metrics[GRADIENT.log10RmsRatioFirstLast] ?? c.metrics[GRADIENT.log10RmsRatioFirstLastBelow];

/** How each standard benchmark's cases become one ranked number per entry. */
const scorers: Record<string, { title: string; criterion: string; descending: boolean; score: (cases: CaseResult[]) => Array<Scored | { refused: string }> }> = {
  throughput: {
    title: 'Train-step throughput',
    criterion: `train-step samples/s (median over repetitions), higher is better; timings with spread > ${MAX_RANKABLE_SPREAD_PERCENT}% are not ranked`,
    descending: true,
    score: (cases) =>
      cases
        .filter((c) => c.probe === 'throughput' && c.status === 'ok')
        .map((c) => {
          const { metrics } = c;
          const spread = (metrics[THROUGHPUT.metrics.repeats] ?? 1) > 1 ? metrics[timingMetric('train-step', 'spread')]! : metrics[timingMetric('train-step', 'rme')]!;
          const label = `${regime(c)} depth ${c.depth}, batch ${c.batch}`;
          if (!(spread <= MAX_RANKABLE_SPREAD_PERCENT)) {
            return { refused: `${label}: run-to-run spread ${spread.toFixed(1)}% > ${MAX_RANKABLE_SPREAD_PERCENT}%, too noisy to rank` };
          }
          return { label, value: metrics[timingMetric('train-step', 'samples-per-second')]!, unit: 'samples/s', detail: `±${spread.toFixed(1)}%` };
        }),
  },
  gradient: {
    title: 'Gradient health',
    criterion:
      'worst |log10| of the first stage’s gradient RMS per element over the last’s (‖dL/dstream[l]‖ / √entries) over the depths run, lower is better (0: the first stage gets the last stage’s gradient); ' +
      'where float32 holds no ratio, the bound it exceeds',
    descending: false,
    score: (cases) => {
      const groups = new Map<string, CaseResult[]>();
      for (const c of cases.filter((c) => c.probe === 'gradient-profile' && c.status === 'ok')) {
        groups.set(regime(c), [...(groups.get(regime(c)) ?? []), c]);
      }
      return [...groups.entries()].map(([label, group]) => {
        const worst = group.reduce((a, b) => (Math.abs(log10RatioOrBound(b) ?? 0) > Math.abs(log10RatioOrBound(a) ?? 0) ? b : a));
        const value = Math.abs(log10RatioOrBound(worst) ?? Number.NaN);
        const bound = worst.metrics[GRADIENT.log10RmsRatioFirstLast] === undefined && Number.isFinite(value) ? ', at least: the ratio is beyond float32' : '';
        return { label, value, unit: 'decades', detail: `worst at depth ${worst.depth}: ${worst.labels[GRADIENT_PROFILE.labels.verdict] ?? ''}${bound}` };
      });
    },
  },
  depth: {
    title: 'Trainability at the deepest depth',
    criterion: 'held-out loss after training / loss at step 0, at the deepest depth run, lower is better',
    descending: false,
    score: (cases) => {
      const trained = cases.filter((c) => c.probe === 'trainability' && c.status === 'ok');
      const deepest = Math.max(...trained.map((c) => c.depth));
      return trained
        .filter((c) => c.depth === deepest)
        .map((c) => ({ label: `${regime(c)} depth ${c.depth}`, value: c.metrics[TRAINABILITY.metrics.lossRatio]!, unit: '1', detail: `${c.metrics[TRAINABILITY.metrics.steps]} steps` }));
    },
  },
};

/** The benchmark ids a document's cases belong to (an `all` run holds several). */
function benchmarksOf(document: ResultsDocument): string[] {
  return [...new Set(document.cases.map((c) => c.benchmark))];
}

/**
 * Ranks results per benchmark, backend and device. Per benchmark id the version held by the most files is
 * ranked; files of another version or schema, and too-noisy timings, are refused with the reason.
 */
export function buildLeaderboard(inputs: readonly LeaderboardInput[], options: LeaderboardOptions = {}): Leaderboard {
  const refused: Leaderboard['refused'] = [];
  const valid: Array<{ source: string; document: ResultsDocument }> = [];
  for (const { source, value } of inputs) {
    const { document, errors } = validateResults(value, options.benchmarks === undefined ? {} : { benchmarks: options.benchmarks });
    const lacking = document === undefined ? undefined : incompleteness(document);
    if (document === undefined) refused.push({ source, reason: `not a schema ${SCHEMA_VERSION} results file: ${errors[0]}` });
    else if (lacking !== undefined && !options.allowIncomplete) refused.push({ source, reason: `incomplete: ${lacking}`, option: 'allowIncomplete' });
    else valid.push({ source, document });
  }
  const rankings: Ranking[] = [];
  const benchmarkIds = [...new Set(valid.flatMap(({ document }) => benchmarksOf(document)))].sort();
  for (const benchmarkId of benchmarkIds) {
    const scorer = scorers[benchmarkId];
    if (scorer === undefined) continue;
    const holders = valid.filter(({ document }) => benchmarksOf(document).includes(benchmarkId));
    const versionIn = (document: ResultsDocument) => document.benchmark.components[benchmarkId] ?? document.benchmark.version;
    const counts = new Map<string, number>();
    for (const { document } of holders) counts.set(versionIn(document), (counts.get(versionIn(document)) ?? 0) + 1);
    const version = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const ranked = holders.find(({ document }) => versionIn(document) === version)!;
    const entries: Entry[] = [];
    for (const { source, document } of holders) {
      if (versionIn(document) !== version) {
        // What this benchmark's cases ran, in each file: an architecture only another benchmark of an `all` file ran is no reason.
        const ran = (d: ResultsDocument) => sourcesOfCases(d.sources, d.cases.filter((c) => c.benchmark === benchmarkId));
        const change = sourceChanges(ran(ranked.document), ran(document)).map(describeSourceChange)[0] ?? 'other probes, sweeps, preset or settings';
        refused.push({ source, reason: `benchmark ${benchmarkId}@${versionIn(document)} differs from the ranked version ${version} (${ranked.source}): ${change}` });
        continue;
      }
      for (const scored of scorer.score(document.cases.filter((c) => c.benchmark === benchmarkId))) {
        if ('refused' in scored) refused.push({ source, reason: scored.refused });
        else entries.push({ ...scored, rank: 0, device: document.environment.device, backend: document.environment.backend, source });
      }
    }
    entries.sort((a, b) => (scorer.descending ? b.value - a.value : a.value - b.value));
    // One ranking per backend and device: numbers from different machines are not ranked against each other.
    const machines = [...new Set(entries.map((e) => `${e.backend}\u0000${e.device}`))].sort();
    for (const machine of machines) {
      const [backend, device] = machine.split('\u0000') as [string, string];
      const ranked = entries.filter((e) => e.backend === backend && e.device === device).map((e, i) => ({ ...e, rank: i + 1 }));
      rankings.push({ benchmark: benchmarkId, version, backend, device, title: `${scorer.title} · ${backend} · ${device}`, criterion: scorer.criterion, entries: ranked });
    }
  }
  return { rankings, ranked: valid.map(({ source }) => source), refused };
}
