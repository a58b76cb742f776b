import { existsSync, readFileSync, statSync } from 'node:fs';
import { incompleteness, validateResultsText } from '@skipbench/engine';
import { UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { benchmarkIds, loadRegistry } from '../registry.js';

/** The same problem in many cases becomes one line: `cases.*.index: … (in 57 cases: 0, 1, 2, …)`. */
function groupRepeated(errors: string[]): string[] {
  const groups = new Map<string, number[]>();
  const order: string[] = [];
  for (const error of errors) {
    const match = /^cases\.(\d+)\.(.*)$/.exec(error);
    const key = match ? `cases.*.${match[2]}` : error;
    if (!groups.has(key)) order.push(key);
    groups.set(key, [...(groups.get(key) ?? []), ...(match ? [Number(match[1])] : [])]);
  }
  return order.map((key) => {
    const cases = groups.get(key)!;
    if (cases.length <= 1) return cases.length === 1 ? key.replace('cases.*.', `cases.${cases[0]}.`) : key;
    const shown = cases.slice(0, 5).join(', ');
    return `${key} (in ${cases.length} cases: ${shown}${cases.length > 5 ? ', …' : ''})`;
  });
}

export async function validateCommand(files: string[]): Promise<number> {
  const missing = files.filter((file) => !existsSync(file) || !statSync(file).isFile());
  if (missing.length > 0) throw new UsageError(`No such results file: ${missing.join(', ')}`);
  let invalid = 0;
  const known = benchmarkIds((await loadRegistry()).registry);
  for (const file of files) {
    const { document, errors } = validateResultsText(readFileSync(file, 'utf8'), { benchmarks: known });
    if (document !== undefined) {
      const lacking = incompleteness(document);
      process.stdout.write(
        `${file}: ok, schema ${document.schemaVersion}, ${document.benchmark.id}@${document.benchmark.version}, ${document.cases.length} cases${lacking === undefined ? '' : `, incomplete: ${lacking}`}\n`,
      );
    } else {
      invalid++;
      for (const error of groupRepeated(errors)) process.stdout.write(`${file}: ${error}\n`);
    }
  }
  return invalid > 0 ? EXIT.failures : EXIT.ok;
}
