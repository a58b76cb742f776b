import { describeVerdict, type Scorecard, type ScorecardRow, type ScoredClaim } from '@skipbench/engine';
import { table } from '../format.js';
import { htmlTable } from './html.js';
import { markdownTable } from './markdown.js';
import { escapeXml } from './svg.js';
import { suggestedCommand } from '../axis-flags.js';

const header = ['family', 'verdict', 'regime', 'in this regime', 'deciding numbers'];
const findingHeader = header.slice(2);
const outcome = { held: 'held', 'not-held': 'not held', 'not-enough-data': 'undecided', 'not-applicable': 'not applicable' } as const;

const findingCells = (row: ScorecardRow) => row.findings.map((f) => [f.regime, outcome[f.status], f.detail]);

/** One row per finding; the family and its verdict on the first of its rows only. */
function rows(scored: ScoredClaim): string[][] {
  return scored.rows.flatMap((row) => {
    const verdict = describeVerdict(row.verdict);
    if (row.findings.length === 0) return [[row.family, verdict, '', '', '']];
    return findingCells(row).map((cells, i) => [i === 0 ? row.family : '', i === 0 ? verdict : '', ...cells]);
  });
}

/** The commands that would decide what each family left undecided. */
const toRun = (scored: ScoredClaim) => scored.rows.flatMap((row) => row.toRun.map((run) => suggestedCommand(run)));
const title = ({ claim, source }: ScoredClaim) => `${claim.id} (${source})`;

/** The terminal's form: each family's verdict on its own line, its regimes in a table under it. */
export function scorecardText(card: Scorecard): string {
  return card.claims
    .map((scored) => {
      const lines = [title(scored), `  ${scored.claim.statement}`, `  rule: ${scored.rule}`];
      for (const row of scored.rows) {
        lines.push('', `  ${row.family}: ${describeVerdict(row.verdict)}`);
        if (row.findings.length > 0) lines.push(table(findingHeader, findingCells(row)).replace(/^/gm, '    '));
      }
      const commands = toRun(scored);
      if (commands.length > 0) lines.push('', '  to decide the rest:', ...commands.map((c) => `    ${c}`));
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

export function scorecardMarkdown(card: Scorecard): string {
  const sections = card.claims.map((scored) => {
    const commands = toRun(scored);
    return [`## ${title(scored)}`, '', scored.claim.statement, '', `Rule: ${scored.rule}.`, '', markdownTable(header, rows(scored)), ...(commands.length > 0 ? ['', 'To decide the rest:', '', ...commands.map((c) => `- \`${c}\``)] : []), ''].join('\n');
  });
  return ['# skipbench scorecard', '', ...sections].join('\n');
}

/** The scorecard as an HTML fragment, for its own page and for the top of `skipbench report`. */
export function scorecardSection(card: Scorecard): string {
  return card.claims
    .map((scored) => {
      const commands = toRun(scored);
      const missing = commands.length > 0 ? `<p>To decide the rest:</p><ul>${commands.map((c) => `<li><code>${escapeXml(c)}</code></li>`).join('')}</ul>` : '';
      return `<h3>${escapeXml(title(scored))}</h3><p>${escapeXml(scored.claim.statement)}<br><small>Rule: ${escapeXml(scored.rule)}</small></p>${htmlTable(header, rows(scored))}${missing}`;
    })
    .join('\n');
}

export function scorecardHtml(card: Scorecard): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>skipbench scorecard</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}</style>
</head><body><h1>skipbench scorecard</h1>
${scorecardSection(card)}
</body></html>
`;
}
