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
  it('ranks train-step throughput, refusing too-noisy timings and other benchmark versions with the reason', () => {
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
    expect(throughput!.entries.map((e) => [e.rank, e.label, e.value])).toEqual([
      [1, 'a.b preact (no norm, he init) depth 8, batch 8', 150],
      [2, 'a.b preact (no norm, he init) depth 8, batch 8', 150],
      [3, 'a.b plain (no norm, he init) depth 8, batch 8', 100],
      [4, 'a.b plain (no norm, he init) depth 8, batch 8', 100],
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
