import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLeaderboard, parseJsonText, type Leaderboard } from '@skipbench/engine';
import { UsageError } from '@skipbench/core';
import { EXIT } from '../exit.js';
import { benchmarkIds, loadRegistry } from '../registry.js';
import { formatInterval, formatNumber } from '../format.js';
import { flagOf } from '../option-flags.js';
import { htmlTable } from '../render/html.js';
import { outputFile } from '../output.js';
import { markdownTable } from '../render/markdown.js';
import { escapeXml } from '../render/svg.js';

export interface LeaderboardOptions {
  md?: boolean;
  html?: boolean;
  json?: boolean;
  out?: string;
  allowIncomplete?: boolean;
}

/** Results files named directly, or every `*.json` in a named folder (not recursive). */
function collectFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) throw new UsageError(`No such file or folder: ${p}`);
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => path.join(p, name));
  });
}

// Entries that share a rank show the same number: their intervals overlap.
const header = ['rank', 'entry', 'value', 'n', 'interval', 'detail', 'backend', 'device', 'file'];

function rows(ranking: Leaderboard['rankings'][number]): string[][] {
  return ranking.entries.map((e) => [
    String(e.rank),
    e.label,
    `${formatNumber(e.value)} ${e.unit === '1' ? '' : e.unit}`.trim(),
    String(e.n),
    e.interval === undefined ? '' : formatInterval(e.interval),
    e.detail,
    e.backend,
    e.device,
    e.source,
  ]);
}

function markdown(board: Leaderboard): string {
  const lines = ['# skipbench leaderboard', ''];
  for (const ranking of board.rankings) {
    lines.push(`## ${ranking.title} (${ranking.benchmark}@${ranking.version})`, '', ranking.criterion, '');
    lines.push(markdownTable(header, rows(ranking)), '');
  }
  if (board.refused.length > 0) lines.push('## Not ranked', '', ...board.refused.map((r) => `- \`${r.source}\`: ${r.reason}`), '');
  return lines.join('\n');
}

function html(board: Leaderboard): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>skipbench leaderboard</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f5f5f5}</style>
</head><body><h1>skipbench leaderboard</h1>
${board.rankings.map((r) => `<h2>${escapeXml(r.title)} (${escapeXml(`${r.benchmark}@${r.version}`)})</h2><p>${escapeXml(r.criterion)}</p>${htmlTable(header, rows(r))}`).join('\n')}
${board.refused.length > 0 ? `<h2>Not ranked</h2><ul>${board.refused.map((r) => `<li><code>${escapeXml(r.source)}</code>: ${escapeXml(r.reason)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

export async function leaderboardCommand(paths: string[], options: LeaderboardOptions): Promise<number> {
  const formats = (['md', 'html', 'json'] as const).filter((f) => options[f]);
  if (formats.length > 1) throw new UsageError(`Choose one format: --md, --html or --json, but got ${formats.map((f) => `--${f}`).join(' and ')}.`);
  const out = options.out === undefined ? undefined : outputFile(options.out, '--out');
  const files = collectFiles(paths);
  if (files.length === 0) {
    process.stderr.write(`skipbench: nothing to rank: no *.json file in ${paths.join(', ')}\n`);
    return EXIT.failures;
  }
  const refusedUnread: Array<{ source: string; reason: string }> = [];
  const inputs = files.flatMap((file) => {
    const { value, error } = parseJsonText(readFileSync(file, 'utf8'));
    if (error !== undefined) {
      refusedUnread.push({ source: file, reason: error });
      return [];
    }
    return [{ source: file, value }];
  });
  const built = buildLeaderboard(inputs, { allowIncomplete: options.allowIncomplete ?? false, benchmarks: benchmarkIds((await loadRegistry()).registry) });
  // Where an option would rank a refused file anyway, the engine names it: the hint names its flag.
  const worded = built.refused.map(({ source, reason, option }) => ({ source, reason: option === undefined ? reason : `${reason} (${flagOf(option)} ranks it anyway)` }));
  const board: Leaderboard = { ...built, refused: [...refusedUnread, ...worded] };
  const refusals = board.refused.map((r) => `skipbench: not ranked: ${r.source}: ${r.reason}\n`);
  if (board.ranked.length === 0) {
    // No valid file at all: say why for each, and write no empty leaderboard.
    for (const line of refusals) process.stderr.write(line);
    process.stderr.write(`skipbench: nothing to rank: none of the ${files.length} files can be ranked\n`);
    return EXIT.failures;
  }
  const format = formats[0] ?? 'md';
  const text = format === 'json' ? `${JSON.stringify(board, null, 2)}\n` : format === 'html' ? html(board) : markdown(board);
  if (out !== undefined) {
    writeFileSync(out, text);
  } else {
    process.stdout.write(text);
  }
  for (const line of refusals) process.stderr.write(line);
  return EXIT.ok;
}
