/** Results documents for tests, with every field a test does not care about filled in. */
import { SCHEMA_VERSION, type CaseResult, type RecordedSources, type ResultsDocument } from './schema.js';

type Declarations = RecordedSources['architectures'][string]['variants'];

/**
 * The sources of `cases`: each architecture declaring the variants its cases have, `plain` the ablation and
 * every other one an additive skip variant (or as `declared` says), each probe version 1 of package `test`.
 */
export function sourcesOf(cases: ReadonlyArray<Pick<CaseResult, 'arch' | 'variant' | 'probe'>>, declared: Readonly<Record<string, Declarations>> = {}): RecordedSources {
  const variantsOf = (arch: string): Declarations =>
    declared[arch] ?? Object.fromEntries(cases.filter((c) => c.arch === arch).map((c) => [c.variant, { skips: [c.variant === 'plain' ? 'none' : 'additive'] }]));
  return {
    architectures: Object.fromEntries([...new Set(cases.map((c) => c.arch))].map((arch) => [arch, { package: 'test', version: '1', variants: variantsOf(arch) }])),
    probes: Object.fromEntries([...new Set(cases.map((c) => c.probe))].map((probe) => [probe, { package: 'test', version: '1' }])),
  };
}

export function document(
  cases: Array<Pick<CaseResult, 'id' | 'probe' | 'metrics'> & Partial<CaseResult>>,
  benchmark: Partial<ResultsDocument['benchmark']> = {},
  declared: Readonly<Record<string, Declarations>> = {},
): ResultsDocument {
  const filled = cases.map((c, index) => ({
    index, benchmark: 'throughput', arch: 'a.b', variant: 'plain', depth: 8, batch: 8, samples: 8,
    config: { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed: 1 },
    status: 'ok' as const, series: {}, units: Object.fromEntries(Object.keys(c.metrics).map((k) => [k, '1'])), labels: {}, notes: [], durationMs: 1,
    ...c,
  }));
  return {
    schemaVersion: SCHEMA_VERSION,
    benchmark: { id: 'throughput', version: 'v1', components: {}, preset: 'quick', ...benchmark },
    createdAt: '2026-11-23T10:00:00.000Z',
    environment: {
      backend: 'wasm', device: 'cpu', threads: 1, simd: true, kernelFills: [], node: 'v20', os: 'Linux', platform: 'linux',
      arch: 'x64', cpu: 'cpu', cores: 2, memoryGiB: 24, accelerator: null, packages: {},
    },
    seeds: filled.length === 0 ? [1] : [...new Set(filled.map((c) => c.config.seed))].sort((a, b) => a - b),
    settings: {},
    sources: sourcesOf(filled, declared),
    complete: true,
    cases: filled,
  };
}


type Spec = Partial<Pick<CaseResult, 'metrics' | 'labels' | 'status' | 'error' | 'notes'>> & { config?: Partial<CaseResult['config']> };

/** A case of `probe` on `arch`/`variant` at `depth`, for `document`; its id is unique, as a results file needs. */
export function measured(probe: string, arch: string, variant: string, depth: number, { config, metrics = {}, ...rest }: Spec = {}) {
  const full = { width: 16, inputSize: 16, norm: 'none', init: 'he', branchScale: 1, seed: 1, ...config };
  return { id: `${probe}/${arch}/${variant}/${full.norm}/${full.branchScale}/d${depth}/seed=${full.seed}`, probe, arch, variant, depth, metrics, config: full, ...rest };
}
