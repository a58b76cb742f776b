import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, type CaseResult } from '@skipbench/engine';
import { skipbench, workspace } from './test-cli.js';

const nonTiming = (c: CaseResult) => ({ id: c.id, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels, notes: c.notes, error: c.error });

// Runs the workspace's families themselves: each real family's cases must come out the same from two workers as from one.
describe('--jobs', () => {
  it.each(['depth', 'claims'])('two workers give every family the same %s results as one, value for value', (benchmark) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-jobs-'));
    const run = (jobs: string) => {
      const out = path.join(dir, `jobs${jobs}.json`);
      const { code, stderr } = skipbench(['run', benchmark, '--depths', '2', '--width', '8', '--jobs', jobs, '--out', out], workspace);
      expect(stderr).not.toContain('failed');
      expect(code).toBe(0);
      return parseResults(readFileSync(out, 'utf8'), out);
    };
    const one = run('1');
    const two = run('2');
    expect(new Set(one.cases.map((c) => c.arch))).toEqual(new Set(['gan.mixture', 'gnn.gcn', 'gru.recurrent', 'resnet.basic', 'resnet.mlp', 'transformer.block', 'unet.segment', 'highway.dense']));
    expect(two.cases.map(nonTiming)).toEqual(one.cases.map(nonTiming));
    expect(two.complete).toBe(true);
  });
});

describe('--threads', () => {
  it('runs the timing cases on that many wasm threads beside --jobs 2, and records the count', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-threads-'));
    const out = path.join(dir, 'threads.json');
    const { code, stderr } = skipbench(['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2', '--width', '8', '--probe', 'gradient-profile,throughput', '--jobs', '2', '--threads', '2', '--out', out]);
    expect(stderr).not.toContain('failed');
    expect(code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out);
    expect(new Set(document.cases.map((c) => c.probe))).toEqual(new Set(['gradient-profile', 'throughput']));
    expect(document.environment.threads).toBe(2);
    expect(document.environment.device).toMatch(/wasm SIMD, 2 threads$/);
  });

  it('refuses a count the threaded wasm build cannot run: one line, exit 2', () => {
    const { code, stderr } = skipbench(['run', 'gradient', '--threads', '9']);
    expect([code, stderr.trim()]).toEqual([2, "skipbench: Expected --threads to be an integer from 1 to 8, but got '9'."]);
  });
});
