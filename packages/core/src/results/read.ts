import { SCHEMA_VERSION } from '../constants.js';
import { SkipbenchError } from '../errors.js';
import { resultsDocumentSchema, type ResultsDocument } from './schema.js';

export interface ValidationReport {
  document?: ResultsDocument;
  /** One line per problem, each prefixed with the dot-path of the offending field. */
  errors: string[];
}

/** Validates parsed JSON as a results document; never throws. */
export function validateResults(value: unknown): ValidationReport {
  if (typeof value === 'object' && value !== null && 'schemaVersion' in value && value.schemaVersion !== SCHEMA_VERSION) {
    return {
      errors: [`schemaVersion: expected ${SCHEMA_VERSION}, but got ${JSON.stringify(value.schemaVersion)} (written by another skipbench version)`],
    };
  }
  const parsed = resultsDocumentSchema.safeParse(value);
  if (parsed.success) return { document: parsed.data, errors: [] };
  return {
    errors: parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue.message}`),
  };
}

/** Parses and validates a results file's text; throws one SkipbenchError listing every problem. */
export function parseResults(text: string, source = 'results'): ResultsDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SkipbenchError(`${source}: not JSON (${(error as Error).message})`, 'results');
  }
  const { document, errors } = validateResults(value);
  if (document === undefined) throw new SkipbenchError(`${source}: ${errors.join('; ')}`, 'results');
  return document;
}
