#!/usr/bin/env node
// One chart of `skipbench report` as a standalone SVG file, for pages that show a figure (the README's):
//   node scripts/report-figure.mjs CLAIM FAMILY RESULTS.json OUT.svg
// writes the chart the HTML report draws for CLAIM's FAMILY from RESULTS.json, with the report's chart styles
// inlined (the page's stylesheet does not travel with an <svg> cut out of it), a white background, and the
// family's verdict and the command that made it as the file's first comment. Run from a built checkout.
// --check (CI) writes nothing and fails when OUT.svg is not what the current report draws.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const [claim, family, results, out] = process.argv.slice(2).filter((arg) => arg !== '--check');
if (out === undefined) {
  console.error('usage: node scripts/report-figure.mjs CLAIM FAMILY RESULTS.json OUT.svg [--check]');
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-figure-'));
const page = path.join(dir, 'report.html');
execFileSync(process.execPath, [path.join(root, 'packages/bench-cli/bin/skipbench.js'), 'report', results, '--html', page], { stdio: ['ignore', 'ignore', 'inherit'] });
const html = readFileSync(page, 'utf8');
rmSync(dir, { recursive: true, force: true });

const claimAt = html.indexOf(`<figure class="claim" id="figure-${claim}"`);
const claimEnd = html.indexOf('<figure class="claim"', claimAt + 1);
const figure = html.slice(claimAt, claimEnd === -1 ? undefined : claimEnd);
const chart = /<figure class="family" data-family="([^"]+)">(<svg[\s\S]*?<\/svg>)<figcaption[^>]*>([^<]*)<\/figcaption>/g;
const found = claimAt === -1 ? undefined : [...figure.matchAll(chart)].find((match) => match[1] === family);
if (found === undefined) {
  console.error(`report-figure: the report of ${results} has no chart of claim ${claim} for family ${family}`);
  process.exit(1);
}
// The report's chart rules (its <style>, `.chart …`), scoped to this one chart.
const style = (/<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '')
  .split('}')
  .filter((rule) => /^\.chart[ ,{]/.test(rule.trim()))
  .map((rule) => `${rule.trim()}}`)
  .join('');
const verdict = found[3].replace(/--/g, '- -');
const command = `node scripts/report-figure.mjs ${claim} ${family} ${results} ${out}`;
const svg = found[2].replace(/^<svg([^>]*)>/, (_open, attributes) =>
  [
    `<svg${attributes}>`,
    `<!-- ${verdict}. Made by ${command} (the chart skipbench report draws). -->`,
    `<style>text{font-family:system-ui,sans-serif}.chart{background:#fff}${style}</style>`,
    '<rect width="100%" height="100%" fill="#fff"/>',
  ].join('\n'),
);
if (check) {
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {}
  if (committed !== `${svg}\n`) {
    console.error(`report-figure: ${out} is not the chart the current report draws: run '${command}' and commit the result`);
    process.exit(1);
  }
  console.log(`${out}: the chart the current report draws`);
} else {
  writeFileSync(out, `${svg}\n`);
  console.log(`wrote ${out}: ${found[3]}`);
}
