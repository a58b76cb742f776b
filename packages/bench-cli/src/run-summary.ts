/** What a run prints at its end: the answer, not a row per case. */
import { buildScorecard, displayPath, type CaseStatus, type Registry, type ResultsDocument, type ScorecardRow } from '@skipbench/engine';
import { table } from './format.js';

/** `1425 cases: 1128 ok, 297 not-applicable`, then a line per failed case with its reason. */
function statusLines(document: ResultsDocument): string[] {
  const counts = new Map<CaseStatus, number>();
  for (const c of document.cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const failed = document.cases.filter((c) => c.status === 'failed').map((c) => `  failed: ${c.id}: ${c.error ?? 'no reason recorded'}`);
  return [`${document.cases.length} cases: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`, ...failed];
}

/** One cell of the verdict matrix: `held`, `not held`, `held in 3 of 5` (the regimes), `n/a`, or `?` undecided. */
function cell({ verdict, findings }: ScorecardRow): string {
  switch (verdict.status) {
    case 'held':
      return 'held';
    case 'not-held':
      return 'not held';
    case 'holds-only-when': {
      const decided = findings.filter((f) => f.status === 'held' || f.status === 'not-held');
      return `held in ${decided.filter((f) => f.status === 'held').length} of ${decided.length}`;
    }
    case 'not-applicable':
      return 'n/a';
    case 'not-enough-data':
      return '?';
  }
}

/** The claims this run decides in at least one family, a row each, a column per family it measured. */
function verdictMatrix(document: ResultsDocument, registry: Registry): string[] {
  const scored = buildScorecard([document], registry.claims.values()).claims.filter((c) => c.rows.some((row) => row.verdict.status !== 'not-enough-data'));
  if (scored.length === 0) return ['no claim is decided by these cases (skipbench list: the claims, and what measures them)'];
  const families = [...new Set(scored.flatMap((c) => c.rows.filter((row) => row.verdict.status !== 'not-enough-data').map((row) => row.family)))].sort();
  const rows = scored.map(({ claim, rows: byFamily }) => [claim.id, ...families.map((family) => { const row = byFamily.find((r) => r.family === family); return row === undefined ? '' : cell(row); })]);
  return ['the claims these cases decide (? undecided; skipbench scorecard for the numbers):', table(['claim', ...families], rows)];
}

/** The end of a run: cases by status and failures, the verdicts, the file and the command that writes its report. */
export function runSummary(document: ResultsDocument, registry: Registry, out: string): string {
  const file = displayPath(out);
  const page = file.replace(/\.json$/, '') + '.html';
  return [...statusLines(document), '', ...verdictMatrix(document, registry), '', `wrote ${file}`, `the report: skipbench report ${file} --html ${page}`].join('\n');
}
