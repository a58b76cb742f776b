import { betterFromClaims, checkFailRules, compareResults, parseFailRule, regressions, type MetricChange } from '@skipbench/engine';
import { EXIT } from '../exit.js';
import { formatInterval, formatNumber, table } from '../format.js';
import { readCompleteResultsFile } from '../read-results.js';
import { benchmarkIds, loadRegistry } from '../registry.js';

export interface CompareOptions {
  failOn?: string[];
  all?: boolean;
  allowIncomplete?: boolean;
  json?: boolean;
}

function percent(relative: number | null): string {
  return relative === null ? 'n/a' : `${relative >= 0 ? '+' : ''}${(relative * 100).toFixed(1)}%`;
}

/** A side's value; for a mean over seeds, with its 95% interval and n: `2 [-0.4841, 4.484] n=3`. */
function side(change: MetricChange, which: 'before' | 'after'): string {
  const replicates = change.replicates?.[which];
  return replicates === undefined ? formatNumber(change[which]) : `${formatNumber(change[which])} ${formatInterval(replicates.interval)} n=${replicates.n}`;
}

export async function compareCommand(before: string, after: string, options: CompareOptions): Promise<number> {
  const rules = (options.failOn ?? []).map(parseFailRule);
  const { registry } = await loadRegistry();
  const known = benchmarkIds(registry);
  const documents = [readCompleteResultsFile(before, known, options.allowIncomplete), readCompleteResultsFile(after, known, options.allowIncomplete)] as const;
  const headlineOf = (probe: string) => registry.probes.get(probe)?.probe.headline?.[0];
  checkFailRules(rules, documents, headlineOf);
  const comparison = compareResults(...documents, { betterOf: betterFromClaims(registry.claims.values()) });
  const broken = regressions(comparison, rules, headlineOf);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...comparison, regressions: broken }, null, 2)}\n`);
  } else {
    const shown = comparison.changes.filter((c) => options.all || c.call !== 'same');
    const lines = [
      ...comparison.changed.map((change) => `changed: ${change}`),
      ...comparison.caveats.map((caveat) => `caveat: ${caveat}`),
      table(
        ['case', 'metric', 'before', 'after', 'change', 'call'],
        shown.map((c) => [c.caseId, c.metric, side(c, 'before'), side(c, 'after'), percent(c.relative), c.call]),
      ),
      `${comparison.changes.length} metrics in ${new Set(comparison.changes.map((c) => c.caseId)).size} common cases; ` +
        `${comparison.changes.filter((c) => c.call === 'same').length} identical, ` +
        `${comparison.changes.filter((c) => c.call === 'no change').length} within noise (timings, or means over seeds)` +
        (comparison.onlyBefore.length + comparison.onlyAfter.length > 0
          ? `; ${comparison.onlyBefore.length} cases only in ${before}, ${comparison.onlyAfter.length} only in ${after}`
          : ''),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  for (const r of broken) {
    const overSeeds = r.replicates === undefined ? '' : ` (${side(r, 'before')} → ${side(r, 'after')})`;
    process.stderr.write(`skipbench: regression: ${r.caseId} ${r.metric} ${percent(r.relative)}${overSeeds} breaks --fail-on ${r.rule}\n`);
  }
  return broken.length > 0 ? EXIT.failures : EXIT.ok;
}
