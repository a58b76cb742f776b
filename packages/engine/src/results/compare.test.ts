import { describe, expect, it } from 'vitest';
import { asFlags, refusal } from '../test-errors.js';
import { checkFailRules, compareResults, parseFailRule, regressions } from './compare.js';
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
