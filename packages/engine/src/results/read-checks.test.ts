import { describe, expect, it } from 'vitest';
import { incompleteness, parseResults, validateResults, validateResultsText } from './read.js';
import { document } from './test-documents.js';

const two = () => document([{ id: 'x', probe: 'throughput', metrics: { a: 1 } }, { id: 'y', probe: 'throughput', metrics: { a: 2 } }]);

describe('validateResults: what the schema cannot say', () => {
  it('refuses a case id that appears twice, naming the id', () => {
    const doc = two();
    doc.cases[1]!.id = 'x';
    expect(validateResults(doc).errors).toEqual(["cases.1.id: 'x' is also the id of cases.0; each case appears once"]);
  });

  it('refuses an unknown benchmark id in the document, its components and its cases', () => {
    const doc = document([{ id: 'x', probe: 'throughput', metrics: { a: 1 }, benchmark: 'speed' }], { id: 'speed', components: { speed: 'v1' } });
    const known = 'known: depth, gradient, throughput, claims, representation, tradeoff, all';
    expect(validateResults(doc).errors).toEqual([
      `benchmark.id: unknown benchmark 'speed'; ${known}`,
      `benchmark.components.speed: unknown benchmark 'speed'; ${known}`,
      `cases.0.benchmark: unknown benchmark 'speed'; ${known}`,
    ]);
  });

  it('accepts a benchmark a plugin adds when the caller passes it among the known ids', () => {
    const doc = document([{ id: 'x', probe: 'p', metrics: { a: 1 }, benchmark: 'speed' }], { id: 'speed' });
    expect(validateResults(doc, { benchmarks: ['throughput', 'speed'] }).errors).toEqual([]);
  });

  it("refuses a 'missing' id that cases holds", () => {
    expect(validateResults({ ...two(), complete: false, missing: ['y', 'z'] }).errors).toEqual(["missing: lists 'y', which cases holds"]);
  });
});

describe('incompleteness', () => {
  it('says how many planned cases a document lacks, and nothing for a complete one', () => {
    expect(incompleteness(two())).toBeUndefined();
    expect(incompleteness({ ...two(), complete: false, missing: ['z'] })).toBe('1 planned case missing');
    expect(incompleteness({ ...two(), complete: false, missing: ['z', 'w'] })).toBe('2 planned cases missing');
  });
});

describe('validateResultsText and parseResults', () => {
  it('accept a UTF-8 byte-order mark', () => {
    const text = `\ufeff${JSON.stringify(two())}`;
    expect(validateResultsText(text).errors).toEqual([]);
    expect(parseResults(text, 'bom.json').cases).toHaveLength(2);
  });

  it('report NaN as one line with its position', () => {
    expect(() => parseResults('{"schemaVersion": NaN}', 'nan.json')).toThrowError(
      "nan.json: not JSON: unexpected 'N' at line 1, column 19 (position 18); NaN and Infinity are not JSON numbers",
    );
  });
});
