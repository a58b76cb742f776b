import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseResults, UsageError, type ResultsDocument } from '@skipbench/core';

/** Reads and validates a results file; a missing file is the user's mistake (one line, exit 2). */
export function readResultsFile(file: string): ResultsDocument {
  if (!existsSync(file)) throw new UsageError(`No such results file: ${file}`);
  return parseResults(readFileSync(file, 'utf8'), path.relative(process.cwd(), file) || file);
}
