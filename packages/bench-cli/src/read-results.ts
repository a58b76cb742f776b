import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { incompleteness, parseResults, type ResultsDocument } from '@skipbench/engine';
import { SkipbenchError, UsageError } from '@skipbench/core';

/**
 * Reads and validates a results file; a missing file is the user's mistake (one line, exit 2). `benchmarks`:
 * the ids it may hold (core's and the discovered plugins', see `benchmarkIds`).
 */
export function readResultsFile(file: string, benchmarks: readonly string[]): ResultsDocument {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`No such results file: ${file}`);
  return parseResults(readFileSync(file, 'utf8'), path.relative(process.cwd(), file) || file, { benchmarks });
}

/** Reads a results file that must be complete unless the user allows otherwise (`--allow-incomplete`). */
export function readCompleteResultsFile(file: string, benchmarks: readonly string[], allowIncomplete: boolean | undefined): ResultsDocument {
  const document = readResultsFile(file, benchmarks);
  const lacking = incompleteness(document);
  if (lacking !== undefined && !allowIncomplete) {
    throw new SkipbenchError(`${file}: incomplete, ${lacking}; use complete results, or add --allow-incomplete to read it anyway.`, 'results');
  }
  return document;
}
