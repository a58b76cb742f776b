/** The claims × families matrix of short verdicts: what a run ends with and the report opens with. */
import { conditionByAxis, describeVerdict, type Scorecard, type ScorecardRow, type Tally, type Verdict } from '@skipbench/engine';
import { escapeXml } from './svg.js';

export interface VerdictCell {
  readonly status: Verdict['status'];
  /** `held`, `not held`, `holds when norm is batch`, `held in 3 of 5` (its regimes), `inconclusive`, `n/a` or `?` (undecided). */
  readonly verdict: string;
  /** The seeds it rests on, `n=5` or `n=1–5`; none where nothing was decided. */
  readonly seeds?: string;
  /** The verdict and its seeds: `held (n=5)`. */
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
      return 'held';
    case 'not-held':
      return 'not held';
    case 'holds-only-when': {
      const { held, notHeld, inconclusive } = verdict.tally;
      const byAxis = conditionByAxis(verdict.when);
      return byAxis === undefined ? `held in ${held} of ${held + notHeld + inconclusive}` : `holds when ${byAxis}`;
    }
    case 'inconclusive':
      return 'inconclusive';
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
        if (row === undefined) return undefined;
        const { verdict } = row;
        const seeds = 'tally' in verdict ? seedCount(verdict.tally) : undefined;
        const short = shortVerdict(row);
        return { status: verdict.status, verdict: short, ...(seeds === undefined ? {} : { seeds }), text: seeds === undefined ? short : `${short} (${seeds})`, title: describeVerdict(verdict) };
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
