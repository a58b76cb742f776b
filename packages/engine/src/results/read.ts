import { BENCHMARK_IDS } from '@skipbench/probes';
import { SCHEMA_VERSION, resultsDocumentSchema, type ResultsDocument } from './schema.js';
import { SkipbenchError } from '@skipbench/core';
import { parseJsonText } from './json.js';

export interface ValidationReport {
  document?: ResultsDocument;
  /** One line per problem, each prefixed with the dot-path of the offending field. */
  errors: string[];
}

export interface ValidationOptions {
  /** Benchmark ids a document may hold (an `all` document holds several); `all` is always accepted as the document's. @default BENCHMARK_IDS */
  benchmarks?: readonly string[];
}

/** What the schema cannot say: each case once, known benchmarks, and `missing` disjoint from `cases`. */
function documentProblems(document: ResultsDocument, known: readonly string[]): string[] {
  const errors: string[] = [];
  const knownList = `known: ${[...known, 'all'].join(', ')}`;
  if (document.benchmark.id !== 'all' && !known.includes(document.benchmark.id)) {
    errors.push(`benchmark.id: unknown benchmark '${document.benchmark.id}'; ${knownList}`);
  }
  for (const id of Object.keys(document.benchmark.components)) {
    if (!known.includes(id)) errors.push(`benchmark.components.${id}: unknown benchmark '${id}'; ${knownList}`);
  }
  const firstIndex = new Map<string, number>();
  document.cases.forEach((c, i) => {
    if (!known.includes(c.benchmark)) errors.push(`cases.${i}.benchmark: unknown benchmark '${c.benchmark}'; ${knownList}`);
    const first = firstIndex.get(c.id);
    if (first !== undefined) errors.push(`cases.${i}.id: '${c.id}' is also the id of cases.${first}; each case appears once`);
    else firstIndex.set(c.id, i);
  });
  const present = document.missing?.filter((id) => firstIndex.has(id)) ?? [];
  if (present.length > 0) errors.push(`missing: lists '${present[0]}'${present.length > 1 ? ` and ${present.length - 1} more` : ''}, which cases holds`);
  if (!document.complete && document.missing?.length === 0) errors.push('missing: empty, but complete is false');
  return errors;
}

/** Validates parsed JSON as a results document; never throws. */
export function validateResults(value: unknown, options: ValidationOptions = {}): ValidationReport {
  if (typeof value === 'object' && value !== null && 'schemaVersion' in value && value.schemaVersion !== SCHEMA_VERSION) {
    return {
      errors: [`schemaVersion: expected ${SCHEMA_VERSION}, but got ${JSON.stringify(value.schemaVersion)} (written by another skipbench version)`],
    };
  }
  const parsed = resultsDocumentSchema.safeParse(value);
  if (!parsed.success) {
    return { errors: parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue.message}`) };
  }
  const errors = documentProblems(parsed.data, options.benchmarks ?? BENCHMARK_IDS);
  return errors.length > 0 ? { errors } : { document: parsed.data, errors: [] };
}

/** Parses a results file's text (a UTF-8 BOM is skipped) and validates it; never throws. */
export function validateResultsText(text: string, options: ValidationOptions = {}): ValidationReport {
  const { value, error } = parseJsonText(text);
  return error !== undefined ? { errors: [error] } : validateResults(value, options);
}

/** Parses and validates a results file's text; throws one SkipbenchError listing every problem. */
export function parseResults(text: string, source = 'results', options: ValidationOptions = {}): ResultsDocument {
  const { document, errors } = validateResultsText(text, options);
  if (document === undefined) throw new SkipbenchError(`${source}: ${errors.join('; ')}`, 'results');
  return document;
}

/** `undefined` for a complete document, else how much it lacks: `6 planned cases missing`. */
export function incompleteness(document: ResultsDocument): string | undefined {
  if (document.complete) return undefined;
  const missing = document.missing?.length ?? 0;
  return `${missing} planned ${missing === 1 ? 'case' : 'cases'} missing`;
}
