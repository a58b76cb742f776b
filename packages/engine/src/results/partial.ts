import { existsSync, readFileSync } from 'node:fs';
import type { Plan } from '../benchmarks/plan.js';
import { caseResultSchema, type CaseResult, type Environment } from './schema.js';

/** First line of a journal (`<out>.partial.jsonl`): what the cases below belong to. `--resume` refuses a run that differs in any of it. */
export interface JournalHeader {
  benchmark: Plan['benchmark'];
  /** The backend asked for (`auto` included); `environment.backend` is the one that ran. */
  backend: string;
  /** The seed set the run asked for; a resumed run may ask for more. */
  seeds: number[];
  settings: Plan['settings'];
  environment: Environment;
}

export interface PartialResults {
  header: JournalHeader | undefined;
  cases: CaseResult[];
  /** Lines that could not be read (a line cut short by a kill mid-write). */
  skippedLines: number;
}

/**
 * Reads the cases streamed to `<out>.partial.jsonl` while a run went on. A line cut off by a crash is
 * skipped; a case written twice counts once (the last).
 */
export function readPartialResults(file: string): PartialResults {
  if (!existsSync(file)) return { header: undefined, cases: [], skippedLines: 0 };
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  let header: JournalHeader | undefined;
  const cases = new Map<string, CaseResult>();
  let skippedLines = 0;
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skippedLines++;
      return;
    }
    if (i === 0 && typeof value === 'object' && value !== null && 'benchmark' in value && !('probe' in value)) {
      header = value as JournalHeader;
      return;
    }
    const parsed = caseResultSchema.safeParse(value);
    if (parsed.success) cases.set(parsed.data.id, parsed.data);
    else skippedLines++;
  });
  return { header, cases: [...cases.values()], skippedLines };
}
