#!/usr/bin/env node
// How often two disjoint sets of seeds disagree on a finding (one claim, family and regime), before and after
// verdicts carried their confidence: `node scripts/seed-agreement.mjs FILE [SET_SIZE]` splits FILE's seeds (at
// least 2 × SET_SIZE, default 5) into two sets. Before: single-seed verdicts, the i-th seed of one set against
// the i-th of the other, a finding counted once per pair. After: the scorecard of each set, where only
// `inconclusive` against a decided verdict may differ; a held against not held is a contradiction.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [file, size = '5'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node scripts/seed-agreement.mjs FILE [SET_SIZE]');
  process.exit(2);
}
const setSize = Number(size);
const document = JSON.parse(readFileSync(file, 'utf8'));
if (document.seeds.length < 2 * setSize) {
  console.error(`${file} has ${document.seeds.length} seeds; two disjoint sets of ${setSize} need ${2 * setSize}`);
  process.exit(2);
}
const folder = mkdtempSync(path.join(os.tmpdir(), 'seed-agreement-'));

/** The findings of the scorecard of `document`'s cases at `seeds`, by `claim family regime`. */
function findingsAt(seeds) {
  const part = { ...document, seeds, complete: true, cases: document.cases.filter((c) => seeds.includes(c.config.seed)) };
  delete part.missing;
  const at = path.join(folder, `${seeds.join('-')}.json`);
  writeFileSync(at, JSON.stringify(part));
  const card = JSON.parse(execFileSync(process.execPath, [path.join(root, 'packages/bench-cli/bin/skipbench.js'), 'scorecard', at, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  const findings = new Map();
  for (const { claim, rows } of card.claims) for (const row of rows) for (const f of row.findings) findings.set(`${claim.id} ${row.family} ${f.regime}`, f.status);
  return findings;
}

const decided = (status) => status === 'held' || status === 'not-held';
const family = (key) => key.split(' ')[1];
const tally = new Map();
const count = (key, field) => {
  const entry = tally.get(family(key)) ?? { pairs: 0, contradictions: 0, setFindings: 0, setContradictions: 0, setInconclusive: 0 };
  entry[field]++;
  tally.set(family(key), entry);
};

const [first, second] = [document.seeds.slice(0, setSize), document.seeds.slice(setSize, 2 * setSize)];
for (let i = 0; i < setSize; i++) {
  const [a, b] = [findingsAt([first[i]]), findingsAt([second[i]])];
  for (const [key, status] of a) {
    const other = b.get(key);
    if (!decided(status) || !decided(other)) continue;
    count(key, 'pairs');
    if (status !== other) count(key, 'contradictions');
  }
}
const [a, b] = [findingsAt(first), findingsAt(second)];
for (const [key, status] of a) {
  const other = b.get(key);
  if (other === undefined || !(decided(status) || status === 'inconclusive') || !(decided(other) || other === 'inconclusive')) continue;
  count(key, 'setFindings');
  if (decided(status) && decided(other) && status !== other) count(key, 'setContradictions');
  else if (status !== other) count(key, 'setInconclusive');
}

console.log(`seeds ${first.join(',')} against ${second.join(',')}`);
console.log(`family       one seed: findings, disagreeing   ${setSize} seeds: findings, contradicting, inconclusive against decided`);
for (const [name, t] of [...tally].sort()) {
  console.log(`${name.padEnd(12)} ${String(t.pairs).padStart(8)} ${String(t.contradictions).padStart(8)}   ${String(t.setFindings).padStart(8)} ${String(t.setContradictions).padStart(8)} ${String(t.setInconclusive).padStart(8)}`);
}
