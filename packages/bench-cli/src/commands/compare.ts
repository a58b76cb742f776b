import { checkFailRules, compareResults, parseFailRule, regressions } from '@skipbench/engine';
import { EXIT } from '../exit.js';
import { formatNumber, table } from '../format.js';
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

export async function compareCommand(before: string, after: string, options: CompareOptions): Promise<number> {
  const rules = (options.failOn ?? []).map(parseFailRule);
  const { registry } = await loadRegistry();
  const known = benchmarkIds(registry);
  const documents = [readCompleteResultsFile(before, known, options.allowIncomplete), readCompleteResultsFile(after, known, options.allowIncomplete)] as const;
  const headlineOf = (probe: string) => registry.probes.get(probe)?.probe.headline?.[0];
  checkFailRules(rules, documents, headlineOf);
  const comparison = compareResults(...documents);
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
        shown.map((c) => [c.caseId, c.metric, formatNumber(c.before), formatNumber(c.after), percent(c.relative), c.call]),
      ),
      `${comparison.changes.length} metrics in ${new Set(comparison.changes.map((c) => c.caseId)).size} common cases; ` +
        `${comparison.changes.filter((c) => c.call === 'same').length} identical, ` +
        `${comparison.changes.filter((c) => c.call === 'no change').length} timings within noise` +
        (comparison.onlyBefore.length + comparison.onlyAfter.length > 0
          ? `; ${comparison.onlyBefore.length} cases only in ${before}, ${comparison.onlyAfter.length} only in ${after}`
          : ''),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  for (const r of broken) {
    process.stderr.write(`skipbench: regression: ${r.caseId} ${r.metric} ${percent(r.relative)} breaks --fail-on ${r.rule}\n`);
  }
  return broken.length > 0 ? EXIT.failures : EXIT.ok;
}
