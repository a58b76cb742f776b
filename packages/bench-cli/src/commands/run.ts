import { checkOutput, displayPath, type CaseResult, type Registry, type ResultsDocument } from '@skipbench/engine';
import { EXIT } from '../exit.js';
import { executeRun } from '../execute-run.js';
import { loadRegistry, reportProblems } from '../registry.js';
import { parseRunOptions, planRun, type RunCommandOptions } from '../run-plan.js';
import { resolveOutput, startOrResume } from '../run-output.js';
import { formatNumber, table, variantLabel } from '../format.js';
import { runSummary } from '../run-summary.js';

function headlineCells(result: CaseResult, registry: Registry): string {
  if (result.status === 'failed') return result.error ?? '';
  const names = registry.probes.get(result.probe)?.probe.headline ?? [];
  return names
    .map((name) => {
      if (name in result.labels) return result.labels[name];
      const value = result.metrics[name];
      if (value === undefined) return undefined;
      const unit = result.units[name];
      return `${name} ${formatNumber(value)}${unit && unit !== '1' ? ` ${unit}` : ''}`;
    })
    .filter((cell) => cell !== undefined)
    .join(', ');
}

export function summaryTable(document: ResultsDocument, registry: Registry): string {
  const rows = document.cases.map((c) => [
    c.benchmark,
    c.arch,
    variantLabel(c),
    c.config.norm,
    c.config.init,
    String(c.depth),
    String(c.batch),
    c.probe,
    c.status,
    headlineCells(c, registry),
  ]);
  return table(['benchmark', 'arch', 'variant', 'norm', 'init', 'depth', 'batch', 'probe', 'status', 'headline'], rows);
}

export async function runCommand(benchmark: string, given: RunCommandOptions): Promise<number> {
  const options = startOrResume(given);
  const parsed = parseRunOptions(options);
  const loaded = await loadRegistry();
  reportProblems(loaded);
  const plan = planRun(benchmark, options, parsed, loaded.registry);
  // Where the results go is checked before anything runs (a mistake there must not cost a whole run) and
  // after the plan, so a refused command leaves no results folder behind.
  const out = resolveOutput(benchmark, options);
  checkOutput(out, options);
  const { document, interrupted } = await executeRun(plan, out, options, parsed, loaded.discovery);

  if (options.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else process.stdout.write(`${options.table ? `${summaryTable(document, loaded.registry)}\n\n` : ''}${runSummary([{ document, out }], loaded.registry)}\n`);
  if (interrupted) {
    process.stderr.write(`skipbench: interrupted with ${document.cases.length} of ${plan.cases.length} cases done; ${displayPath(out)} is marked incomplete; add --resume to the same command to finish\n`);
    return EXIT.interrupted;
  }
  const failed = document.cases.filter((c) => c.status === 'failed').length;
  if (failed > 0) process.stderr.write(`skipbench: ${failed} of ${document.cases.length} cases failed\n`);
  // A scheduler's task is done once its file holds every case, failed ones too: exit 1 would have it retried, or hold back the merge.
  return failed > 0 && !options.startOrResume ? EXIT.failures : EXIT.ok;
}
