import { describe, expect, it } from 'vitest';
import type { CaseResult, PlannedCase } from '@skipbench/engine';
import { Progress } from './progress.js';

const planned = (id: string, probe: string, depth: number, arch = 'toy.mlp') => ({ id, probe, batch: 8, samples: 8, config: { depth }, architecture: { id: arch } }) as PlannedCase;
const result = (c: PlannedCase, durationMs: number) => ({ id: c.id, probe: c.probe, status: 'ok', durationMs }) as CaseResult;

/** A log stream (not a terminal) that keeps what was written. */
function log() {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  return { lines, stream };
}

describe('progress ETA', () => {
  it('estimates each probe from its own measured cost per depth × batch, others at the mean rate until measured', () => {
    const cases = [planned('a', 'lipschitz', 2), planned('b', 'activation-profile', 2), planned('c', 'lipschitz', 8), planned('d', 'activation-profile', 8)];
    const { lines, stream } = log();
    const progress = new Progress(cases, 1, stream);
    progress.begin([]);
    progress.finished(result(cases[0]!, 60_000));
    // Only lipschitz is measured (30 s per depth): b 60 s, c 240 s, d 240 s.
    expect(lines.at(-1)).toMatch(/^\[1\/4\] \d+s elapsed, ETA 9m00s {2}a ok\n$/);
    progress.finished(result(cases[1]!, 1_000));
    // Now c (lipschitz, depth 8) is 4 × 60 s and d (activation-profile, depth 8) 4 × 1 s.
    expect(lines.at(-1)).toMatch(/^\[2\/4\] \d+s elapsed, ETA 4m04s {2}b ok\n$/);
  });

  it('divides the remaining work among the jobs, and counts resumed cases as done', () => {
    const cases = [planned('a', 'noise', 4), planned('b', 'noise', 4), planned('c', 'noise', 4), planned('d', 'noise', 4)];
    const { lines, stream } = log();
    const progress = new Progress(cases, 2, stream);
    progress.begin(['a']);
    progress.finished(result(cases[1]!, 10_000));
    expect(lines.at(-1)).toMatch(/^\[2\/4\] \d+s elapsed, ETA 10s {2}b ok\n$/);
  });

  it('estimates a probe on each architecture from its own cases, and adds up the cases that run alone', () => {
    const cases = ['small', 'large', 'small', 'large'].map((arch, i) => planned(`t${i}`, 'throughput', 2, arch));
    const { lines, stream } = log();
    const progress = new Progress(cases, 2, stream, (c) => c.probe === 'throughput');
    progress.begin([]);
    progress.finished(result(cases[0]!, 1_000));
    // Three more of 1 s each (the large model not measured yet: at the probe's rate), one after another.
    expect(lines.at(-1)).toMatch(/^\[1\/4\] \d+s elapsed, ETA 3s {2}t0 ok\n$/);
    progress.finished(result(cases[1]!, 10_000));
    // The small model's case 1 s, the large model's 10 s.
    expect(lines.at(-1)).toMatch(/^\[2\/4\] \d+s elapsed, ETA 11s {2}t1 ok\n$/);
  });
});
