/** The claims × families matrix of short verdicts: what a run ends with and the report opens with. */
import { conditionByAxis, describeVerdict, type Scorecard, type ScorecardRow, type Tally, type Verdict } from '@skipbench/engine';
import { escapeXml } from './svg.js';

export interface VerdictCell {
  readonly status: Verdict['status'];
  /** `held (n=5)`, `not held (n=1)`, `holds when norm is batch (n=5)`, `inconclusive (n=5)`, `n/a` or `?` (undecided). */
  readonly text: string;
  /** The verdict in full, for a tooltip. */
  readonly title: string;
}

export interface VerdictMatrix {
  /** The families some claim is decided in, sorted. */
  readonly families: readonly string[];
  /** A row per claim decided in at least one family; a cell per family, absent where the claim has no row for it. */
  readonly rows: ReadonlyArray<{ readonly claim: string; readonly cells: ReadonlyArray<VerdictCell | undefined> }>;
}

/** `n=5`, `n=1–5`: the seeds a verdict rests on. */
const seedCount = ({ seeds: { min, max } }: Tally) => `n=${min === max ? min : `${min}–${max}`}`;

function shortVerdict({ verdict }: ScorecardRow): string {
  switch (verdict.status) {
    case 'held':
      return `held (${seedCount(verdict.tally)})`;
    case 'not-held':
      return `not held (${seedCount(verdict.tally)})`;
    case 'holds-only-when': {
      const { held, notHeld, inconclusive } = verdict.tally;
      return `${conditionByAxis(verdict.when) === undefined ? `held in ${held} of ${held + notHeld + inconclusive}` : `holds when ${conditionByAxis(verdict.when)}`} (${seedCount(verdict.tally)})`;
    }
    case 'inconclusive':
      return `inconclusive (${seedCount(verdict.tally)})`;
    case 'not-applicable':
      return 'n/a';
    case 'not-enough-data':
      return '?';
  }
}

const decided = (row: ScorecardRow) => row.verdict.status !== 'not-enough-data';

export function verdictMatrix(card: Scorecard): VerdictMatrix {
  const claims = card.claims.filter((scored) => scored.rows.some(decided));
  const families = [...new Set(claims.flatMap((scored) => scored.rows.filter(decided).map((row) => row.family)))].sort();
  return {
    families,
    rows: claims.map(({ claim, rows }) => ({
      claim: claim.id,
      cells: families.map((family) => {
        const row = rows.find((r) => r.family === family);
        return row === undefined ? undefined : { status: row.verdict.status, text: shortVerdict(row), title: describeVerdict(row.verdict) };
      }),
    })),
  };
}

/** The matrix as an HTML table: each claim links to its figure, each cell carries its status for colour. */
export function verdictMatrixHtml({ families, rows }: VerdictMatrix): string {
  const head = `<tr><th>claim</th>${families.map((family) => `<th>${escapeXml(family)}</th>`).join('')}</tr>`;
  const body = rows.map(({ claim, cells }) => {
    const row = cells.map((cell) => (cell === undefined ? '<td></td>' : `<td class="verdict" data-status="${cell.status}" title="${escapeXml(cell.title)}">${escapeXml(cell.text)}</td>`)).join('');
    return `<tr><th><a href="#figure-${escapeXml(claim)}">${escapeXml(claim)}</a></th>${row}</tr>`;
  });
  return `<table class="verdicts">${head}${body.join('')}</table>`;
}
