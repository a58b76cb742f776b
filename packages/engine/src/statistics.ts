import { seededRandom } from '@skipbench/core';
import jstat from 'jstat';

/** The confidence of every interval skipbench reports. */
export const CONFIDENCE = 0.95;

/** A closed interval of a statistic: `low ≤ value ≤ high` at `CONFIDENCE`. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** What a group of replicates (cases that differ only in seed) says of one value. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); absent for one value. */
  readonly sd?: number;
  readonly median: number;
  /** Mean of the middle half (25% trimmed from each end), from 4 values: robust to one wild seed. */
  readonly iqm?: number;
  /** Student-t interval of the mean, from 2 values. */
  readonly interval?: Interval;
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

export const mean = (values: readonly number[]) => sum(values) / values.length;

export function median(values: readonly number[]): number {
  const sorted = ascending(values);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Sample standard deviation (n − 1 in the denominator). */
export function standardDeviation(values: readonly number[]): number {
  const centre = mean(values);
  return Math.sqrt(sum(values.map((v) => (v - centre) ** 2)) / (values.length - 1));
}

/** The interquartile mean as rliable computes it (scipy's trim_mean at 0.25): ⌊n/4⌋ values cut from each end. */
export function interquartileMean(values: readonly number[]): number {
  const cut = Math.floor(values.length / 4);
  return mean(ascending(values).slice(cut, values.length - cut));
}

/**
 * The Student-t interval of the mean: mean ± t(1 − α/2, n − 1) · sd / √n. Chosen over a bootstrap for the
 * verdicts because a handful of seeds (3–10) is where a percentile bootstrap's interval is too narrow, and
 * the t-interval is the one a reader can recompute by hand.
 */
export function tInterval(values: readonly number[], confidence = CONFIDENCE): Interval | undefined {
  if (values.length < 2) return undefined;
  const halfWidth = (jstat.studentt.inv(1 - (1 - confidence) / 2, values.length - 1) * standardDeviation(values)) / Math.sqrt(values.length);
  const centre = mean(values);
  return { low: centre - halfWidth, high: centre + halfWidth };
}

/** n, mean, sd, median, IQM (n ≥ 4) and the t-interval (n ≥ 2) of replicates. */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError('Nothing to summarise: no values.');
  const interval = tInterval(values);
  return {
    n: values.length,
    mean: mean(values),
    ...(values.length >= 2 ? { sd: standardDeviation(values) } : {}),
    median: median(values),
    ...(values.length >= 4 ? { iqm: interquartileMean(values) } : {}),
    ...(interval ? { interval } : {}),
  };
}

/**
 * A percentile bootstrap interval of `statistic`: `resamples` resamples with replacement drawn from a
 * generator seeded with `seed`, so the same values and seed give the same interval. For statistics the
 * t-interval does not cover (the IQM of a leaderboard entry).
 */
export function bootstrapInterval(values: readonly number[], statistic: (values: readonly number[]) => number, { seed, resamples = 2000, confidence = CONFIDENCE }: { seed: number; resamples?: number; confidence?: number }): Interval {
  const { next } = seededRandom(seed);
  const estimates = ascending(
    Array.from({ length: resamples }, () => statistic(Array.from(values, () => values[Math.floor(next() * values.length)]!))),
  );
  const at = (q: number) => estimates[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  return { low: at((1 - confidence) / 2), high: at(1 - (1 - confidence) / 2) };
}

/** `a[i] − b[i]` for the seeds both measured: `a` and `b` map a seed to its value. */
export function pairedDifferences(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number[] {
  return [...a].filter(([seed]) => b.has(seed)).map(([seed, value]) => value - b.get(seed)!);
}

/**
 * The probability of improvement (rliable's): the chance that a value drawn from `x` is better than one drawn
 * from `y`, a tie counting half, over every pair — the Mann–Whitney U statistic over |x|·|y|.
 */
export function probabilityOfImprovement(x: readonly number[], y: readonly number[], better: 'lower' | 'higher'): number {
  let wins = 0;
  for (const a of x) for (const b of y) wins += a === b ? 0.5 : (better === 'higher' ? a > b : a < b) ? 1 : 0;
  return wins / (x.length * y.length);
}
