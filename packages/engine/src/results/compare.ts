import { OptionError, type Claim } from '@skipbench/core';
import type { TimingStatistic } from '@skipbench/probes';
import { settingsKey, settingsOf } from '../claims/regime.js';
import { sharedReplicateId } from '../axes.js';
import { summarise, type Interval } from '../statistics.js';
import { groupBy } from '../group-by.js';
import type { CaseResult, ResultsDocument } from './schema.js';
import { describeSourceChange, sourceChanges } from './sources.js';

export type ChangeCall = 'better' | 'worse' | 'no change' | 'changed' | 'same';

/** Which way a metric improves. */
export type Better = 'lower' | 'higher';

/** One side of a change read over seeds: how many, and the 95% t-interval of their mean. */
export interface Replicates {
  n: number;
  interval: Interval;
}

export interface MetricChange {
  /** The case's id; for a mean over seeds, the id its replicates share, without its `/seed=N`. */
  caseId: string;
  probe: string;
  metric: string;
  unit: string;
  /** The value, or for replicates the mean over seeds. */
  before: number;
  after: number;
  /** (after − before) / |before|; null when before is 0. */
  relative: number | null;
  /** Where the change is read over seeds: each side's n and interval. */
  replicates?: { before: Replicates; after: Replicates };
  /**
   * Timings: `better`/`worse` when the 95% intervals (value ± rme or spread) do not overlap, `no change` when
   * they do. Other metrics measured at two seeds or more on each side: the same rule on the t-intervals of
   * the means (`changed` where which way is better is unknown), `same` where every value is the same. Other
   * metrics at one seed: `same` or `changed`.
   */
  call: ChangeCall;
}

export interface Comparison {
  /** What differs in what made the two runs: architectures' and probes' versions, settings, seed. */
  changed: string[];
  changes: MetricChange[];
  onlyBefore: string[];
  onlyAfter: string[];
  /** Why the two runs are not strictly comparable (other benchmark version, backend, device), if they are not. */
  caveats: string[];
}

export interface CompareOptions {
  /** Which way is better for a metric, where known (`betterFromClaims`); timings know their own. */
  betterOf?: (metric: string) => Better | undefined;
}

/** The two forms of a timing: latency (lower is better) and the throughput it gives (higher is better). */
const TIMING_FORMS: readonly TimingStatistic[] = ['mean', 'samples-per-second'];
const TIMING_METRIC = new RegExp(`^(.*)-(${TIMING_FORMS.join('|')})$`);

/**
 * A timing metric's 95% interval from its relative margin of error (or spread, the larger), whichever form
 * it is reported in. Timings are `<task>-<statistic>` metrics as `throughput` names them; a plugin's timed
 * probe may name its own so.
 */
function timingInterval(result: CaseResult, metric: string): (Interval & { better: Better }) | undefined {
  const match = TIMING_METRIC.exec(metric);
  if (!match) return undefined;
  const statistic = (name: TimingStatistic) => result.metrics[`${match[1]}-${name}`];
  const mean = statistic('mean');
  const rme = statistic('rme');
  const value = result.metrics[metric];
  if (mean === undefined || rme === undefined || value === undefined) return undefined;
  const margin = (Math.max(rme, statistic('spread') ?? 0) / 100) * value;
  return { low: value - margin, high: value + margin, better: match[2] === ('samples-per-second' satisfies TimingStatistic) ? 'higher' : 'lower' };
}

/** Which way is better for each metric a claim compares with the plain variants (the first such claim's word). */
export function betterFromClaims(claims: Iterable<{ readonly claim: Claim }>): (metric: string) => Better | undefined {
  const better = new Map<string, Better>();
  for (const { claim } of claims) {
    if (claim.rule.kind === 'versus-plain' && !better.has(claim.rule.metric)) better.set(claim.rule.metric, claim.rule.better);
  }
  return (metric) => better.get(metric);
}

/** The architectures' and probes' versions, the settings and the seed that differ between two runs. */
function whatChanged(before: ResultsDocument, after: ResultsDocument): string[] {
  const settings = [...new Set([...Object.keys(before.settings), ...Object.keys(after.settings)])]
    .filter((key) => JSON.stringify(before.settings[key]) !== JSON.stringify(after.settings[key]))
    .map((key) => `setting ${key}: ${JSON.stringify(before.settings[key]) ?? 'unset'} → ${JSON.stringify(after.settings[key]) ?? 'unset'}`);
  const seeds = before.seeds.join(', ') === after.seeds.join(', ') ? [] : [`seeds: ${before.seeds.join(', ')} → ${after.seeds.join(', ')}`];
  return [...sourceChanges(before.sources, after.sources).map(describeSourceChange), ...settings, ...seeds];
}

const relativeChange = (before: number, after: number) => (before === 0 ? null : (after - before) / Math.abs(before));
const unchanged = (before: number, after: number) => Math.abs(after - before) <= 1e-12 * Math.max(1, Math.abs(before));

/**
 * `no change` when the two intervals overlap; else `better` or `worse` by which way the value moved, or
 * `changed` where which way is better is unknown.
 */
function callApart(was: Interval, now: Interval, rose: boolean, better: Better | undefined): ChangeCall {
  if (was.low <= now.high && now.low <= was.high) return 'no change';
  if (better === undefined) return 'changed';
  return rose === (better === 'higher') ? 'better' : 'worse';
}

/** One case's metric against the case of the same id: timings by their intervals, other metrics by their values. */
function caseChange(old: CaseResult, next: CaseResult | undefined, metric: string): MetricChange | undefined {
  const value = old.metrics[metric]!;
  const updated = next?.metrics[metric];
  if (next === undefined || updated === undefined) return undefined;
  const was = timingInterval(old, metric);
  const now = timingInterval(next, metric);
  const call = was !== undefined && now !== undefined ? callApart(was, now, updated > value, was.better) : unchanged(value, updated) ? 'same' : 'changed';
  return { caseId: old.id, probe: old.probe, metric, unit: old.units[metric] ?? '', before: value, after: updated, relative: relativeChange(value, updated), call };
}

/** Everything that sets a case apart but its seed: cases of one regime are replicates. */
const regimeOf = (c: CaseResult) => [c.benchmark, c.probe, `depth=${c.depth}`, `batch=${c.batch}`, settingsKey(settingsOf(c))].join(' ');

/** Each side's values of `metric` where both have two or more and it is not a timing (timings run at one seed). */
function replicatedValues(was: readonly CaseResult[], now: readonly CaseResult[], metric: string): [number[], number[]] | undefined {
  if ([...was, ...now].some((c) => timingInterval(c, metric) !== undefined)) return undefined;
  const values = (cases: readonly CaseResult[]) => cases.flatMap((c) => c.metrics[metric] ?? []);
  const [before, after] = [values(was), values(now)];
  return before.length >= 2 && after.length >= 2 ? [before, after] : undefined;
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/** Whether two sides' replicates hold the same values, in whatever order. */
function sameValues(was: readonly number[], now: readonly number[]): boolean {
  const others = ascending(now);
  return was.length === now.length && ascending(was).every((value, i) => unchanged(value, others[i]!));
}

/**
 * A metric of one regime, read over its seeds on each side. The call asks that the two means' t-intervals
 * do not overlap, rather than that the interval of the difference of means excludes 0: stricter, the rule
 * timings and the leaderboard's ranks follow, read off the two printed intervals, and it pairs no seeds.
 */
function replicatedChange(old: CaseResult, metric: string, was: number[], now: number[], better: Better | undefined): MetricChange {
  const [before, after] = [summarise(was), summarise(now)];
  // From two values, a summary has its interval.
  const replicates = { before: { n: before.n, interval: before.interval! }, after: { n: after.n, interval: after.interval! } };
  return {
    caseId: sharedReplicateId(old.id),
    probe: old.probe,
    metric,
    unit: old.units[metric] ?? '',
    before: before.mean,
    after: after.mean,
    relative: relativeChange(before.mean, after.mean),
    replicates,
    call: sameValues(was, now) ? 'same' : callApart(replicates.before.interval, replicates.after.interval, after.mean > before.mean, better),
  };
}

export function compareResults(before: ResultsDocument, after: ResultsDocument, options: CompareOptions = {}): Comparison {
  const caveats: string[] = [];
  if (before.benchmark.version !== after.benchmark.version) {
    caveats.push(`benchmark versions differ (${before.benchmark.id}@${before.benchmark.version} vs ${after.benchmark.id}@${after.benchmark.version})`);
  }
  if (before.environment.backend !== after.environment.backend) caveats.push(`backends differ (${before.environment.backend} vs ${after.environment.backend})`);
  if (before.environment.device !== after.environment.device) caveats.push(`devices differ (${before.environment.device} vs ${after.environment.device})`);
  const afterById = new Map(after.cases.map((c) => [c.id, c]));
  const beforeIds = new Set(before.cases.map((c) => c.id));
  const [regimesBefore, regimesAfter] = [groupBy(before.cases, regimeOf), groupBy(after.cases, regimeOf)];
  const readOverSeeds = new Set<string>();
  const changes: MetricChange[] = [];
  for (const old of before.cases) {
    const regime = regimeOf(old);
    for (const metric of Object.keys(old.metrics)) {
      // The regime's first case stands for all its seeds: the others' metrics were read with it.
      const read = `${regime}\u0000${metric}`;
      if (readOverSeeds.has(read)) continue;
      const values = replicatedValues(regimesBefore.get(regime)!, regimesAfter.get(regime) ?? [], metric);
      if (values === undefined) {
        const change = caseChange(old, afterById.get(old.id), metric);
        if (change !== undefined) changes.push(change);
      } else {
        readOverSeeds.add(read);
        changes.push(replicatedChange(old, metric, ...values, options.betterOf?.(metric)));
      }
    }
  }
  return {
    changed: whatChanged(before, after),
    changes,
    onlyBefore: before.cases.filter((c) => !afterById.has(c.id)).map((c) => c.id),
    onlyAfter: after.cases.filter((c) => !beforeIds.has(c.id)).map((c) => c.id),
    caveats,
  };
}

export interface FailRule {
  /** A probe id (meaning its first headline metric) or a metric name. */
  selector: string;
  /** Signed relative threshold: −0.05 fails on a drop of more than 5%, +0.1 on a rise of more than 10%. */
  threshold: number;
  text: string;
}

/** Parses a `failOn` rule `selector:±N%`, e.g. `throughput:-5%` or `train-step-mean:+10%`. */
export function parseFailRule(text: string): FailRule {
  const match = /^([\w.-]+):([+-])(\d+(?:\.\d+)?)%$/.exec(text);
  if (!match) throw new OptionError({ option: 'failOn', received: text }, (spell) => `Expected ${spell('failOn')} <probe-or-metric>:<+|-><N>% (e.g. throughput:-5%), but got '${text}'.`);
  const magnitude = Number(match[3]) / 100;
  return { selector: match[1]!, threshold: match[2] === '-' ? -magnitude : magnitude, text };
}

/**
 * Refuses a rule that could never fail: its selector is neither a metric nor a probe (with a headline metric)
 * of any case of the documents, e.g. a misspelt metric, which would let a CI gate pass forever.
 */
export function checkFailRules(rules: readonly FailRule[], documents: readonly ResultsDocument[], headlineOf: (probe: string) => string | undefined): void {
  const cases = documents.flatMap((d) => d.cases);
  const metrics = [...new Set(cases.flatMap((c) => Object.keys(c.metrics)))].sort();
  const probes = new Set(cases.filter((c) => headlineOf(c.probe) !== undefined).map((c) => c.probe));
  for (const rule of rules) {
    if (metrics.includes(rule.selector) || probes.has(rule.selector)) continue;
    const some = metrics.length === 0 ? 'none' : `${metrics.slice(0, 5).join(', ')}${metrics.length > 5 ? `, … (${metrics.length} in all)` : ''}`;
    throw new OptionError(
      { option: 'failOn', received: rule.text, accepted: [...metrics, ...[...probes].sort()] },
      (spell) => `Expected ${spell('failOn')} to name a metric or probe of these results, but got '${rule.selector}' (in ${rule.text}); metrics they have: ${some}.`,
    );
  }
}

/**
 * Changes that break a rule: beyond its threshold in its direction, and, for timings and metrics read over
 * seeds, significant (a `no change` call never fails). `headlineOf` maps a probe id to the metric it stands for.
 */
export function regressions(comparison: Comparison, rules: readonly FailRule[], headlineOf: (probe: string) => string | undefined): Array<MetricChange & { rule: string }> {
  const broken: Array<MetricChange & { rule: string }> = [];
  for (const rule of rules) {
    for (const change of comparison.changes) {
      const metric = change.probe === rule.selector ? headlineOf(change.probe) : rule.selector;
      if (change.metric !== metric || change.relative === null || change.call === 'no change') continue;
      const beyond = rule.threshold < 0 ? change.relative < rule.threshold : change.relative > rule.threshold;
      if (beyond) broken.push({ ...change, rule: rule.text });
    }
  }
  return broken;
}
