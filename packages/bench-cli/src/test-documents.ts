/** Results documents for CLI tests, written as files: valid for the current schema, every field a test does not care about filled in. */
import { writeFileSync } from 'node:fs';
import { SCHEMA_VERSION, type CaseResult, type ResultsDocument } from '@skipbench/engine';

/** What made `cases`: each architecture with the variants they have, `plain` the ablation and the others additive skips. */
const sourcesOf = (cases: readonly CaseResult[]): ResultsDocument['sources'] => ({
  architectures: Object.fromEntries(
    [...new Set(cases.map((c) => c.arch))].map((arch) => [
      arch,
      { package: 'test', version: '1', variants: Object.fromEntries(cases.filter((c) => c.arch === arch).map((c) => [c.variant, { skips: [c.variant === 'plain' ? 'none' : 'additive'] }])) },
    ]),
  ),
  probes: Object.fromEntries([...new Set(cases.map((c) => c.probe))].map((probe) => [probe, { package: 'test', version: '1' }])),
});

/** A complete document of `benchmark` holding `cases`. */
export function resultsDocument(benchmark: string, cases: CaseResult[]): ResultsDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    benchmark: { id: benchmark, version: 'abc', components: { [benchmark]: 'abc' }, preset: 'quick' },
    createdAt: '2026-11-23T10:00:00.000Z',
    environment: {
      backend: 'wasm', device: 'cpu', threads: 1, simd: true, kernelFills: [], node: 'v20', os: 'Linux', platform: 'linux',
      arch: 'x64', cpu: 'cpu', cores: 2, memoryGiB: 24, accelerator: null, packages: {},
    },
    seeds: cases.length === 0 ? [1] : [...new Set(cases.map((c) => c.config.seed))].sort((a, b) => a - b),
    settings: {},
    sources: sourcesOf(cases),
    complete: true,
    cases,
  };
}

/** A gradient document over `ids` (gradient-profile cases); `present` are in `cases`, the rest listed as missing. */
export function gradientDocument(ids: readonly string[], present: readonly string[] = ids): ResultsDocument {
  const missing = ids.filter((id) => !present.includes(id));
  return {
    ...resultsDocument('gradient', []),
    complete: missing.length === 0,
    ...(missing.length === 0 ? {} : { missing }),
    cases: ids.flatMap((id, index) =>
      present.includes(id)
        ? [{
            id, index, benchmark: 'gradient', arch: 'a.b', variant: id, depth: 8, batch: 8, samples: 8, probe: 'gradient-profile',
            config: { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed: 1 },
            status: 'ok' as const, metrics: { 'log10-ratio-first-last': -index }, series: {}, units: { 'log10-ratio-first-last': 'decades' },
            labels: {}, notes: [], durationMs: 1,
          }]
        : [],
    ),
  };
}

export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** An ok case of `probe` with these numbers, in a regime of its own only by arch and variant; `index` makes its id unique. */
export function probeCase(index: number, benchmark: string, probe: string, arch: string, variant: string, depth: number, metrics: Record<string, number>, labels: Record<string, string> = {}): CaseResult {
  return {
    id: `${benchmark}/${arch}/${variant}/d${depth}/${probe}`, index, benchmark, arch, variant, depth, batch: 8, samples: 8, probe,
    config: { width: 16, inputSize: 16, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 },
    status: 'ok', metrics, series: {}, units: Object.fromEntries(Object.keys(metrics).map((k) => [k, k.startsWith('log10') ? 'log10' : '1'])),
    labels, notes: [], durationMs: 1,
  };
}

/** `resultsDocument` with each case's index its position. */
export const documentOf = (benchmark: string, cases: readonly CaseResult[]) => resultsDocument(benchmark, cases.map((c, index) => ({ ...c, index })));

/** `c` as the replicate at `seed`: its config names the seed and its id ends `/seed=N`. */
export const atSeed = (c: CaseResult, seed: number): CaseResult => ({ ...c, id: `${c.id}/seed=${seed}`, config: { ...c.config, seed } });
