import { OptionError, SkipbenchError } from '@skipbench/core';
import { completeness, inPlanOrder, type ResultsDocument } from './schema.js';
import { describeSourceConflict, sourceConflicts } from './sources.js';

export interface MergeOptions {
  /** Merge even when planned cases are still missing; the result is marked incomplete. @default false */
  allowIncomplete?: boolean;
}

/**
 * A merge refused because planned cases would still be missing: an `OptionError` (`allowIncomplete` merges
 * anyway), but about the results given rather than a mistake in typing, so its code is `results`.
 */
class IncompleteMergeError extends OptionError {
  override readonly code = 'results';
}

/**
 * Joins results of one benchmark (shards of a plan, runs at other seeds, or runs of disjoint cases) into one
 * document over the union of their seeds. Refuses, naming the file, documents made by other versions of an
 * architecture or probe, of another benchmark version or backend, and cases measured twice; and,
 * unless `allowIncomplete`, a result that would still miss planned cases (a shard not given). The planned
 * cases are those any input holds or lists as missing; the merged `missing` is those no input holds.
 */
export function mergeResults(documents: ReadonlyArray<{ source: string; document: ResultsDocument }>, options: MergeOptions = {}): ResultsDocument {
  const [first] = documents;
  if (first === undefined) throw new SkipbenchError('Nothing to merge.', 'usage');
  const reference = first.document;
  const owner = new Map<string, string>();
  for (const { source, document } of documents) {
    const { benchmark, environment } = document;
    const conflict = sourceConflicts(reference.sources, document.sources)[0];
    if (conflict !== undefined) throw new SkipbenchError(`${source}: ${describeSourceConflict(conflict, first.source)}; only results made by the same versions merge.`, 'results');
    if (benchmark.id !== reference.benchmark.id || benchmark.version !== reference.benchmark.version) {
      throw new SkipbenchError(
        `${source}: benchmark ${benchmark.id}@${benchmark.version} differs from ${first.source}'s ${reference.benchmark.id}@${reference.benchmark.version}; only results of the same benchmark version merge.`,
        'results',
      );
    }
    if (environment.backend !== reference.environment.backend) {
      throw new SkipbenchError(`${source}: backend '${environment.backend}' differs from ${first.source}'s '${reference.environment.backend}'.`, 'results');
    }
    for (const c of document.cases) {
      const earlier = owner.get(c.id);
      if (earlier !== undefined) throw new SkipbenchError(`${source}: case ${c.id} is also in ${earlier}; the parts must not overlap.`, 'results');
      owner.set(c.id, source);
    }
  }
  const missing = [...new Set(documents.flatMap(({ document }) => document.missing ?? []))].filter((id) => !owner.has(id));
  const planned = owner.size + missing.length;
  if (missing.length > 0 && !options.allowIncomplete) {
    throw new IncompleteMergeError(
      { option: 'allowIncomplete', received: options.allowIncomplete ?? false },
      (spell) => `The merged result would miss ${missing.length} of ${planned} planned cases (e.g. ${missing[0]}): give every shard, or add ${spell('allowIncomplete')} to merge anyway.`,
    );
  }
  // The merged document covers the whole plan (or says what it lacks): no shard marker.
  const { shard: _shard, ...benchmark } = reference.benchmark;
  const { missing: _missing, ...rest } = reference;
  return {
    ...rest,
    benchmark,
    createdAt: documents.map(({ document }) => document.createdAt).sort().at(-1)!,
    seeds: [...new Set(documents.flatMap(({ document }) => document.seeds))].sort((a, b) => a - b),
    ...completeness(missing),
    cases: documents.flatMap(({ document }) => document.cases).sort(inPlanOrder),
  };
}
