import { OptionError } from '@skipbench/core';
import type { TimingStatistic } from '@skipbench/probes';
import type { CaseResult, ResultsDocument } from './schema.js';
import { describeSourceChange, sourceChanges } from './sources.js';

export type ChangeCall = 'better' | 'worse' | 'no change' | 'changed' | 'same';

export interface MetricChange {
  caseId: string;
  probe: string;
  metric: string;
  unit: string;
  before: number;
  after: number;
  /** (after − before) / |before|; null when before is 0. */
  relative: number | null;
  /**
   * For timings: `better`/`worse` when the 95% intervals (mean ± rme) do not overlap, `no change` when they
   * do. For other metrics: `same` or `changed`.
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

/** The two forms of a timing: latency (lower is better) and the throughput it gives (higher is better). */
const TIMING_FORMS: readonly TimingStatistic[] = ['mean', 'samples-per-second'];
const TIMING_METRIC = new RegExp(`^(.*)-(${TIMING_FORMS.join('|')})$`);

/**
 * A timing metric's latency mean and relative margin of error, whichever form it is reported in. Timings
 * are `<task>-<statistic>` metrics as `throughput` names them; a plugin's timed probe may name its own so.
 */
function interval(result: CaseResult, metric: string): { low: number; high: number; higherIsBetter: boolean } | undefined {
  const match = TIMING_METRIC.exec(metric);
  if (!match) return undefined;
  const statistic = (name: TimingStatistic) => result.metrics[`${match[1]}-${name}`];
  const mean = statistic('mean');
  const rme = statistic('rme');
  const value = result.metrics[metric];
  if (mean === undefined || rme === undefined || value === undefined) return undefined;
  const margin = (Math.max(rme, statistic('spread') ?? 0) / 100) * value;
  return { low: value - margin, high: value + margin, higherIsBetter: match[2] === ('samples-per-second' satisfies TimingStatistic) };
}

/** The architectures' and probes' versions, the settings and the seed that differ between two runs. */
function whatChanged(before: ResultsDocument, after: ResultsDocument): string[] {
  const settings = [...new Set([...Object.keys(before.settings), ...Object.keys(after.settings)])]
    .filter((key) => JSON.stringify(before.settings[key]) !== JSON.stringify(after.settings[key]))
    .map((key) => `setting ${key}: ${JSON.stringify(before.settings[key]) ?? 'unset'} → ${JSON.stringify(after.settings[key]) ?? 'unset'}`);
  const seeds = before.seeds.join(', ') === after.seeds.join(', ') ? [] : [`seeds: ${before.seeds.join(', ')} → ${after.seeds.join(', ')}`];
  return [...sourceChanges(before.sources, after.sources).map(describeSourceChange), ...settings, ...seeds];
}

export function compareResults(before: ResultsDocument, after: ResultsDocument): Comparison {
  const caveats: string[] = [];
  if (before.benchmark.version !== after.benchmark.version) {
    caveats.push(`benchmark versions differ (${before.benchmark.id}@${before.benchmark.version} vs ${after.benchmark.id}@${after.benchmark.version})`);
  }
  if (before.environment.backend !== after.environment.backend) caveats.push(`backends differ (${before.environment.backend} vs ${after.environment.backend})`);
  if (before.environment.device !== after.environment.device) caveats.push(`devices differ (${before.environment.device} vs ${after.environment.device})`);
  const afterById = new Map(after.cases.map((c) => [c.id, c]));
  const beforeIds = new Set(before.cases.map((c) => c.id));
  const changes: MetricChange[] = [];
  for (const old of before.cases) {
    const next = afterById.get(old.id);
    if (next === undefined) continue;
    for (const [metric, value] of Object.entries(old.metrics)) {
      const updated = next.metrics[metric];
      if (updated === undefined) continue;
      const relative = value === 0 ? null : (updated - value) / Math.abs(value);
      const was = interval(old, metric);
      const now = interval(next, metric);
      let call: ChangeCall;
      if (was !== undefined && now !== undefined) {
        const overlap = was.low <= now.high && now.low <= was.high;
        call = overlap ? 'no change' : (updated > value) === was.higherIsBetter ? 'better' : 'worse';
      } else {
        call = Math.abs(updated - value) <= 1e-12 * Math.max(1, Math.abs(value)) ? 'same' : 'changed';
      }
      changes.push({ caseId: old.id, probe: old.probe, metric, unit: old.units[metric] ?? '', before: value, after: updated, relative, call });
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
 * Changes that break a rule: beyond its threshold in its direction, and, for timings, significant (a
 * `no change` call never fails). `headlineOf` maps a probe id to the metric it stands for.
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
