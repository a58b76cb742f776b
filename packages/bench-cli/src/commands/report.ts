import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { coreProbes, UsageError } from '@skipbench/core';
import { discoverPlugins } from '../discovery.js';
import { EXIT } from '../exit.js';
import { outputFile } from '../output.js';
import { readResultsFile } from '../read-results.js';
import { htmlReport, markdownReport } from '../render/report.js';

export async function reportCommand(files: string[], options: { html?: string; md?: string }): Promise<number> {
  if (options.html === undefined && options.md === undefined) throw new UsageError('Name an output: --html FILE and/or --md FILE.');
  if (options.html) outputFile(options.html, '--html');
  if (options.md) outputFile(options.md, '--md');
  const inputs = files.map((file) => ({ source: path.basename(file), document: readResultsFile(file) }));
  const { plugins } = await discoverPlugins(process.cwd());
  const probes = [...coreProbes, ...plugins.flatMap((p) => p.plugin.probes ?? [])];
  const headlines = new Map(probes.map((p) => [p.id, p.headline ?? []]));
  if (options.html) writeFileSync(options.html, htmlReport(inputs, headlines));
  if (options.md) writeFileSync(options.md, markdownReport(inputs));
  process.stdout.write(`wrote ${[options.html, options.md].filter(Boolean).join(' and ')}\n`);
  return EXIT.ok;
}
