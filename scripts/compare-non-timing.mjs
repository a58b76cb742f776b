#!/usr/bin/env node
// Compares two results files case by case on everything but timing: the same cases (id, index, status,
// config), and per case every metric, series, unit, label and note identical, except metrics measured in
// time (ms, samples/s) and their run-to-run statistics (rme, spread, in %). Differences are summed up per
// probe, value and kind (added, removed, changed), so changes made on purpose read as one line each; the
// first ones follow in full. Benchmark versions are listed side by side. Exit 0 when nothing but timing
// differs, 1 otherwise.
//
//   node packages/bench-cli/bin/skipbench.js run all --preset quick --out before.json   (at the old commit)
//   node packages/bench-cli/bin/skipbench.js run all --preset quick --out after.json    (at the new one)
//   node scripts/compare-non-timing.mjs before.json after.json
import { readFileSync } from 'node:fs';

const [beforePath, afterPath] = process.argv.slice(2);
if (beforePath === undefined || afterPath === undefined) {
  process.stderr.write('usage: node scripts/compare-non-timing.mjs BEFORE.json AFTER.json\n');
  process.exit(2);
}
const read = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`compare-non-timing: cannot read ${file}: ${error.message}\n`);
    process.exit(2);
  }
};
const before = read(beforePath);
const after = read(afterPath);

const TIME_UNITS = new Set(['ms', 'samples/s']);
const isTiming = (units, name) => TIME_UNITS.has(units[name]) || /-(rme|spread)$/.test(name);
const withoutTiming = (values, units) => Object.fromEntries(Object.entries(values ?? {}).filter(([name]) => !isTiming(units ?? {}, name)));
/** The case's fields compared whole, and its named values compared name by name. */
const whole = (c) => ({ index: c.index, status: c.status, config: c.config, reason: c.reason, notes: c.notes });
const named = (c) => ({ metrics: withoutTiming(c.metrics, c.units), series: withoutTiming(c.series, c.units), units: c.units ?? {}, labels: c.labels ?? {} });

const afterById = new Map(after.cases.map((c) => [c.id, c]));
const differences = [];
/** `probe kind name: added|removed|changed` → cases, so a change made on purpose reads as one line. */
const grouped = new Map();
const group = (c, what) => grouped.set(`${c.probe} ${what}`, (grouped.get(`${c.probe} ${what}`) ?? 0) + 1);
let compared = 0;
for (const c of before.cases) {
  const other = afterById.get(c.id);
  if (other === undefined) {
    differences.push(`${c.id}: only in ${beforePath}`);
    continue;
  }
  afterById.delete(c.id);
  compared++;
  const [a, b] = [whole(c), whole(other)];
  for (const key of Object.keys(a)) {
    if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
    differences.push(`${c.id}: ${key} differs: ${JSON.stringify(a[key]).slice(0, 200)} vs ${JSON.stringify(b[key]).slice(0, 200)}`);
    group(c, `${key}: changed`);
  }
  const [x, y] = [named(c), named(other)];
  for (const kind of Object.keys(x)) {
    for (const name of new Set([...Object.keys(x[kind]), ...Object.keys(y[kind])])) {
      const [was, now] = [x[kind][name], y[kind][name]];
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      const how = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
      differences.push(`${c.id}: ${kind} ${name} ${how}: ${JSON.stringify(was)?.slice(0, 120) ?? '-'} vs ${JSON.stringify(now)?.slice(0, 120) ?? '-'}`);
      group(c, `${kind} ${name}: ${how}`);
    }
  }
}
for (const id of afterById.keys()) differences.push(`${id}: only in ${afterPath}`);

const versions = (document) => ({ [document.benchmark.id]: document.benchmark.version, ...document.benchmark.components });
const [versionsBefore, versionsAfter] = [versions(before), versions(after)];
const timed = before.cases.filter((c) => Object.keys(c.metrics ?? {}).some((name) => isTiming(c.units ?? {}, name))).length;
process.stdout.write(`${compared} cases compared (the timing metrics of ${timed} left out); ${differences.length} non-timing differences\n`);
process.stdout.write('by probe, value and kind of difference (cases):\n');
for (const [what, count] of [...grouped].sort()) process.stdout.write(`  ${what} (${count})\n`);
process.stdout.write('the first differences:\n');
for (const line of differences.slice(0, 50)) process.stdout.write(`  ${line}\n`);
process.stdout.write('benchmark versions (before -> after):\n');
for (const id of new Set([...Object.keys(versionsBefore), ...Object.keys(versionsAfter)])) {
  process.stdout.write(`  ${id}: ${versionsBefore[id] ?? '-'} -> ${versionsAfter[id] ?? '-'}\n`);
}
process.exit(differences.length === 0 ? 0 : 1);
