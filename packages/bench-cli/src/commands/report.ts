import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildScorecard } from '@skipbench/engine';
import { UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { outputFile } from '../output.js';
import { readResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry } from '../registry.js';
import { htmlReport, markdownReport } from '../render/report.js';

export async function reportCommand(files: string[], options: { html?: string; md?: string }): Promise<number> {
  if (options.html === undefined && options.md === undefined) throw new UsageError('Name an output: --html FILE and/or --md FILE.');
  if (options.html) outputFile(options.html, '--html');
  if (options.md) outputFile(options.md, '--md');
  const { registry } = await loadRegistry();
  const inputs = files.map((file) => ({ source: path.basename(file), document: readResultsFile(file, benchmarkIds(registry)) }));
  const headlines = new Map([...registry.probes].map(([id, { probe }]) => [id, probe.headline ?? []]));
  const scorecard = buildScorecard(inputs.map((i) => i.document), registry.claims.values());
  if (options.html) writeFileSync(options.html, htmlReport(inputs, headlines, { card: scorecard, installed: [...registry.architectures.keys()] }));
  if (options.md) writeFileSync(options.md, markdownReport(inputs, scorecard));
  process.stdout.write(`wrote ${[options.html, options.md].filter(Boolean).join(' and ')}\n`);
  return EXIT.ok;
}
