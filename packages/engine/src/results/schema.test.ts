import { describe, expect, it } from 'vitest';
import { parseResults, validateResults } from './read.js';
import { AXES, recordedInConfig } from '../axes.js';
import { caseConfigSchema, caseResultSchema, resultsJsonSchema, type ResultsDocument } from './schema.js';

const valid: ResultsDocument = {
  schemaVersion: 4,
  benchmark: { id: 'gradient', version: 'abc123', components: { gradient: 'abc123' }, preset: 'quick' },
  createdAt: '2026-11-23T10:00:00.000Z',
  environment: {
    backend: 'wasm',
    device: 'cpu, wasm SIMD, 1 thread',
    threads: 1,
    simd: true,
    kernelFills: [],
    node: 'v20.19.0',
    os: 'Linux 6.1.0',
    platform: 'linux',
    arch: 'x64',
    cpu: 'cpu',
    cores: 2,
    memoryGiB: 24,
    accelerator: null,
    packages: { '@skipbench/core': '0.1.0' },
  },
  seeds: [1],
  settings: {},
  sources: {
    architectures: { 'resnet.basic': { package: '@skipbench/resnet', version: '1', variants: { plain: { skips: ['none'] }, preact: { skips: ['additive'] } } } },
    probes: { 'gradient-profile': { package: '@skipbench/probes', version: '1' } },
  },
  complete: true,
  cases: [
    {
      id: 'gradient/x.y/plain/none/glorot/d8/b8/gradient-profile/seed=1',
      index: 0,
      benchmark: 'gradient',
      arch: 'x.y',
      variant: 'plain',
      depth: 8,
      batch: 8,
      samples: 8,
      probe: 'gradient-profile',
      config: { width: 16, inputSize: 16, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 },
      status: 'ok',
      metrics: { 'log10-ratio-first-last': -2.2 },
      series: { 'stream-grad-norm': [1e-3, null] },
      units: { 'log10-ratio-first-last': 'log10', 'stream-grad-norm': '1' },
      labels: { verdict: 'vanishing' },
      notes: [],
      durationMs: 12,
    },
  ],
};

describe('results documents', () => {
  it('accept a valid document', () => {
    expect(validateResults(valid)).toEqual({ document: valid, errors: [] });
  });

  it('explain every problem in one line with its path', () => {
    const broken = structuredClone(valid) as unknown as { cases: Array<Record<string, unknown>>; benchmark: Record<string, unknown> };
    delete broken.benchmark.version;
    broken.cases[0]!.status = 'great';
    const { errors } = validateResults(broken);
    expect(errors).toEqual([
      'benchmark.version: Invalid input: expected string, received undefined',
      'cases.0.status: Invalid option: expected one of "ok"|"diverged"|"not-applicable"|"failed"',
    ]);
  });

  it('require a unit for every metric and series', () => {
    const { errors } = validateResults({ ...valid, cases: [{ ...valid.cases[0]!, units: { 'stream-grad-norm': '1' } }] });
    expect(errors).toEqual(["cases.0.units.log10-ratio-first-last: missing unit for 'log10-ratio-first-last'"]);
  });

  it('refuse another schema version by name', () => {
    expect(() => parseResults(JSON.stringify({ ...valid, schemaVersion: 1 }), 'old.json')).toThrowError(
      'old.json: schemaVersion: expected 4, but got 1 (written by another skipbench version)',
    );
  });

  it('require the planned cases an incomplete document lacks, and no missing cases in a complete one', () => {
    expect(validateResults({ ...valid, complete: false }).errors).toEqual(["missing: an incomplete document needs 'missing' (the planned cases it lacks)"]);
    expect(validateResults({ ...valid, complete: true, missing: ['a', 'b'] }).errors).toEqual(['complete: true, but 2 planned cases are listed as missing']);
    expect(validateResults({ ...valid, complete: false, missing: ['a'] }).errors).toEqual([]);
  });

  it("hold every config axis once, with its table's schema: variant and depth beside the id, the rest in config in the table's order", () => {
    const recorded = Object.values(AXES).filter(recordedInConfig);
    expect(['variant', 'depth', ...Object.keys(caseConfigSchema.shape)]).toEqual(recorded.map((axis) => axis.field));
    for (const axis of recorded) {
      const shape: Record<string, unknown> = axis.field === 'variant' || axis.field === 'depth' ? caseResultSchema.shape : caseConfigSchema.shape;
      expect(shape[axis.field], axis.field).toBe('optional' in axis ? (shape[axis.field] as { unwrap(): unknown }).unwrap() === axis.schema && shape[axis.field] : axis.schema);
    }
  });

  it('publish a JSON Schema that requires the top-level fields', () => {
    const schema = resultsJsonSchema() as { required: string[]; properties: Record<string, unknown> };
    expect(schema.required.sort()).toEqual(['benchmark', 'cases', 'complete', 'createdAt', 'environment', 'schemaVersion', 'seeds', 'settings', 'sources']);
    expect(Object.keys(schema.properties)).toContain('cases');
  });

  it('publish exactly the reviewed JSON Schema: a change to dist/results.schema.json shows up as a change to this file', async () => {
    // The text scripts/write-json-schema.js publishes; `vitest -u` rewrites the file after an intended change.
    await expect(`${JSON.stringify(resultsJsonSchema(), null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/results.schema.json');
  });
});
