import picomatch from 'picomatch';
import { describeVerdict, type RunSuggestion, type Scorecard, type ScorecardRow, type ScoredClaim } from '@skipbench/engine';
import { table } from '../format.js';
import { htmlTable } from './html.js';
import { markdownTable } from './markdown.js';
import { escapeXml } from './svg.js';
import { suggestedCommand } from '../axis-flags.js';

const header = ['family', 'verdict', 'regime', 'in this regime', 'deciding numbers'];
const findingHeader = header.slice(2);
const outcome = { held: 'held', 'not-held': 'not held', inconclusive: 'inconclusive', 'not-enough-data': 'undecided', 'not-applicable': 'not applicable' } as const;

const findingCells = (row: ScorecardRow) => row.findings.map((f) => [f.regime, `${outcome[f.status]}${f.seeds === undefined ? '' : ` (n=${f.seeds})`}`, f.detail]);

/** One row per finding; the family and its verdict on the first of its rows only. */
function rows(scored: ScoredClaim): string[][] {
  return scored.rows.flatMap((row) => {
    const verdict = describeVerdict(row.verdict);
    if (row.findings.length === 0) return [[row.family, verdict, '', '', '']];
    return findingCells(row).map((cells, i) => [i === 0 ? row.family : '', i === 0 ? verdict : '', ...cells]);
  });
}

/** A suggested run: its command, or, where its `--arch` selects no installed architecture, what it needs instead. */
type ToRun = { readonly command: string } | { readonly needs: string };

/** The ids of the architectures installed here: a suggestion whose `--arch` selects none of them cannot run. */
export type Installed = readonly string[];

function toRunOf(run: RunSuggestion, installed: Installed): ToRun {
  const { arch } = run;
  if (arch === undefined || installed.some((id) => picomatch.isMatch(id, arch))) return { command: suggestedCommand(run) };
  const family = /^([^.*]+)\.\*$/.exec(arch)?.[1];
  return { needs: family === undefined ? `(needs the architecture ${arch}: not installed)` : `(needs an architecture of family ${family}: none installed)` };
}

/** What would decide what each family left undecided, each once. */
const toRun = (scored: ScoredClaim, installed: Installed): ToRun[] => {
  const all = scored.rows.flatMap((row) => row.toRun.map((run) => toRunOf(run, installed)));
  return [...new Map(all.map((item) => ['command' in item ? item.command : item.needs, item])).values()];
};
const toRunText = (item: ToRun) => ('command' in item ? item.command : item.needs);
const title = ({ claim, source }: ScoredClaim) => `${claim.id} (${source})`;

/** The terminal's form: each family's verdict on its own line, its regimes in a table under it. */
export function scorecardText(card: Scorecard, installed: Installed): string {
  return card.claims
    .map((scored) => {
      const lines = [title(scored), `  ${scored.claim.statement}`, `  rule: ${scored.rule}`];
      for (const row of scored.rows) {
        lines.push('', `  ${row.family}: ${describeVerdict(row.verdict)}`);
        if (row.findings.length > 0) lines.push(table(findingHeader, findingCells(row)).replace(/^/gm, '    '));
      }
      const commands = toRun(scored, installed);
      if (commands.length > 0) lines.push('', '  to decide the rest:', ...commands.map((c) => `    ${toRunText(c)}`));
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}

export function scorecardMarkdown(card: Scorecard, installed: Installed): string {
  const sections = card.claims.map((scored) => {
    const commands = toRun(scored, installed);
    const item = (c: ToRun) => ('command' in c ? `- \`${c.command}\`` : `- ${c.needs}`);
    return [`## ${title(scored)}`, '', scored.claim.statement, '', `Rule: ${scored.rule}.`, '', markdownTable(header, rows(scored)), ...(commands.length > 0 ? ['', 'To decide the rest:', '', ...commands.map(item)] : []), ''].join('\n');
  });
  return ['# skipbench scorecard', '', ...sections].join('\n');
}

/** Each family's verdict, then its regimes and their deciding numbers folded: the verdict at a glance, the numbers a click away. */
function verdictsFolded(scored: ScoredClaim): string {
  const verdicts = htmlTable(['family', 'verdict'], scored.rows.map((row) => [row.family, describeVerdict(row.verdict)]));
  const regimes = scored.rows.reduce((total, row) => total + row.findings.length, 0);
  return regimes === 0 ? verdicts : `${verdicts}<details class="findings"><summary>${regimes === 1 ? 'its regime' : `its ${regimes} regimes`} and the deciding numbers</summary>${htmlTable(header, rows(scored))}</details>`;
}

/** The scorecard as an HTML fragment, for its own page and for the top of `skipbench report`. */
export function scorecardSection(card: Scorecard, installed: Installed): string {
  const item = (c: ToRun) => ('command' in c ? `<li><code>${escapeXml(c.command)}</code></li>` : `<li>${escapeXml(c.needs)}</li>`);
  return card.claims
    .map((scored) => {
      const commands = toRun(scored, installed);
      const missing = commands.length > 0 ? `<p>To decide the rest:</p><ul>${commands.map(item).join('')}</ul>` : '';
      return `<h3>${escapeXml(title(scored))}</h3><p>${escapeXml(scored.claim.statement)}<br><small>Rule: ${escapeXml(scored.rule)}</small></p>${verdictsFolded(scored)}${missing}`;
    })
    .join('\n');
}

export function scorecardHtml(card: Scorecard, installed: Installed): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>skipbench scorecard</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}</style>
</head><body><h1>skipbench scorecard</h1>
${scorecardSection(card, installed)}
</body></html>
`;
}
