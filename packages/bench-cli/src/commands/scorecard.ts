import { writeFileSync } from 'node:fs';
import { buildScorecard, UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { outputFile } from '../output.js';
import { readResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry, reportProblems } from '../registry.js';
import { scorecardHtml, scorecardMarkdown, scorecardText } from '../render/scorecard.js';

export interface ScorecardOptions {
  md?: boolean;
  html?: string;
  json?: boolean;
}

/** Every registered claim's verdict per family and regime, from the cases in `files`. */
export async function scorecardCommand(files: string[], options: ScorecardOptions): Promise<number> {
  const formats = [options.md && '--md', options.html !== undefined && '--html', options.json && '--json'].filter(Boolean);
  if (formats.length > 1) throw new UsageError(`Choose one format: --md, --html FILE or --json, but got ${formats.join(' and ')}.`);
  const html = options.html === undefined ? undefined : outputFile(options.html, '--html');
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const documents = files.map((file) => readResultsFile(file, benchmarkIds(loaded.registry)));
  const card = buildScorecard(documents, loaded.registry.claims.values());
  if (html !== undefined) {
    writeFileSync(html, scorecardHtml(card));
    process.stdout.write(`wrote ${options.html}\n`);
  } else {
    process.stdout.write(options.json ? `${JSON.stringify(card, null, 2)}\n` : options.md ? scorecardMarkdown(card) : scorecardText(card));
  }
  return EXIT.ok;
}
