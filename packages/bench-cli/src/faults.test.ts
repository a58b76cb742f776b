import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, type ResultsDocument } from '@skipbench/engine';
import { faultyPlugin, projectWith, skipbench, toyPlugin } from './test-cli.js';

/** A project with the faulty plugin (fixtures/faulty-plugin: one broken variant each) beside the working toy plugin. */
const project = projectWith([toyPlugin, faultyPlugin]);

/** Runs the gradient benchmark on a faulty variant and the toy plugin's two variants, in isolated workers. */
function runBeside(variant: string, ...extra: string[]) {
  const out = path.join(project, `${variant}.json`);
  const result = skipbench(['run', 'gradient', '--arch', '{faulty,toy}.*', '--variant', `${variant},residual`, '--init', 'glorot', '--depths', '2', '--out', out, ...extra], project);
  const document: ResultsDocument = parseResults(readFileSync(out, 'utf8'), out);
  const byArch = (arch: string) => document.cases.filter((c) => c.arch === arch);
  return { ...result, document, faulty: byArch('faulty.mlp')[0]!, toy: byArch('toy.mlp') };
}

function expectToyCasesMeasured(toy: ResultsDocument['cases']) {
  expect(toy.map((c) => [c.variant, c.status])).toEqual([['residual', 'ok']]);
  expect(toy[0]!.metrics['log10-ratio-first-last']).toEqual(expect.any(Number));
}

describe('a fault ends its case, never the run', () => {
  it('a build that throws: the case fails with the reason, the others are measured, the file is written, exit 1', () => {
    const { code, stderr, document, faulty, toy } = runBeside('throws');
    expect(faulty).toMatchObject({ status: 'failed', error: 'build failed: variant throws has no blocks' });
    expectToyCasesMeasured(toy);
    expect(document.complete).toBe(true);
    expect(stderr).toContain('skipbench: 1 of 2 cases failed\n');
    expect(code).toBe(1);
  });

  it('a forward that never returns is stopped at --case-timeout and the run goes on', () => {
    const { code, faulty, toy, document } = runBeside('hangs', '--case-timeout', '3');
    expect(faulty).toMatchObject({ status: 'failed', error: 'timed out after 3 s (the case timeout)' });
    expect(faulty.durationMs).toBeGreaterThanOrEqual(3000);
    expectToyCasesMeasured(toy);
    expect(document.complete).toBe(true);
    expect(code).toBe(1);
  });

  it('a forward that asks for 64 GiB fails as out of memory, and the next case runs on a fresh worker', () => {
    const { code, faulty, toy } = runBeside('hungry');
    // 2^34 float32 zeros: more than a typed array can hold.
    expect(faulty).toMatchObject({ status: 'failed', error: 'out of memory: Invalid typed array length: 17179869184' });
    expectToyCasesMeasured(toy);
    expect(code).toBe(1);
  });

  it('a NaN forward is reported diverged, not failed, and the run exits 0', () => {
    const { code, faulty, toy } = runBeside('nan');
    expect(faulty.status).toBe('diverged');
    expect(faulty.metrics.loss).toBeUndefined();
    expect(faulty.notes).toContain('loss is NaN, so it is not recorded as a metric');
    expectToyCasesMeasured(toy);
    expect(code).toBe(0);
  });

  it('a case whose estimated memory exceeds --max-memory is refused before it allocates', () => {
    // toy.mlp, width 4, depth 2: 60 parameters (three 4×4 kernels and biases) × 4 bytes × 4 copies = 960 B;
    // 3 stages of [8, 4] × 4 bytes × 4 tensors per stage = 1536 B.
    const { code, toy } = runBeside('plain', '--max-memory', String(2 ** -20));
    expect(toy[0]).toMatchObject({
      status: 'failed',
      error: 'refused before allocating: estimated 2.4 KiB (parameters 960 B, activations 1.5 KiB) exceeds the memory limit of 1.0 KiB',
    });
    expect(code).toBe(1);
  });
});
