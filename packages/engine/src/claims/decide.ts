import type { CaseTest, LearntTest, PassRange } from '@skipbench/core';
import { formatNumber } from '../format.js';
import type { CaseResult } from '../results/schema.js';
import { pairedDifferences, probabilityOfImprovement, summarise, type Interval } from '../statistics.js';

/** What the replicates of a regime say of a rule: its status, the deciding numbers, and over how many seeds. */
export interface Decision {
  readonly status: 'held' | 'not-held' | 'inconclusive';
  readonly detail: string;
  readonly seeds: number;
  /** Decided from too few seeds for an interval or a count: one seed, or a label read at fewer than three. */
  readonly point?: true;
}

/** Seeds a label (or a censored value) is read at before its count decides: every one of three agreeing. */
const LABEL_SEEDS = 3;

/** One seed's value of a metric: measured, or (float32 underflowed) a bound it lies below. */
interface Reading {
  readonly value: number;
  readonly below?: true;
}

function readingOf(c: CaseResult, metric: string): Reading | undefined {
  const value = c.metrics[metric];
  if (value !== undefined) return { value };
  const bound = c.metrics[`${metric}-below`];
  return bound === undefined ? undefined : { value: bound, below: true };
}

/** Where a test passes, as a range of its metric. */
export function passRange(test: Exclude<CaseTest, { op: 'one-of' }>): PassRange {
  return test.op === 'within' ? { min: -test.value, max: test.value } : test.op === 'at-most' ? { max: test.value } : { min: test.value };
}

const inside = (value: number, { min = -Infinity, max = Infinity }: PassRange) => value >= min && value <= max;

/** Whether a reading passes: a bound counts where every value below it lies on one side, else it cannot tell. */
function readingPasses({ value, below }: Reading, range: PassRange): boolean | undefined {
  if (!below) return inside(value, range);
  if (range.min !== undefined && value <= range.min) return false;
  if (range.min === undefined && range.max !== undefined && value <= range.max) return true;
  return undefined;
}

const intervalText = ({ low, high }: Interval) => `95% interval ${formatNumber(low)} to ${formatNumber(high)}`;

/** `1.94 (95% interval 1.64 to 2.24)` over several seeds, `1.94` for one: a group's mean and how sure it is. */
export function describeValues(values: readonly number[]): string {
  const { mean, interval } = summarise(values);
  return interval === undefined ? formatNumber(mean) : `${formatNumber(mean)} (${intervalText(interval)})`;
}

const decision = (status: Decision['status'], detail: string, seeds: number, point: boolean): Decision => ({ status, detail, seeds, ...(point ? { point: true } : {}) });

/**
 * By counting seeds: held where every seed passes, not held where every seed fails, else inconclusive with
 * the count. Fewer than `LABEL_SEEDS` agreeing seeds give a point verdict.
 */
function decideBySeeds(passes: ReadonlyArray<boolean | undefined>, what: string, detail: string): Decision {
  const n = passes.length;
  const passed = passes.filter((p) => p === true).length;
  const failed = passes.filter((p) => p === false).length;
  const point = n < LABEL_SEEDS;
  if (passed === n) return decision('held', detail, n, point);
  if (failed === n) return decision('not-held', detail, n, point);
  const undecidable = n - passed - failed;
  const counts = `${what} at ${passed} of ${n} seeds${undecidable > 0 ? `, ${undecidable} a bound that cannot tell` : ''}`;
  return decision('inconclusive', `${counts}: ${detail}`, n, false);
}

/**
 * By the 95% t-interval of the values' mean: held where it lies wholly in `range` (its ends excluded where
 * `exclusive`), not held where wholly outside, else inconclusive. One value gives a point verdict.
 */
function decideByInterval(values: readonly number[], range: PassRange, detail: string, { exclusive = false } = {}): Decision {
  const { mean, interval = { low: mean, high: mean } } = summarise(values);
  const point = values.length === 1;
  const { min = -Infinity, max = Infinity } = range;
  const [above, below] = exclusive ? [(v: number, end: number) => v > end, (v: number, end: number) => v < end] : [(v: number, end: number) => v >= end, (v: number, end: number) => v <= end];
  if (above(interval.low, min) && below(interval.high, max)) return decision('held', detail, values.length, point);
  if (!above(interval.high, min) || !below(interval.low, max)) return decision('not-held', detail, values.length, point);
  return decision('inconclusive', `its interval straddles ${formatNumber(above(interval.low, min) ? max : min)}: ${detail}`, values.length, false);
}

/**
 * A metric test over one group's seeds: by its interval, or by counting seeds where a bound stands in for a
 * value; the claim's `shows` beside.
 */
export function decideMetricTest(cases: readonly CaseResult[], test: Exclude<CaseTest, { op: 'one-of' }>, label: string, shows: readonly string[]): Decision | string {
  const readings = cases.map((c) => readingOf(c, test.metric));
  const missing = readings.indexOf(undefined);
  if (missing >= 0) return `the ${cases[missing]!.variant} case at depth ${cases[missing]!.depth} has no '${test.metric}'`;
  const range = passRange(test);
  const known = readings as Reading[];
  const shown = describeShown(cases, shows.filter((name) => name !== test.metric));
  const beside = shown === '' ? '' : ` (${shown})`;
  if (known.some((r) => r.below)) {
    const values = known.map((r) => `${r.below ? '< ' : ''}${formatNumber(r.value)}`).join(', ');
    return decideBySeeds(known.map((r) => readingPasses(r, range)), `${label} passes`, `${label} ${test.metric} ${values}${beside}`);
  }
  const values = known.map((r) => r.value);
  return decideByInterval(values, range, `${label} ${test.metric} ${describeValues(values)}${beside}`);
}

/** `preact mean-loss-increase-one-block 0.026 (loss-intact 0.5)`: a variant's values over its seeds, the claim's `shows` beside. */
export function describeVariant(cases: readonly CaseResult[], values: ReadonlyMap<number, number>, metric: string, shows: readonly string[]): string {
  const shown = describeShown(cases, shows.filter((name) => name !== metric));
  return `${cases[0]!.variant} ${metric} ${describeValues([...values.values()])}${shown === '' ? '' : ` (${shown})`}`;
}

/** A label test over one group's seeds, by counting them; beside it the claim's `shows` over the seeds. */
export function decideLabelTest(cases: readonly CaseResult[], test: Extract<CaseTest, { op: 'one-of' }>, label: string, shows: readonly string[]): Decision | string {
  const unlabelled = cases.find((c) => c.labels[test.label] === undefined);
  if (unlabelled !== undefined) return `the ${unlabelled.variant} case at depth ${unlabelled.depth} has no '${test.label}'`;
  const labels = cases.map((c) => c.labels[test.label]!);
  const shown = describeShown(cases, shows);
  const detail = `${label} ${[...new Set(labels)].length === 1 ? labels[0] : labels.join(', ')}${shown === '' ? '' : ` (${shown})`}`;
  return decideBySeeds(labels.map((l) => test.values.includes(l)), `${label} ${test.values.join(' or ')}`, detail);
}

/** The named metrics over the seeds that have them: a mean with its interval, or a bound's values listed, never averaged. */
function describeShown(cases: readonly CaseResult[], names: readonly string[]): string {
  return names
    .flatMap((name) => {
      const values = cases.flatMap((c) => (c.metrics[name] === undefined ? [] : [c.metrics[name]!]));
      if (values.length === 0) return [];
      if (name.endsWith('-below')) return [`${name} ${values.map(formatNumber).join(', ')}${values.length < cases.length ? ` at ${values.length} of ${cases.length} seeds` : ''}`];
      return [`${name} ${values.length === cases.length ? describeValues(values) : `${values.map(formatNumber).join(', ')} at ${values.length} of ${cases.length} seeds`}`];
    })
    .join(', ');
}

/** Each seed's value of `metric` in `cases`, by seed. */
export const bySeed = (cases: readonly CaseResult[], metric: string) =>
  new Map(cases.flatMap((c) => (c.metrics[metric] === undefined ? [] : [[c.config.seed, c.metrics[metric]!] as const])));

/**
 * A paired comparison by seed: the differences `mine − theirs` decide by their interval, held where it lies
 * wholly on the `better` side of 0 (a tie is not better).
 */
export function decidePaired(mine: ReadonlyMap<number, number>, theirs: ReadonlyMap<number, number>, better: 'lower' | 'higher', describe: (difference: string) => string): Decision | string {
  const differences = pairedDifferences(mine, theirs);
  if (differences.length === 0) return 'no seed measured both';
  const improvement = probabilityOfImprovement([...mine.values()], [...theirs.values()], better);
  const detail = describe(`difference ${describeValues(differences)}${differences.length > 1 ? `, P(improvement) ${formatNumber(improvement)}` : ''}`);
  return decideByInterval(differences, better === 'lower' ? { max: 0 } : { min: 0 }, detail, { exclusive: true });
}

/** Why a case's model did not learn, by `test`; undefined where it learnt. */
function notLearnt(c: CaseResult, { loss, accuracy }: LearntTest): string | undefined {
  const [initial, final] = [c.metrics[loss.initial], c.metrics[loss.final]];
  if (initial === undefined || final === undefined) return `no '${initial === undefined ? loss.initial : loss.final}' to tell whether it learnt`;
  const [value, chance] = accuracy === undefined ? [] : [c.metrics[accuracy.value], c.metrics[accuracy.chance]];
  if (accuracy !== undefined && value !== undefined && chance !== undefined && value < chance + accuracy.margin) return `accuracy ${formatNumber(value)}, chance ${formatNumber(chance)}`;
  const fell = (initial - final) / initial;
  if (fell < loss.fallBy) return `held-out loss ${formatNumber(initial)} → ${formatNumber(final)}, fell ${formatNumber(fell * 100)}% where ${formatNumber(loss.fallBy * 100)}% is needed`;
  return undefined;
}

/**
 * Why a comparison of trained models has no power: the first variant whose model did not learn at some seed,
 * `plain did not train (accuracy 0.41, chance 0.25)`, with the count of seeds where it did not.
 */
export function powerProblem(cases: readonly CaseResult[], learnt: LearntTest): string | undefined {
  for (const variant of new Set(cases.map((c) => c.variant))) {
    const own = cases.filter((c) => c.variant === variant);
    const failing = own.map((c) => notLearnt(c, learnt)).filter((why) => why !== undefined);
    if (failing.length === 0) continue;
    const where = own.length === 1 ? '' : ` at ${failing.length} of ${own.length} seeds`;
    return `${variant} did not train${where} (${failing[0]})`;
  }
  return undefined;
}
