#!/usr/bin/env node
// What a preset's whole run would cost on this machine, from the durations of sampled cases (a shard of it, any
// seed): `node scripts/preset-cost.mjs SAMPLE.json... [--preset standard] [--seeds N] [--jobs 2]`. Plans
// `run all` as the CLI would, prices each case at the mean duration sampled for the same architecture, probe,
// depth, batch (timed probes) and branch scale, else for the probe at that depth, else for the probe; shares the
// untimed cases among the workers and adds the timed ones, which run alone. A case that reuses another's training
// (the run's trained-model cache) is priced as sampled: a shard sample that trained it itself overstates it.
// Run from a built checkout; sample with e.g. `skipbench run all --preset standard --seeds 1 --shard 5/17`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { preset: { type: 'string', default: 'standard' }, seeds: { type: 'string' }, jobs: { type: 'string', default: '2' } } });
if (positionals.length === 0) {
  console.error('usage: node scripts/preset-cost.mjs SAMPLE.json... [--preset standard] [--seeds N] [--jobs 2]');
  process.exit(2);
}
const cli = path.join(root, 'packages/bench-cli/dist');
const { loadRegistry } = await import(path.join(cli, 'registry.js'));
const { planRun, parseRunOptions } = await import(path.join(cli, 'run-plan.js'));
const { registry } = await loadRegistry(root);
const options = { arch: '*', preset: values.preset, backend: 'wasm', jobs: values.jobs, ...(values.seeds ? { seeds: values.seeds } : {}) };
const plan = planRun('all', options, parseRunOptions(options), registry);
const timed = (c) => registry.probes.get(c.probe).probe.timed === true;
const archOf = (c) => c.arch ?? c.architecture.id;

/** The keys a case is priced by, most specific first. */
const keys = (c) => {
  const at = `${c.probe}@${c.depth ?? c.config.depth}${timed(c) ? `/b${c.batch}` : ''}/s${c.config.branchScale}`;
  return [`${archOf(c)} ${at}`, at, c.probe];
};
const sampled = new Map();
for (const file of positionals) {
  for (const c of JSON.parse(readFileSync(file, 'utf8')).cases) {
    if (c.durationMs === undefined) continue;
    for (const key of keys(c)) sampled.set(key, [...(sampled.get(key) ?? []), c.durationMs / 1000]);
  }
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const price = (c) => {
  const key = keys(c).find((k) => sampled.has(k));
  return key === undefined ? 0 : mean(sampled.get(key));
};

let shared = 0;
let alone = 0;
const byProbe = new Map();
for (const c of plan.cases) {
  const seconds = price(c);
  if (timed(c)) alone += seconds;
  else shared += seconds;
  const entry = byProbe.get(c.probe) ?? { cases: 0, seconds: 0 };
  byProbe.set(c.probe, { cases: entry.cases + 1, seconds: entry.seconds + seconds });
}
const workers = Number(values.jobs);
const minutes = (s) => (s / 60).toFixed(1);
const unpriced = [...new Set(plan.cases.filter((c) => !keys(c).some((k) => sampled.has(k))).map((c) => c.probe))];
console.log(`${values.preset} at ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}: ${plan.cases.length} cases`);
console.log(`untimed ${minutes(shared)} min of case time over ${workers} workers + timed ${minutes(alone)} min alone = about ${minutes(shared / workers + alone)} min`);
console.log('case time by probe (min):');
for (const [probe, { cases, seconds }] of [...byProbe].sort((a, b) => b[1].seconds - a[1].seconds)) console.log(`  ${probe.padEnd(22)} ${String(cases).padStart(5)} cases ${minutes(seconds).padStart(7)}`);
if (unpriced.length > 0) console.log(`not sampled (priced 0): ${unpriced.join(', ')}`);
