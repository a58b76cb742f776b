/** What a run prints at its end: the answer, not a row per case. */
import path from 'node:path';
import { buildScorecard, displayPath, type CaseStatus, type Registry, type ResultsDocument } from '@skipbench/engine';
import { table } from './format.js';
import { verdictMatrix, type VerdictCell } from './render/verdict-matrix.js';

/** `1425 cases: 1128 ok, 297 not-applicable`, then a line per failed case with its reason. */
function statusLines(document: ResultsDocument, prefix = ''): string[] {
  const counts = new Map<CaseStatus, number>();
  for (const c of document.cases) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const failed = document.cases.filter((c) => c.status === 'failed').map((c) => `  failed: ${c.id}: ${c.error ?? 'no reason recorded'}`);
  return [`${prefix}${document.cases.length} cases: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`, ...failed];
}

/**
 * The claims this run decides in at least one family, a row each, a column per family it measured; where
 * every verdict rests on as many seeds, the count is said once above the table instead of in each cell.
 */
function verdictLines(documents: readonly ResultsDocument[], registry: Registry): string[] {
  const { families, rows } = verdictMatrix(buildScorecard(documents, registry.claims.values()));
  if (rows.length === 0) return ['no claim is decided by these cases (skipbench list: the claims, and what measures them)'];
  const counts = new Set(rows.flatMap(({ cells }) => cells.flatMap((cell) => cell?.seeds ?? [])));
  const [only] = counts.size === 1 ? counts : [];
  const seeds = only === undefined ? '' : only === 'n=1' ? ', each from 1 seed: a point verdict, no interval (--seeds 5 gives intervals)' : `, each from ${only.slice(2)} seeds`;
  const cell = (verdict: VerdictCell | undefined) => (verdict === undefined ? '' : only === undefined ? verdict.text : verdict.verdict);
  return [`the claims these cases decide (? undecided; skipbench scorecard for the numbers)${seeds}:`, table(['claim', ...families], rows.map(({ claim, cells }) => [claim, ...cells.map(cell)]))];
}

/**
 * The end of a run (or of the runs of `scorecard --run`): cases by status and failures (per file where there
 * are several), the verdicts they decide together, the files and the command that writes their report.
 */
export function runSummary(runs: ReadonlyArray<{ readonly document: ResultsDocument; readonly out: string }>, registry: Registry): string {
  const files = runs.map(({ out }) => displayPath(out));
  const status = runs.flatMap(({ document }, i) => statusLines(document, runs.length === 1 ? '' : `${files[i]}: `));
  const page = runs.length === 1 ? `${files[0]!.replace(/\.json$/, '')}.html` : path.join(path.dirname(files[0]!), 'report.html');
  const documents = runs.map(({ document }) => document);
  return [...status, '', ...verdictLines(documents, registry), '', ...files.map((file) => `wrote ${file}`), `the report: skipbench report ${files.join(' ')} --html ${page}`].join('\n');
}
