import { regimeLabel } from '../axes.js';
import { SCHEMA_VERSION, type CaseResult, type ResultsDocument } from './schema.js';
import { describeSourceChange, sourceChanges, sourcesOfCases } from './sources.js';
import { GRADIENT_PROFILE, THROUGHPUT, timingMetric, TRAINABILITY } from '@skipbench/probes';
import { incompleteness, validateResults } from './read.js';
import { settingsKey, settingsOf } from '../claims/regime.js';
import { summarise, type Interval } from '../statistics.js';
import { groupBy } from '../group-by.js';

/** Timings whose run-to-run spread (or, with one repetition, tinybench's rme) is wider than this are not ranked. */
export const MAX_RANKABLE_SPREAD_PERCENT = 10;

export interface LeaderboardInput {
  source: string;
  /** Parsed JSON, validated here. */
  value: unknown;
}

export interface Entry {
  /** 1 + the entries of its ranking whose interval is wholly better than its own: entries whose intervals overlap share a rank. */
  rank: number;
  /** What is ranked: architecture, variant and regime (and batch for throughput). */
  label: string;
  device: string;
  backend: string;
  /** The mean over seeds; for a timing, its median over repetitions. */
  value: number;
  /** The seeds `value` is the mean of; 1 for a timing, which runs at the first seed only. */
  n: number;
  /** The 95% t-interval of the mean over seeds, or a timing's value ± its spread; absent for one seed, which ranks by its value alone. */
  interval?: Interval;
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

type Scored = Pick<Entry, 'label' | 'value' | 'n' | 'interval' | 'unit' | 'detail'>;

const OVER_SEEDS = 'the mean over seeds, with its 95% t-interval: entries whose intervals overlap share a rank';

/** Cases of one regime: alike in all but seed and depth (the scorers pick or fold depths themselves). */
const byRegime = (cases: readonly CaseResult[]) => [...groupBy(cases, (c) => `${settingsKey(settingsOf(c))} batch=${c.batch}`).values()];

/** The mean of a regime's values over its seeds, with n and, from two seeds, the interval. */
function overSeeds(values: readonly number[]): Pick<Scored, 'value' | 'n' | 'interval'> {
  const { n, mean, interval } = summarise(values);
  return { value: mean, n, ...(interval ? { interval } : {}) };
}

const GRADIENT = GRADIENT_PROFILE.metrics;
/** The measured log10 ratio per element (of the gradient's RMS, so stages of different sizes compare), or where float32 holds none, the bound it is known to be below. */
const log10RatioOrBound = (c: CaseResult) => c.metrics[GRADIENT.log10RmsRatioFirstLast] ?? c.metrics[GRADIENT.log10RmsRatioFirstLastBelow];
const ratioMagnitude = (c: CaseResult) => Math.abs(log10RatioOrBound(c) ?? Number.NaN);
/** The case furthest from a ratio of 1; one with no ratio counts as 1. */
const worstRatio = (cases: readonly CaseResult[]) => cases.reduce((a, b) => (Math.abs(log10RatioOrBound(b) ?? 0) > Math.abs(log10RatioOrBound(a) ?? 0) ? b : a));

/** How each standard benchmark's cases become one ranked number per entry. */
const scorers: Record<string, { title: string; criterion: string; descending: boolean; score: (cases: CaseResult[]) => Array<Scored | { refused: string }> }> = {
  throughput: {
    title: 'Train-step throughput',
    criterion: `train-step samples/s (median over repetitions), higher is better; timings whose value ± spread overlap share a rank; timings with spread > ${MAX_RANKABLE_SPREAD_PERCENT}% are not ranked`,
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
          const value = metrics[timingMetric('train-step', 'samples-per-second')]!;
          const margin = (spread / 100) * value;
          return { label, value, n: 1, interval: { low: value - margin, high: value + margin }, unit: 'samples/s', detail: `±${spread.toFixed(1)}%` };
        }),
  },
  gradient: {
    title: 'Gradient health',
    criterion:
      'worst |log10| of the first stage’s gradient RMS per element over the last’s (‖dL/dstream[l]‖ / √entries) over the depths run, lower is better (0: the first stage gets the last stage’s gradient); ' +
      `where float32 holds no ratio, the bound it exceeds; ${OVER_SEEDS}`,
    descending: false,
    score: (cases) =>
      byRegime(cases.filter((c) => c.probe === 'gradient-profile' && c.status === 'ok')).map((replicates) => {
        // Each seed's worst depth is one replicate of the regime's score.
        const worstPerSeed = [...groupBy(replicates, (c) => c.config.seed).values()].map(worstRatio);
        const worst = worstRatio(worstPerSeed);
        const bound = worstPerSeed.some((c) => c.metrics[GRADIENT.log10RmsRatioFirstLast] === undefined && Number.isFinite(ratioMagnitude(c))) ? ', at least: the ratio is beyond float32' : '';
        return {
          label: regime(worst),
          ...overSeeds(worstPerSeed.map(ratioMagnitude)),
          unit: 'decades',
          detail: `worst at depth ${worst.depth}: ${worst.labels[GRADIENT_PROFILE.labels.verdict] ?? ''}${bound}`,
        };
      }),
  },
  depth: {
    title: 'Trainability at the deepest depth',
    criterion: `held-out loss after training / loss at step 0, at the deepest depth run, lower is better; ${OVER_SEEDS}`,
    descending: false,
    score: (cases) => {
      const trained = cases.filter((c) => c.probe === 'trainability' && c.status === 'ok');
      const deepest = Math.max(...trained.map((c) => c.depth));
      return byRegime(trained.filter((c) => c.depth === deepest)).map((replicates) => ({
        label: `${regime(replicates[0]!)} depth ${deepest}`,
        ...overSeeds(replicates.map((c) => c.metrics[TRAINABILITY.metrics.lossRatio]!)),
        unit: '1',
        detail: `${replicates[0]!.metrics[TRAINABILITY.metrics.steps]} steps`,
      }));
    },
  },
};

/**
 * Ranks entries by their intervals: 1 + the entries wholly better (lower bound above this one's upper bound,
 * or below for lower-is-better), so entries whose intervals overlap share a rank and a rank is only won by a
 * difference the seeds or repetitions cannot explain. Sorted by rank, then value.
 */
function rankByIntervals(entries: readonly Entry[], descending: boolean): Entry[] {
  // Turned so that higher is better; an entry with no value (NaN) ranks below every entry with one.
  const bounds = (e: Entry) => {
    if (Number.isNaN(e.value)) return { worst: Number.NEGATIVE_INFINITY, best: Number.NEGATIVE_INFINITY };
    const { low, high } = e.interval ?? { low: e.value, high: e.value };
    return descending ? { worst: low, best: high } : { worst: -high, best: -low };
  };
  const whollyBetter = (a: Entry, b: Entry) => bounds(a).worst > bounds(b).best;
  return entries
    .map((e) => ({ ...e, rank: 1 + entries.filter((other) => whollyBetter(other, e)).length }))
    .sort((a, b) => a.rank - b.rank || (descending ? b.value - a.value : a.value - b.value));
}

/** The benchmark ids a document's cases belong to (an `all` run holds several). */
function benchmarksOf(document: ResultsDocument): string[] {
  return [...new Set(document.cases.map((c) => c.benchmark))];
}

/**
 * Ranks results per benchmark, backend and device, each entry by its interval (`rankByIntervals`). Per
 * benchmark id the version held by the most files is ranked; files of another version or schema, and
 * too-noisy timings, are refused with the reason.
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
    // One ranking per backend and device: numbers from different machines are not ranked against each other.
    const machines = [...new Set(entries.map((e) => `${e.backend}\u0000${e.device}`))].sort();
    for (const machine of machines) {
      const [backend, device] = machine.split('\u0000') as [string, string];
      const ranked = rankByIntervals(entries.filter((e) => e.backend === backend && e.device === device), scorer.descending);
      rankings.push({ benchmark: benchmarkId, version, backend, device, title: `${scorer.title} · ${backend} · ${device}`, criterion: scorer.criterion, entries: ranked });
    }
  }
  return { rankings, ranked: valid.map(({ source }) => source), refused };
}
