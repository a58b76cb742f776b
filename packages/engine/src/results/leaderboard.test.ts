import { describe, expect, it } from 'vitest';
import { buildLeaderboard } from './leaderboard.js';
import { document } from './test-documents.js';

const throughputCase = (id: string, variant: string, samplesPerSecond: number, spread: number) => ({
  id,
  probe: 'throughput',
  variant,
  metrics: { repeats: 3, 'train-step-samples-per-second': samplesPerSecond, 'train-step-spread': spread, 'train-step-rme': 1 },
});

describe('buildLeaderboard', () => {
  it('ranks train-step throughput by value ± spread, refusing too-noisy timings and other benchmark versions with the reason', () => {
    const ranked = document([throughputCase('a', 'plain', 100, 2), throughputCase('b', 'preact', 150, 3), throughputCase('c', 'postact', 200, 25)]);
    // Made by another release of the architecture's package: never ranked with the others.
    const otherVersion = document([throughputCase('d', 'plain', 999, 1)], { version: 'v2' });
    otherVersion.sources.architectures['a.b']!.version = '1.0.1';
    const board = buildLeaderboard([
      { source: 'one.json', value: ranked },
      { source: 'two.json', value: otherVersion },
      { source: 'three.json', value: ranked },
      { source: 'broken.json', value: { schemaVersion: 1 } },
    ]);
    const [throughput] = board.rankings;
    expect(board.rankings.map((r) => r.title)).toEqual(['Train-step throughput · wasm · cpu']);
    // The same file read twice: its entries tie; 150 ± 3% is wholly above 100 ± 2%.
    expect(throughput!.entries.map((e) => [e.rank, e.label, e.value, e.n, e.interval])).toEqual([
      [1, 'a.b preact (no norm, he init) depth 8, batch 8', 150, 1, { low: 145.5, high: 154.5 }],
      [1, 'a.b preact (no norm, he init) depth 8, batch 8', 150, 1, { low: 145.5, high: 154.5 }],
      [3, 'a.b plain (no norm, he init) depth 8, batch 8', 100, 1, { low: 98, high: 102 }],
      [3, 'a.b plain (no norm, he init) depth 8, batch 8', 100, 1, { low: 98, high: 102 }],
    ]);
    expect(board.refused).toEqual([
      { source: 'broken.json', reason: 'not a schema 4 results file: schemaVersion: expected 4, but got 1 (written by another skipbench version)' },
      { source: 'one.json', reason: 'a.b postact (no norm, he init) depth 8, batch 8: run-to-run spread 25.0% > 10%, too noisy to rank' },
      { source: 'two.json', reason: 'benchmark throughput@v2 differs from the ranked version v1 (one.json): architecture a.b: test 1 → 1.0.1' },
      { source: 'three.json', reason: 'a.b postact (no norm, he init) depth 8, batch 8: run-to-run spread 25.0% > 10%, too noisy to rank' },
    ]);
  });

  it('ranks each backend and device separately', () => {
    const fast = document([throughputCase('a', 'plain', 900, 1)]);
    fast.environment.device = 'gpu';
    const board = buildLeaderboard([
      { source: 'cpu.json', value: document([throughputCase('a', 'plain', 100, 1)]) },
      { source: 'gpu.json', value: fast },
    ]);
    expect(board.rankings.map((r) => [r.device, r.entries.map((e) => [e.rank, e.value])])).toEqual([
      ['cpu', [[1, 100]]],
      ['gpu', [[1, 900]]],
    ]);
  });

  it('ranks gradient health by the worst |log10 ratio| per element over depths, not the norms\' ratio', () => {
    // The norms' ratio is off by 5 decades (stages of different sizes): the ranking reads the RMS ratio.
    const gradient = (id: string, variant: string, depth: number, log10: number) => ({
      id, probe: 'gradient-profile', benchmark: 'gradient', variant, depth, metrics: { 'log10-ratio-first-last': log10 + 5, 'log10-rms-ratio-first-last': log10 }, labels: { verdict: Math.abs(log10) > 2 ? 'bad' : 'healthy' },
    });
    const board = buildLeaderboard([
      { source: 'g.json', value: document([gradient('p8', 'plain', 8, -2), gradient('p32', 'plain', 32, -9.5), gradient('r8', 'preact', 8, 0.8), gradient('r32', 'preact', 32, 1.3)], { id: 'gradient' }) },
    ]);
    expect(board.rankings[0]!.entries.map((e) => [e.rank, e.label, e.value, e.detail])).toEqual([
      [1, 'a.b preact (no norm, he init)', 1.3, 'worst at depth 32: healthy'],
      [2, 'a.b plain (no norm, he init)', 9.5, 'worst at depth 32: bad'],
    ]);
  });

  it('ranks a regime whose ratio float32 cannot hold by the bound gradient-profile states, saying it is at least that', () => {
    const measured = { id: 'p8', probe: 'gradient-profile', benchmark: 'gradient', depth: 8, metrics: { 'log10-rms-ratio-first-last': -9.5 }, labels: { verdict: 'vanishing' } };
    const beyond = { id: 'p32', probe: 'gradient-profile', benchmark: 'gradient', depth: 32, metrics: { 'log10-rms-ratio-first-last-below': -43.2 }, labels: { verdict: 'vanishing' } };
    const board = buildLeaderboard([{ source: 'g.json', value: document([measured, beyond], { id: 'gradient' }) }]);
    expect(board.rankings[0]!.entries.map((e) => [e.value, e.detail])).toEqual([[43.2, 'worst at depth 32: vanishing, at least: the ratio is beyond float32']]);
  });
});

describe('buildLeaderboard: seeds are replicates', () => {
  const trained = (variant: string, seed: number, lossRatio: number) => ({
    id: `depth/a.b/${variant}/d8/trainability/seed=${seed}`, probe: 'trainability', benchmark: 'depth', variant, config: { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed }, metrics: { 'loss-ratio': lossRatio, steps: 100 },
  });
  const regime = (variant: string, ratios: readonly number[]) => ratios.map((ratio, i) => trained(variant, i + 1, ratio));
  // t(0.975, 2) · sd / √3 = 4.3027 · 1 / √3 = 2.4841 for three values a step of 1 apart.
  const halfWidth = 2.4841;

  it('ranks the mean over seeds by its 95% interval: apart, the lower ranks first; overlapping, they share a rank', () => {
    const cases = [...regime('preact', [10, 11, 12]), ...regime('postact', [12, 13, 14]), ...regime('plain', [1, 2, 3])];
    const [ranking] = buildLeaderboard([{ source: 'd.json', value: document(cases, { id: 'depth' }) }]).rankings;
    expect(ranking!.entries.map((e) => [e.rank, e.label, e.value, e.n])).toEqual([
      [1, 'a.b plain (no norm, he init) depth 8', 2, 3],
      [2, 'a.b preact (no norm, he init) depth 8', 11, 3],
      // 13 ± 2.48 overlaps 11 ± 2.48: not ranked apart; 2 ± 2.48 is wholly below both.
      [2, 'a.b postact (no norm, he init) depth 8', 13, 3],
    ]);
    expect(ranking!.entries[0]!.interval!.low).toBeCloseTo(2 - halfWidth, 4);
    expect(ranking!.entries[0]!.interval!.high).toBeCloseTo(2 + halfWidth, 4);
    expect(ranking!.criterion).toContain('the mean over seeds, with its 95% t-interval: entries whose intervals overlap share a rank');
  });

  it('at one seed, ranks by the values alone, with no interval', () => {
    const [ranking] = buildLeaderboard([{ source: 'd.json', value: document([trained('preact', 1, 0.5), trained('plain', 1, 0.9)], { id: 'depth' }) }]).rankings;
    expect(ranking!.entries.map((e) => [e.rank, e.value, e.n, e.interval])).toEqual([
      [1, 0.5, 1, undefined],
      [2, 0.9, 1, undefined],
    ]);
  });

  it('scores gradient health per seed (its worst depth), then averages over seeds', () => {
    const gradient = (depth: number, seed: number, log10: number) => ({
      id: `gradient/a.b/plain/d${depth}/gradient-profile/seed=${seed}`, probe: 'gradient-profile', benchmark: 'gradient', depth, config: { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed }, metrics: { 'log10-rms-ratio-first-last': log10 }, labels: { verdict: 'vanishing' },
    });
    // Seed 1 is worst at depth 32 (-4), seed 2 at depth 8 (-2): the mean of 4 and 2 is 3.
    const cases = [gradient(8, 1, -1), gradient(32, 1, -4), gradient(8, 2, -2), gradient(32, 2, 0.5)];
    const [ranking] = buildLeaderboard([{ source: 'g.json', value: document(cases, { id: 'gradient' }) }]).rankings;
    expect(ranking!.entries.map((e) => [e.value, e.n, e.detail])).toEqual([[3, 2, 'worst at depth 32: vanishing']]);
  });
});

describe('buildLeaderboard: incomplete files', () => {
  const incomplete = () => ({ ...document([throughputCase('a', 'plain', 100, 1)]), complete: false, missing: ['b', 'c'] });

  it('refuses an incomplete file, saying how many planned cases it lacks and naming the option that ranks it anyway', () => {
    const board = buildLeaderboard([{ source: 'partial.json', value: incomplete() }]);
    expect(board.rankings).toEqual([]);
    expect(board.ranked).toEqual([]);
    expect(board.refused).toEqual([{ source: 'partial.json', reason: 'incomplete: 2 planned cases missing', option: 'allowIncomplete' }]);
  });

  it('ranks it with allowIncomplete', () => {
    const board = buildLeaderboard([{ source: 'partial.json', value: incomplete() }], { allowIncomplete: true });
    expect(board.ranked).toEqual(['partial.json']);
    expect(board.rankings[0]!.entries.map((e) => e.value)).toEqual([100]);
  });
});
