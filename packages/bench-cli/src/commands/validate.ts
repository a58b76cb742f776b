import { existsSync, readFileSync } from 'node:fs';
import { UsageError, validateResults } from '@skipbench/core';
import { EXIT } from '../cli.js';

export async function validateCommand(files: string[]): Promise<number> {
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new UsageError(`No such results file: ${missing.join(', ')}`);
  let invalid = 0;
  for (const file of files) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      process.stdout.write(`${file}: not JSON (${(error as Error).message})\n`);
      invalid++;
      continue;
    }
    const { document, errors } = validateResults(value);
    if (document !== undefined) {
      process.stdout.write(`${file}: ok, schema ${document.schemaVersion}, ${document.benchmark.id}@${document.benchmark.version}, ${document.cases.length} cases\n`);
    } else {
      invalid++;
      for (const error of errors) process.stdout.write(`${file}: ${error}\n`);
    }
  }
  return invalid > 0 ? EXIT.failures : EXIT.ok;
}
