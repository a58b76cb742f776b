import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mergeResults, UsageError } from '@skipbench/core';
import { EXIT } from '../cli.js';
import { readResultsFile } from '../read-results.js';

export async function mergeCommand(files: string[], options: { out: string; json?: boolean }): Promise<number> {
  const out = path.resolve(options.out);
  if (!existsSync(path.dirname(out))) throw new UsageError(`Output folder '${path.dirname(options.out)}' does not exist; create it or choose another --out.`);
  const merged = mergeResults(files.map((file) => ({ source: file, document: readResultsFile(file) })));
  writeFileSync(`${out}.tmp`, `${JSON.stringify(merged, null, 2)}\n`);
  renameSync(`${out}.tmp`, out);
  if (options.json) process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else process.stdout.write(`merged ${files.length} files, ${merged.cases.length} cases, into ${options.out}\n`);
  return EXIT.ok;
}
