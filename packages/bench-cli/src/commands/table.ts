import { UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { table } from '../format.js';
import { readResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry, reportProblems } from '../registry.js';
import { markdownTable } from '../render/markdown.js';
import { buildTable, MISSING, type ResultsTable, type TableOptions } from '../results-table.js';

export interface TableCommandOptions extends TableOptions {
  md?: boolean;
  json?: boolean;
}

const missingNote = (missing: readonly string[]) => `${MISSING}: no case in these results; to measure ${missing.length === 1 ? 'it' : 'them'}:`;

function text({ header, body, missing }: ResultsTable): string {
  const lines = [table(header, body)];
  if (missing.length > 0) lines.push('', missingNote(missing), ...missing.map((command) => `  ${command}`));
  return `${lines.join('\n')}\n`;
}

function markdown({ header, body, missing }: ResultsTable): string {
  const lines = [markdownTable(header, body)];
  if (missing.length > 0) lines.push('', missingNote(missing), '', ...missing.map((command) => `- \`${command}\``));
  return `${lines.join('\n')}\n`;
}

/** One metric of results files laid out as rows by columns of case keys. */
export async function tableCommand(files: string[], options: TableCommandOptions): Promise<number> {
  if (options.md && options.json) throw new UsageError('Choose one format: --md or --json, but got both.');
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const documents = files.map((file) => readResultsFile(file, benchmarkIds(loaded.registry)));
  const result = buildTable(documents, options);
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : options.md ? markdown(result) : text(result));
  return EXIT.ok;
}
