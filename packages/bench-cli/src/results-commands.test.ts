import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, type CaseResult } from '@skipbench/engine';
import { skipbench } from './test-cli.js';

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
