import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyConv } from '@skipbench/core/toys';
import { mergeResults } from '../results/merge.js';
import type { CaseResult } from '../results/schema.js';
import { journalPath } from './journal.js';
import { planBenchmark } from './plan.js';
import { runBenchmark } from './runner.js';

const tiny = { architectures: [toyConv], variants: ['residual'], depths: [2], width: 4, inputSize: 6, norms: ['none'], inits: ['he'] } as const;
const values = (c: CaseResult) => ({ id: c.id, index: c.index, seed: c.config.seed, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels });

describe('seeds are replicates', () => {
  it('plan every case once per seed, seeds outermost and ascending, each keeping its index and naming its seed; a timed case only at the first', () => {
    const plan = planBenchmark({ ...tiny, benchmark: 'all', seeds: [9, 3] });
    const [first, second] = [plan.cases.filter((c) => c.config.seed === 3), plan.cases.filter((c) => c.config.seed === 9)];
    expect(plan.seeds).toEqual([3, 9]);
    expect(plan.cases.map((c) => c.config.seed)).toEqual([...first.map(() => 3), ...second.map(() => 9)]);
    // The quick preset times two batch sizes.
    expect(first.filter((c) => c.probe === 'throughput').map((c) => c.batch)).toEqual([8, 32]);
    expect(second.filter((c) => c.probe === 'throughput')).toHaveLength(0);
    expect(second.map((c) => [c.id, c.index])).toEqual(first.filter((c) => c.probe !== 'throughput').map((c) => [c.id.replace(/seed=3$/, 'seed=9'), c.index]));
    expect(first[0]!.id).toBe('depth/toy.conv/residual/none/he/d2/b8/activation-profile/seed=3');
  });

  it('pool: a run at three seeds merged with a run at two more equals one run at all five, value for value', async () => {
    const run = (seeds: number[]) => runBenchmark({ ...tiny, benchmark: 'gradient', depths: [2, 3], seeds, backend: 'cpu' });
    const [three, two, five] = [await run([1, 2, 3]), await run([4, 5]), await run([1, 2, 3, 4, 5])];
    const merged = mergeResults([{ source: 'three.json', document: three }, { source: 'two.json', document: two }]);
    expect(merged.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(merged.complete).toBe(true);
    expect(merged.cases).toHaveLength(10);
    expect(merged.cases.map(values)).toEqual(five.cases.map(values));
    expect(() => mergeResults([{ source: 'three.json', document: three }, { source: 'five.json', document: five }])).toThrow(
      `five.json: case ${three.cases[0]!.id} is also in three.json; the parts must not overlap.`,
    );
  });

  it('a finished run resumed with more seeds runs only the new seeds, keeping the cases it had', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-seeds-')), 'r.json');
    const options = { ...tiny, benchmark: 'gradient', backend: 'cpu', out } as const;
    const once = await runBenchmark({ ...options, seeds: [1] });
    const ran: string[] = [];
    const grown = await runBenchmark({ ...options, seeds: [1, 2], resume: true, onCase: (c) => ran.push(c.id) });
    expect(ran).toEqual(['gradient/toy.conv/residual/none/he/d2/b8/gradient-profile/seed=2']);
    expect(grown.seeds).toEqual([1, 2]);
    expect(grown.complete).toBe(true);
    expect(grown.cases[0]).toEqual(once.cases[0]);
    expect(existsSync(journalPath(out))).toBe(false);
    expect(JSON.parse(readFileSync(out, 'utf8')).cases).toHaveLength(2);
    await expect(runBenchmark({ ...options, seeds: [2], resume: true })).rejects.toThrow(
      'Cannot resume r.json: it holds seeds 1, 2, this run is seeds 2; ask seeds for every seed it holds (more may be added) or start over with force.',
    );
  });
});
