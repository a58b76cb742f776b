import { describe, expect, it } from 'vitest';
import { asFlags, refusal } from '../test-errors.js';
import { betterFromClaims, checkFailRules, compareResults, parseFailRule, regressions } from './compare.js';
import type { ResultsDocument } from './schema.js';
import { document } from './test-documents.js';

const timing = (mean: number, rme: number) => ({
  'train-step-mean': mean,
  'train-step-rme': rme,
  'train-step-samples-per-second': 8000 / mean,
  loss: 1,
});

describe('compareResults', () => {
  it('calls a timing change only when the 95% intervals do not overlap', () => {
    const before = document([{ id: 'x', probe: 'throughput', metrics: timing(100, 2) }]);
    const slower = document([{ id: 'x', probe: 'throughput', metrics: timing(110, 2) }]);
    const noisy = document([{ id: 'x', probe: 'throughput', metrics: timing(103, 2) }]);
    const call = (after: ResultsDocument, metric: string) => compareResults(before, after).changes.find((c) => c.metric === metric)!.call;
    // 100 ± 2 vs 110 ± 2.2: apart; 100 ± 2 vs 103 ± 2.06: overlap.
    expect(call(slower, 'train-step-mean')).toBe('worse');
    expect(call(slower, 'train-step-samples-per-second')).toBe('worse');
    expect(call(noisy, 'train-step-mean')).toBe('no change');
    expect(call(slower, 'loss')).toBe('same');
    expect(compareResults(before, slower).changes.find((c) => c.metric === 'train-step-mean')!.relative).toBeCloseTo(0.1, 12);
  });

  it('fails a --fail-on rule only for a significant change beyond its threshold', () => {
    const before = document([{ id: 'x', probe: 'throughput', metrics: timing(100, 2) }]);
    const after = document([{ id: 'x', probe: 'throughput', metrics: timing(110, 2) }]);
    const headline = () => 'train-step-samples-per-second';
    // samples/s drops by 1 − 100/110 = 9.1%.
    expect(regressions(compareResults(before, after), [parseFailRule('throughput:-5%')], headline).map((r) => r.metric)).toEqual(['train-step-samples-per-second']);
    expect(regressions(compareResults(before, after), [parseFailRule('throughput:-10%')], headline)).toEqual([]);
    expect(regressions(compareResults(before, after), [parseFailRule('train-step-mean:+5%')], headline)).toHaveLength(1);
  });

  it('rejects a malformed rule in one line, naming the failOn option and what it received', () => {
    const error = refusal(() => parseFailRule('throughput<5'));
    expect(error.message).toBe("Expected failOn <probe-or-metric>:<+|-><N>% (e.g. throughput:-5%), but got 'throughput<5'.");
    expect(error).toMatchObject({ option: 'failOn', received: 'throughput<5', code: 'usage' });
    // A command line words it by its flag.
    expect(asFlags(error)).toBe("Expected --failOn <probe-or-metric>:<+|-><N>% (e.g. throughput:-5%), but got 'throughput<5'.");
  });
});

describe('compareResults: seeds are replicates', () => {
  const trained = (seed: number, lossRatio: number) => ({
    id: `depth/a.b/plain/d8/trainability/seed=${seed}`, probe: 'trainability', benchmark: 'depth', config: { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed }, metrics: { 'loss-ratio': lossRatio },
  });
  const atSeeds = (...ratios: number[]) => document(ratios.map((ratio, i) => trained(i + 1, ratio)), { id: 'depth' });
  const lowerIsBetter = () => 'lower' as const;
  const before = atSeeds(1, 2, 3);
  const overlapping = atSeeds(1.5, 2.5, 3.5);
  const apart = atSeeds(10, 11, 12);
  // t(0.975, 2) · sd / √3 = 4.3027 · 1 / √3 = 2.4841 for three values a step of 1 apart.
  const halfWidth = 2.4841;

  it('compares the means over seeds, calling a change only when the 95% t-intervals do not overlap', () => {
    const [change] = compareResults(before, overlapping, { betterOf: lowerIsBetter }).changes;
    expect(change).toMatchObject({ caseId: 'depth/a.b/plain/d8/trainability', metric: 'loss-ratio', before: 2, after: 2.5, relative: 0.25, call: 'no change' });
    expect(change!.replicates!.before.n).toBe(3);
    expect(change!.replicates!.before.interval.low).toBeCloseTo(2 - halfWidth, 4);
    expect(change!.replicates!.after.interval.high).toBeCloseTo(2.5 + halfWidth, 4);
    // 2 ± 2.48 and 11 ± 2.48 are apart: a rise of a lower-is-better metric is worse.
    const call = (betterOf?: () => 'lower' | 'higher') => compareResults(before, apart, betterOf ? { betterOf } : {}).changes.map((c) => [c.caseId, c.before, c.after, c.call]);
    expect(call(lowerIsBetter)).toEqual([['depth/a.b/plain/d8/trainability', 2, 11, 'worse']]);
    expect(call(() => 'higher')).toEqual([['depth/a.b/plain/d8/trainability', 2, 11, 'better']]);
    expect(call()).toEqual([['depth/a.b/plain/d8/trainability', 2, 11, 'changed']]);
    expect(compareResults(before, atSeeds(3, 1, 2)).changes.map((c) => c.call)).toEqual(['same']);
  });

  it('with one seed on either side, compares case by case', () => {
    const comparison = compareResults(before, atSeeds(10), { betterOf: lowerIsBetter });
    expect(comparison.changes.map((c) => [c.caseId, c.before, c.after, c.call, c.replicates])).toEqual([['depth/a.b/plain/d8/trainability/seed=1', 1, 10, 'changed', undefined]]);
    expect(comparison.onlyBefore).toEqual(['depth/a.b/plain/d8/trainability/seed=2', 'depth/a.b/plain/d8/trainability/seed=3']);
  });

  it('fails a --fail-on rule only for a change whose intervals are apart', () => {
    const rule = [parseFailRule('loss-ratio:+10%')];
    // +25% is beyond the threshold, but within the seeds' noise.
    expect(regressions(compareResults(before, overlapping, { betterOf: lowerIsBetter }), rule, () => undefined)).toEqual([]);
    expect(regressions(compareResults(before, apart, { betterOf: lowerIsBetter }), rule, () => undefined).map((r) => [r.caseId, r.relative, r.call])).toEqual([
      ['depth/a.b/plain/d8/trainability', 4.5, 'worse'],
    ]);
  });
});

describe('betterFromClaims', () => {
  it('reads which way is better from claims that compare a metric with the plain variants', () => {
    const claim = (metric: string, better: 'lower' | 'higher') => ({ claim: { id: metric, statement: '', probe: 'p', rule: { kind: 'versus-plain' as const, metric, better } } });
    const betterOf = betterFromClaims([claim('loss-ratio', 'lower'), claim('correlation', 'higher'), claim('loss-ratio', 'higher')]);
    expect([betterOf('loss-ratio'), betterOf('correlation'), betterOf('steps')]).toEqual(['lower', 'higher', undefined]);
  });
});

describe('checkFailRules: a rule that could never fail is a usage error', () => {
  const before = document([{ id: 'x', probe: 'throughput', metrics: timing(100, 2) }]);
  const headline = (probe: string) => (probe === 'throughput' ? 'train-step-samples-per-second' : undefined);

  it('refuses a metric no case of either file has, listing metrics that exist', () => {
    const error = refusal(() => checkFailRules([parseFailRule('nosuchmetric:+5%')], [before, before], headline));
    expect(error.message).toBe(
      "Expected failOn to name a metric or probe of these results, but got 'nosuchmetric' (in nosuchmetric:+5%); metrics they have: loss, train-step-mean, train-step-rme, train-step-samples-per-second.",
    );
    // What it accepts: every metric of the cases, then every probe with a headline metric.
    expect(error).toMatchObject({ option: 'failOn', received: 'nosuchmetric:+5%', accepted: ['loss', 'train-step-mean', 'train-step-rme', 'train-step-samples-per-second', 'throughput'], code: 'usage' });
    expect(asFlags(error)).toBe(
      "Expected --failOn to name a metric or probe of these results, but got 'nosuchmetric' (in nosuchmetric:+5%); metrics they have: loss, train-step-mean, train-step-rme, train-step-samples-per-second.",
    );
  });

  it('accepts a metric or a probe with a headline metric', () => {
    expect(() => checkFailRules([parseFailRule('train-step-mean:+10%'), parseFailRule('throughput:-5%')], [before, before], headline)).not.toThrow();
  });
});
