import { describe, expect, it } from 'vitest';
import { asFlags, refusal } from '../test-errors.js';
import { mergeResults } from './merge.js';
import type { ResultsDocument } from './schema.js';
import { document } from './test-documents.js';

/** Shard `index` of 2 over cases a, b, c, d: complete false, missing the other shard's ids. */
function shard(index: 1 | 2): ResultsDocument {
  const ids = ['a', 'b', 'c', 'd'];
  const all = document(ids.map((id) => ({ id, probe: 'throughput', metrics: { m: 1 } })), { shard: { index, count: 2 } });
  const mine = all.cases.filter((c) => c.index % 2 === index - 1);
  return { ...all, complete: false, missing: ids.filter((id) => !mine.some((c) => c.id === id)), cases: mine };
}

describe('mergeResults: completeness', () => {
  it('marks the merge of every shard complete, without a shard marker or missing list', () => {
    const merged = mergeResults([{ source: 's2.json', document: shard(2) }, { source: 's1.json', document: shard(1) }]);
    expect(merged.complete).toBe(true);
    expect(merged.missing).toBeUndefined();
    expect(merged.benchmark.shard).toBeUndefined();
    expect(merged.cases.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses 1 of 2 shards in one line naming how many planned cases are missing and the option that merges anyway', () => {
    const error = refusal(() => mergeResults([{ source: 's1.json', document: shard(1) }]));
    expect(error.message).toBe('The merged result would miss 2 of 4 planned cases (e.g. b): give every shard, or add allowIncomplete to merge anyway.');
    // An option's refusal, but about the results given: its code is results, not usage.
    expect(error).toMatchObject({ option: 'allowIncomplete', received: false, code: 'results' });
    expect(asFlags(error)).toBe('The merged result would miss 2 of 4 planned cases (e.g. b): give every shard, or add --allowIncomplete to merge anyway.');
  });

  it('with allowIncomplete, merges and marks the result incomplete with what is missing', () => {
    const merged = mergeResults([{ source: 's1.json', document: shard(1) }], { allowIncomplete: true });
    expect([merged.complete, merged.missing, merged.benchmark.shard]).toEqual([false, ['b', 'd'], undefined]);
  });
});
