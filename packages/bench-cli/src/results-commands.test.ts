import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, type CaseResult } from '@skipbench/engine';
import { skipbench } from './test-cli.js';
import { atSeed, probeCase, resultsDocument, writeJson } from './test-documents.js';

const nonTiming = (c: CaseResult) => ({ id: c.id, index: c.index, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels });
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-results-'));
const read = (file: string) => parseResults(readFileSync(file, 'utf8'), file);

describe('shard and merge', () => {
  it('the merge of 3 shards has exactly the cases of the unsharded run, with identical non-timing metrics', () => {
    const dir = tempDir();
    const args = ['run', 'depth', '--arch', 'toy.mlp', '--depths', '2,3', '--variant', 'plain,residual', '--width', '4'];
    expect(skipbench([...args, '--out', path.join(dir, 'whole.json')]).code).toBe(0);
    for (const i of [1, 2, 3]) expect(skipbench([...args, '--shard', `${i}/3`, '--out', path.join(dir, `shard${i}.json`)]).code).toBe(0);
    const shards = [1, 2, 3].map((i) => path.join(dir, `shard${i}.json`));
    const merged = skipbench(['merge', ...shards, '--out', path.join(dir, 'merged.json')]);
    expect(merged.stdout).toBe(`merged 3 files, 12 cases, into ${path.join(dir, 'merged.json')}\n`);
    const whole = read(path.join(dir, 'whole.json'));
    const joined = read(path.join(dir, 'merged.json'));
    expect(joined.cases.map(nonTiming)).toEqual(whole.cases.map(nonTiming));
    expect(joined.benchmark).toEqual(whole.benchmark);
    expect(read(shards[1]!).benchmark.shard).toEqual({ index: 2, count: 3 });

    const overlap = skipbench(['merge', shards[0]!, shards[0]!, '--out', path.join(dir, 'bad.json')]);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toMatch(/^skipbench: .*shard1\.json: case depth\/toy\.mlp\/plain\/none\/glorot\/d2\/b8\/activation-profile\/seed=1234 is also in .*shard1\.json; the parts must not overlap\.\n$/);
  });

  it('refuses to merge results of different benchmark versions', () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    skipbench(['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2', '--variant', 'plain', '--norm', 'none', '--init', 'he', '--out', a]);
    skipbench(['run', 'gradient', '--arch', 'toy.mlp', '--depths', '3', '--variant', 'plain', '--norm', 'none', '--init', 'he', '--out', b]);
    const { code, stderr } = skipbench(['merge', a, b, '--out', path.join(dir, 'm.json')]);
    expect(code).toBe(1);
    expect(stderr).toContain('only results of the same benchmark version merge.');
  });
});

describe('validate', () => {
  it('accepts a results file and explains each problem of a hand-corrupted one in one line naming the field', () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.json');
    skipbench(['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2', '--variant', 'plain', '--norm', 'none', '--init', 'he', '--out', good]);
    const ok = skipbench(['validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/good\.json: ok, schema 4, gradient@[0-9a-f]{12}, 1 cases\n$/);

    const document = JSON.parse(readFileSync(good, 'utf8'));
    document.environment.threads = 'one';
    document.cases[0].metrics.loss = 'low';
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(document));
    const result = skipbench(['validate', good, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((l) => l.startsWith(bad))).toEqual([
      `${bad}: environment.threads: Invalid input: expected number, received string`,
      `${bad}: cases.0.metrics.loss: Invalid input: expected number, received string`,
    ]);
  });

  it('names a missing file in one line with exit 2', () => {
    const { code, stderr } = skipbench(['validate', '/no/such.json']);
    expect(code).toBe(2);
    expect(stderr).toBe('skipbench: No such results file: /no/such.json\n');
  });
});

describe('compare', () => {
  it('exits 1 when a chosen metric regressed significantly beyond the threshold, 0 otherwise', () => {
    const dir = tempDir();
    const before = path.join(dir, 'before.json');
    expect(skipbench(['run', 'throughput', '--arch', 'toy.mlp', '--variant', 'plain', '--batch', '2', '--depths', '2', '--width', '4', '--out', before]).code).toBe(0);
    const document = JSON.parse(readFileSync(before, 'utf8'));
    const metrics = document.cases[0].metrics;
    // 25% slower, with intervals far apart.
    metrics['train-step-rme'] = 1;
    metrics['train-step-spread'] = 0;
    const slowed = structuredClone(document);
    slowed.cases[0].metrics['train-step-mean'] = metrics['train-step-mean'] * 1.25;
    slowed.cases[0].metrics['train-step-samples-per-second'] = metrics['train-step-samples-per-second'] / 1.25;
    const tight = path.join(dir, 'tight.json');
    const after = path.join(dir, 'after.json');
    writeFileSync(tight, JSON.stringify(document));
    writeFileSync(after, JSON.stringify(slowed));

    const regressed = skipbench(['compare', tight, after, '--fail-on', 'throughput:-5%']);
    expect(regressed.code).toBe(1);
    expect(regressed.stderr).toBe(
      'skipbench: regression: throughput/toy.mlp/plain/none/glorot/d2/b2/throughput/seed=1234 train-step-samples-per-second -20.0% breaks --fail-on throughput:-5%\n',
    );
    expect(skipbench(['compare', tight, after, '--fail-on', 'throughput:-25%']).code).toBe(0);
    const same = skipbench(['compare', tight, tight, '--fail-on', 'throughput:-5%']);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/identical/);
  });
});

describe('leaderboard', () => {
  it('ranks a folder of results and refuses, with the reason, a file of another benchmark version', () => {
    const dir = tempDir();
    const args = ['run', 'gradient', '--arch', 'toy.mlp', '--variant', 'plain,residual', '--norm', 'none', '--init', 'glorot', '--width', '4'];
    expect(skipbench([...args, '--depths', '2,6', '--out', path.join(dir, 'a.json')]).code).toBe(0);
    expect(skipbench([...args, '--depths', '3', '--out', path.join(dir, 'b.json')]).code).toBe(0);
    writeFileSync(path.join(dir, 'c.json'), readFileSync(path.join(dir, 'a.json')));
    const { code, stdout, stderr } = skipbench(['leaderboard', dir, '--json']);
    expect(code).toBe(0);
    const board = JSON.parse(stdout) as { rankings: Array<{ benchmark: string; entries: Array<{ rank: number; label: string; value: number; source: string }> }> };
    const document = read(path.join(dir, 'a.json'));
    const worst = (variant: string) =>
      Math.max(...document.cases.filter((c) => c.variant === variant).map((c) => Math.abs(c.metrics['log10-ratio-first-last']!)));
    const entries = board.rankings[0]!.entries;
    expect(entries.map((e) => e.value)).toEqual([...entries.map((e) => e.value)].sort((a, b) => a - b));
    expect(entries.filter((e) => e.source.endsWith('a.json')).map((e) => [e.label, e.value]).sort()).toEqual(
      [
        ['toy.mlp plain (no norm, glorot init)', worst('plain')],
        ['toy.mlp residual (no norm, glorot init)', worst('residual')],
      ].sort(),
    );
    expect(stderr).toMatch(/^skipbench: not ranked: .*b\.json: benchmark gradient@[0-9a-f]{12} differs from the ranked version [0-9a-f]{12} \(.*a\.json\): other probes, sweeps, preset or settings\n$/);
  });
});

/** A depth results file of `variant`'s loss ratios, the i-th at seed i + 1. */
function lossRatios(dir: string, name: string, byVariant: Record<string, readonly number[]>): string {
  const cases = Object.entries(byVariant).flatMap(([variant, ratios], index) =>
    ratios.map((ratio, i) => atSeed(probeCase(index, 'depth', 'trainability', 'toy.mlp', variant, 8, { 'loss-ratio': ratio, steps: 100 }), i + 1)),
  );
  return writeJson(path.join(dir, name), resultsDocument('depth', cases));
}

describe('compare: seeds are replicates', () => {
  // t(0.975, 2) · sd / √3 = 4.3027 · 1 / √3 = 2.4841 for three values a step of 1 apart: 2 ± 2.4841, 11 ± 2.4841.
  it('calls a change of the mean over seeds only when the 95% intervals are apart, and --fail-on fires only then', () => {
    const dir = tempDir();
    const before = lossRatios(dir, 'before.json', { plain: [1, 2, 3] });
    const overlapping = lossRatios(dir, 'overlapping.json', { plain: [1.5, 2.5, 3.5] });
    const apart = lossRatios(dir, 'apart.json', { plain: [10, 11, 12] });

    const within = skipbench(['compare', before, overlapping, '--fail-on', 'loss-ratio:+10%']);
    // +25% is past the rule's +10%, but within the seeds' noise: no change, exit 0.
    expect(within).toEqual({
      code: 0,
      stdout: [
        'case                                 metric      before                  after                     change  call',
        '-----------------------------------  ----------  ----------------------  ------------------------  ------  ---------',
        'depth/toy.mlp/plain/d8/trainability  loss-ratio  2 [-0.4841, 4.484] n=3  2.5 [0.01586, 4.984] n=3  +25.0%  no change',
        '2 metrics in 1 common cases; 1 identical, 1 within noise (timings, or means over seeds)',
        '',
      ].join('\n'),
      stderr: '',
    });
    // A claim says the loss ratio is better lower: a rise past the noise is worse.
    const worse = skipbench(['compare', before, apart, '--fail-on', 'loss-ratio:+10%']);
    expect(worse.code).toBe(1);
    expect(worse.stdout.split('\n')[2]).toBe('depth/toy.mlp/plain/d8/trainability  loss-ratio  2 [-0.4841, 4.484] n=3  11 [8.516, 13.48] n=3  +450.0%  worse');
    expect(worse.stderr).toBe(
      'skipbench: regression: depth/toy.mlp/plain/d8/trainability loss-ratio +450.0% (2 [-0.4841, 4.484] n=3 → 11 [8.516, 13.48] n=3) breaks --fail-on loss-ratio:+10%\n',
    );
  });
});

describe('leaderboard: seeds are replicates', () => {
  it('ranks the mean over seeds by its 95% interval, entries whose intervals overlap sharing a rank', () => {
    const dir = tempDir();
    const file = lossRatios(dir, 'd.json', { preact: [10, 11, 12], postact: [12, 13, 14], plain: [1, 2, 3] });
    const markdown = skipbench(['leaderboard', file]);
    expect([markdown.code, markdown.stderr]).toEqual([0, '']);
    // 2 ± 2.48 is wholly below 11 ± 2.48 and 13 ± 2.48, which overlap: ranks 1, 2 and 2.
    expect(markdown.stdout.split('\n').filter((line) => line.startsWith('| '))).toEqual([
      '| rank | entry | value | n | interval | detail | backend | device | file |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      `| 1 | toy.mlp plain (no norm, glorot init) depth 8 | 2 | 3 | [-0.4841, 4.484] | 100 steps | wasm | cpu | ${file} |`,
      `| 2 | toy.mlp preact (no norm, glorot init) depth 8 | 11 | 3 | [8.516, 13.48] | 100 steps | wasm | cpu | ${file} |`,
      `| 2 | toy.mlp postact (no norm, glorot init) depth 8 | 13 | 3 | [10.52, 15.48] | 100 steps | wasm | cpu | ${file} |`,
    ]);
    const json = skipbench(['leaderboard', file, '--json']);
    const board = JSON.parse(json.stdout) as { rankings: Array<{ entries: Array<{ rank: number; value: number; n: number; interval: { low: number; high: number } }> }> };
    expect(board.rankings[0]!.entries.map((e) => [e.rank, e.value, e.n, Number(e.interval.low.toFixed(4)), Number(e.interval.high.toFixed(4))])).toEqual([
      [1, 2, 3, -0.4841, 4.4841],
      [2, 11, 3, 8.5159, 13.4841],
      [2, 13, 3, 10.5159, 15.4841],
    ]);
  });
});
