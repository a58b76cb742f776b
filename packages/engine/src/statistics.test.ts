import { describe, expect, it } from 'vitest';
import { bootstrapInterval, interquartileMean, mean, median, pairedDifferences, probabilityOfImprovement, standardDeviation, summarise, tInterval } from './statistics.js';

describe('statistics of replicates, against values worked by hand', () => {
  it('mean, sd, median and IQM of 1, 2, 3, 4, 10', () => {
    const values = [10, 2, 4, 1, 3];
    expect(mean(values)).toBe(4);
    // Squared deviations 36 + 4 + 0 + 9 + 1 = 50, over n − 1 = 4.
    expect(standardDeviation(values)).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(median(values)).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // ⌊5/4⌋ = 1 cut from each end: the mean of 2, 3, 4.
    expect(interquartileMean(values)).toBe(3);
    // ⌊8/4⌋ = 2 cut from each end: the mean of 3, 4, 5, 6.
    expect(interquartileMean([1, 2, 3, 4, 5, 6, 7, 100])).toBe(4.5);
  });

  it('the t-interval: mean ± t(0.975, n − 1) · sd / √n', () => {
    // n = 2: t(0.975, 1) = 12.7062, sd = √2, so the half-width is 12.7062.
    const two = tInterval([1, 3])!;
    expect(two.low).toBeCloseTo(2 - 12.7062, 3);
    expect(two.high).toBeCloseTo(2 + 12.7062, 3);
    // n = 5: t(0.975, 4) = 2.7764; sd = √12.5; half-width 2.7764 · 3.5355 / √5 = 4.3900.
    const five = tInterval([10, 2, 4, 1, 3])!;
    expect(five.low).toBeCloseTo(4 - 4.39, 3);
    expect(five.high).toBeCloseTo(4 + 4.39, 3);
    expect(tInterval([7])).toBeUndefined();
    expect(tInterval([2, 2, 2])).toEqual({ low: 2, high: 2 });
  });

  it("summarises the five postact gradient ratios: an interval that straddles the healthy threshold 2", () => {
    const summary = summarise([1.875, 2.328, 1.918, 1.933, 1.651]);
    expect(summary.n).toBe(5);
    expect(summary.mean).toBeCloseTo(1.941, 6);
    expect(summary.median).toBe(1.918);
    expect(summary.iqm).toBeCloseTo((1.875 + 1.918 + 1.933) / 3, 12);
    expect(summary.interval!.low).toBeLessThan(2);
    expect(summary.interval!.high).toBeGreaterThan(2);
    // Squared deviations sum to 0.238818: sd 0.244345, half-width 2.7764 · 0.244345 / √5 = 0.3034.
    expect(summary.interval!.low).toBeCloseTo(1.6376, 3);
    expect(summary.interval!.high).toBeCloseTo(2.2444, 3);
    expect(summarise([3])).toEqual({ n: 1, mean: 3, median: 3 });
  });

  it('a bootstrap interval is reproducible from its seed', () => {
    const values = [0.2, 0.9, 0.4, 0.7, 0.1, 0.5];
    const once = bootstrapInterval(values, interquartileMean, { seed: 7 });
    expect(bootstrapInterval(values, interquartileMean, { seed: 7 })).toEqual(once);
    // One resample is one draw: another seed draws another.
    expect(bootstrapInterval(values, mean, { seed: 7, resamples: 1 })).not.toEqual(bootstrapInterval(values, mean, { seed: 8, resamples: 1 }));
    expect(once.low).toBeGreaterThanOrEqual(0.1);
    expect(once.high).toBeLessThanOrEqual(0.9);
    // Resampling 0 and 1: the mean is 0 with chance 1/4 and 1 with chance 1/4, so the 2.5% and 97.5% points are 0 and 1.
    expect(bootstrapInterval([0, 1], mean, { seed: 1 })).toEqual({ low: 0, high: 1 });
    expect(bootstrapInterval([5, 5, 5], mean, { seed: 1 })).toEqual({ low: 5, high: 5 });
  });

  it('pairs by seed, and the probability of improvement counts every pair, a tie as half', () => {
    expect(pairedDifferences(new Map([[1, 5], [2, 7], [3, 1]]), new Map([[2, 4], [1, 1]]))).toEqual([4, 3]);
    // 1 beats 0; 2 ties 2 twice and beats 0; 3 beats all three: (1 + 2 + 3) / 9.
    expect(probabilityOfImprovement([1, 2, 3], [2, 2, 0], 'higher')).toBeCloseTo(6 / 9, 12);
    expect(probabilityOfImprovement([1, 2, 3], [2, 2, 0], 'lower')).toBeCloseTo(3 / 9, 12);
  });
});
