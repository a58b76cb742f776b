import { incompleteness, mergeResults } from '@skipbench/engine';
import { EXIT } from '../exit.js';
import { outputFile, writeJsonAtomically } from '../output.js';
import { readResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry } from '../registry.js';

export async function mergeCommand(files: string[], options: { out: string; json?: boolean; allowIncomplete?: boolean }): Promise<number> {
  const out = outputFile(options.out, '--out');
  const known = benchmarkIds((await loadRegistry()).registry);
  const merged = mergeResults(
    files.map((file) => ({ source: file, document: readResultsFile(file, known) })),
    { allowIncomplete: options.allowIncomplete ?? false },
  );
  writeJsonAtomically(out, merged);
  if (options.json) process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else {
    const lacking = incompleteness(merged);
    process.stdout.write(`merged ${files.length} files, ${merged.cases.length} cases, into ${options.out}${lacking === undefined ? '' : `; incomplete: ${lacking}`}\n`);
  }
  return EXIT.ok;
}
