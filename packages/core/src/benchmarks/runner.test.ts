import { describe, expect, it } from 'vitest';
import { toyConv } from '../test-architectures.js';
import { validateResults } from '../results/read.js';
import type { CaseResult } from '../results/schema.js';
import { runBenchmark } from './runner.js';

const timingFree = (c: CaseResult) => ({ id: c.id, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels });

describe('runBenchmark', () => {
  it('gives identical non-timing metrics for the same seed, and a document that validates', async () => {
    const run = () => runBenchmark({ benchmark: 'depth', architectures: [toyConv], depths: [2, 3], width: 4, inputSize: 6, seed: 42 });
    const first = await run();
    const second = await run();
    expect(first.cases).toHaveLength(2 * 2 * 3);
    expect(first.cases.every((c) => c.status === 'ok')).toBe(true);
    expect(second.cases.map(timingFree)).toEqual(first.cases.map(timingFree));
    expect(validateResults(JSON.parse(JSON.stringify(first))).errors).toEqual([]);
    expect(first.environment.backend).toBe('wasm');
    expect(first.environment.kernelFills.map((k) => k.kernelName).sort()).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'UnsortedSegmentSum']);
  });

  it('gives different weights and data for another seed', async () => {
    const run = (seed: number) =>
      runBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2], norms: ['none'], inits: ['he'], variants: ['residual'], width: 4, inputSize: 6, seed });
    const [a, b] = [await run(1), await run(2)];
    expect(a.cases[0]!.metrics.loss).not.toBe(b.cases[0]!.metrics.loss);
  });

  it('records each case, in order, through onCase and keeps the cases of a resumed run without rerunning them', async () => {
    const seen: string[] = [];
    const options = { benchmark: 'gradient', architectures: [toyConv], depths: [2], width: 4, inputSize: 6 } as const;
    const all = await runBenchmark({ ...options, onCase: (c) => seen.push(c.id) });
    expect(seen).toEqual(all.cases.map((c) => c.id));
    const rerun: string[] = [];
    const resumed = await runBenchmark({ ...options, previous: all.cases.slice(0, 3), onCase: (c) => rerun.push(c.id) });
    expect(rerun).toEqual(seen.slice(3));
    expect(resumed.cases.map(timingFree)).toEqual(all.cases.map(timingFree));
  });
});
