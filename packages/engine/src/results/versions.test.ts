import { toyConv, toyTokens } from '@skipbench/core/toys';
import standardProbes from '@skipbench/probes';
import { describe, expect, it } from 'vitest';
import { planBenchmark, type PlanOptions } from '../benchmarks/plan.js';
import { runBenchmark } from '../benchmarks/runner.js';
import { createRegistry } from '../registry.js';
import { compareResults } from './compare.js';
import { mergeResults } from './merge.js';
import { document } from './test-documents.js';

/** toy.conv, which declares no version of its own, as a release of an outside package; toy.tokens as another package. */
const registryWith = (convRelease: string, tokensRelease = '2.0.0') =>
  createRegistry([
    standardProbes,
    { plugin: { apiVersion: 2, architectures: [toyConv] }, name: 'skipbench-plugin-dense', version: convRelease },
    { plugin: { apiVersion: 2, architectures: [toyTokens] }, name: 'skipbench-plugin-tokens', version: tokensRelease },
  ]);
const request = (registry: ReturnType<typeof createRegistry>, extra: Partial<PlanOptions> = {}): PlanOptions => ({
  benchmark: 'gradient',
  architectures: [toyConv],
  variants: ['plain', 'residual'],
  norms: ['none'],
  inits: ['glorot'],
  depths: [2],
  registry,
  ...extra,
});
const versionOf = (options: PlanOptions) => planBenchmark(options).benchmark.version;

describe('benchmark versions follow the code', () => {
  it("change with the release of an architecture's package", () => {
    expect(versionOf(request(registryWith('0.1.0')))).not.toBe(versionOf(request(registryWith('0.1.1'))));
    expect(planBenchmark(request(registryWith('0.1.1'))).sources.architectures['toy.conv']).toMatchObject({ package: 'skipbench-plugin-dense', version: '0.1.1' });
  });

  it('stay with an architecture that declares its own version, and with a package the plan does not use', () => {
    const own = { ...toyConv, version: '3' };
    const withOwn = (release: string) => ({ ...request(createRegistry([standardProbes, { plugin: { apiVersion: 2, architectures: [own] }, name: 'skipbench-plugin-dense', version: release }])), architectures: [own] });
    expect(versionOf(withOwn('0.1.0'))).toBe(versionOf(withOwn('0.1.1')));
    expect(versionOf(request(registryWith('0.1.0', '2.0.0')))).toBe(versionOf(request(registryWith('0.1.0', '2.0.1'))));
  });

  it('record each architecture with its declared variants, and each probe, with package and version', () => {
    const { sources } = planBenchmark(request(registryWith('0.1.0')));
    expect(sources).toEqual({
      architectures: { 'toy.conv': { package: 'skipbench-plugin-dense', version: '0.1.0', variants: { plain: { skips: ['none'] }, residual: { skips: ['additive'] } } } },
      probes: { 'gradient-profile': { package: '@skipbench/probes', version: '1' } },
    });
  });
});

describe('results of two versions', () => {
  const shard = (release: string, index: number) => runBenchmark({ ...request(registryWith(release)), shard: { index, count: 2 }, backend: 'cpu' });

  it('do not merge: the refusal names the package and both versions', async () => {
    const [first, second] = [await shard('0.1.0', 1), await shard('0.1.1', 2)];
    expect(() => mergeResults([{ source: 'a.json', document: first }, { source: 'b.json', document: second }])).toThrowError(
      'b.json: its architecture toy.conv is skipbench-plugin-dense 0.1.1, 0.1.0 in a.json; only results made by the same versions merge.',
    );
  });

  it('compare, naming an architecture or probe only one of them ran', () => {
    const before = document([{ id: 'a', probe: 'noise', metrics: {} }]);
    const after = document([{ id: 'a', probe: 'noise', metrics: {} }, { id: 'b', probe: 'noise', arch: 'x.y', metrics: {} }]);
    expect(compareResults(before, after).changed).toEqual(['architecture x.y: only after (test 1)']);
    expect(compareResults(after, before).changed).toEqual(['architecture x.y: only before (test 1)']);
  });

  it('compare, saying first what changed', async () => {
    const before = await runBenchmark({ ...request(registryWith('0.1.0')), backend: 'cpu' });
    const after = await runBenchmark({ ...request(registryWith('0.1.1')), depths: [3], backend: 'cpu' });
    expect(compareResults(before, after).changed).toEqual(['architecture toy.conv: skipbench-plugin-dense 0.1.0 → 0.1.1', 'setting depths: [2] → [3]']);
  });
});
