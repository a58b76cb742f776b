import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalPath } from './journal.js';
import { toyConv } from '@skipbench/core/toys';
import { validateResults } from '../results/read.js';
import type { CaseResult } from '../results/schema.js';
import { runBenchmark } from './runner.js';

const timingFree = (c: CaseResult) => ({ id: c.id, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels });

describe('runBenchmark', () => {
  it('gives identical non-timing metrics for the same seed, and a document that validates', async () => {
    const run = () => runBenchmark({ benchmark: 'depth', architectures: [toyConv], depths: [2, 3], width: 4, inputSize: 6, seeds: [42] });
    const first = await run();
    const second = await run();
    expect(first.cases).toHaveLength(2 * 2 * 3);
    expect(first.cases.every((c) => c.status === 'ok')).toBe(true);
    expect(second.cases.map(timingFree)).toEqual(first.cases.map(timingFree));
    expect(validateResults(JSON.parse(JSON.stringify(first))).errors).toEqual([]);
    expect(first.environment.backend).toBe('wasm');
    expect(first.environment.kernelFills.map((k) => k.kernelName).sort()).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Mean', 'Sum', 'UnsortedSegmentSum']);
  });

  it('gives different weights and data for another seed', async () => {
    const run = (seed: number) =>
      runBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2], norms: ['none'], inits: ['he'], variants: ['residual'], width: 4, inputSize: 6, seeds: [seed] });
    const [a, b] = [await run(1), await run(2)];
    expect(a.cases[0]!.metrics.loss).not.toBe(b.cases[0]!.metrics.loss);
  });

  it('journals each case through onCase, and a resumed run keeps the journalled cases without rerunning them', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipbench-runner-'));
    const out = path.join(folder, 'r.json');
    const options = { benchmark: 'gradient', architectures: [toyConv], depths: [2], width: 4, inputSize: 6 } as const;
    const seen: string[] = [];
    const all = await runBenchmark({ ...options, out, onCase: (c) => seen.push(c.id) });
    expect(seen.sort()).toEqual(all.cases.map((c) => c.id).sort());
    expect(all.complete).toBe(true);
    expect(existsSync(journalPath(out))).toBe(false);
    // What a run stopped after three cases leaves: the journal's header and three cases.
    const stop = new AbortController();
    let finished = 0;
    const partial = await runBenchmark({ ...options, out, force: true, signal: stop.signal, onCase: () => ++finished === 3 && stop.abort() });
    expect(partial.complete).toBe(false);
    expect(partial.missing).toHaveLength(all.cases.length - 3);
    expect(readFileSync(journalPath(out), 'utf8').trim().split('\n')).toHaveLength(1 + 3);
    const rerun: string[] = [];
    const resumed = await runBenchmark({ ...options, out, resume: true, onCase: (c) => rerun.push(c.id) });
    expect(rerun.sort()).toEqual(partial.missing!.slice().sort());
    expect(resumed.complete).toBe(true);
    expect(resumed.cases.map(timingFree)).toEqual(all.cases.map(timingFree));
    expect(existsSync(journalPath(out))).toBe(false);
  });
});
