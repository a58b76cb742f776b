import { SkipbenchError } from '../errors.js';
import type { ResultsDocument } from './schema.js';

/**
 * Joins results of one benchmark (shards of a plan, or runs of disjoint cases) into one document. Refuses,
 * naming the file, documents of another schema, benchmark version or backend, and cases measured twice.
 */
export function mergeResults(documents: ReadonlyArray<{ source: string; document: ResultsDocument }>): ResultsDocument {
  const [first] = documents;
  if (first === undefined) throw new SkipbenchError('Nothing to merge.', 'usage');
  const reference = first.document;
  const owner = new Map<string, string>();
  for (const { source, document } of documents) {
    const { benchmark, environment } = document;
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
      if (earlier !== undefined) throw new SkipbenchError(`${source}: case ${c.id} is also in ${earlier}; shards must not overlap.`, 'results');
      owner.set(c.id, source);
    }
  }
  const { shard: _shard, ...benchmark } = reference.benchmark;
  return {
    ...reference,
    benchmark,
    createdAt: documents.map(({ document }) => document.createdAt).sort().at(-1)!,
    cases: documents.flatMap(({ document }) => document.cases).sort((a, b) => a.index - b.index),
  };
}
