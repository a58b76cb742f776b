import { describe, expect, it } from 'vitest';
import { type Plugin, defineProbe, MeasurementBuilder, validatePlugin } from '@skipbench/core';
import standardProbes, { BENCHMARK_IDS } from '@skipbench/probes';
import { planBenchmark } from './benchmarks/plan.js';
import { runBenchmark } from './benchmarks/runner.js';
import { createRegistry } from './registry.js';
import { toyConv, toyTokens } from '@skipbench/core/toys';

/** A probe whose numbers anyone can derive: the model's depth and its number of stages. */
const blockCount = defineProbe({
  id: 'block-count',
  summary: 'blocks and stream stages of the model',
  requires: [],
  async run(model) {
    return new MeasurementBuilder().metric('blocks', model.depth, 'blocks').metric('stages', model.streamShapes(1).length, 'stages').build();
  },
});

/** Applies only to token models, beyond any capability: a probe's own `appliesTo`. */
const tokensOnly = defineProbe({
  id: 'tokens-only',
  summary: 'counts tokens',
  requires: [],
  appliesTo: (model) => (model.capabilities.tokens ? undefined : 'the stream has no tokens'),
  async run(model) {
    return new MeasurementBuilder().metric('tokens', model.streamShapes(1)[0]![1]!, 'tokens').build();
  },
});

const probeOnly = (version = '1.0.0'): Plugin => ({
  apiVersion: 1,
  probes: [blockCount, tokensOnly],
  benchmarks: [{ id: 'counting', summary: 'counts blocks', probes: ['block-count', 'tokens-only'], sweep: 'depths', sweepRegimes: [] }],
  version,
});

describe('createRegistry', () => {
  it("holds the standard probes and benchmarks, then each plugin's, with the package each came from", () => {
    const registry = createRegistry([standardProbes, { plugin: probeOnly(), name: 'skipbench-plugin-counting', version: '2.1.0' }]);
    expect([...registry.benchmarks.keys()]).toEqual([...BENCHMARK_IDS, 'counting']);
    expect(registry.probes.get('gradient-profile')?.source).toBe('@skipbench/probes');
    expect(registry.probes.get('block-count')).toMatchObject({ source: 'skipbench-plugin-counting', version: '2.1.0' });
    expect(registry.problems).toEqual([]);
  });

  it('keeps the first owner of an id and names what it left out', () => {
    const squatter: Plugin = {
      name: 'squatter',
      apiVersion: 1,
      probes: [{ ...blockCount, id: 'gradient-profile' }],
      benchmarks: [{ id: 'ghost', summary: 'g', probes: ['no-such-probe'], sweep: 'depths', sweepRegimes: [] }],
    };
    expect(createRegistry([standardProbes, squatter]).problems).toEqual([
      "squatter: its probe 'gradient-profile' is left out, @skipbench/probes already has one with that id",
      "squatter: its benchmark 'ghost' is left out, no package has the probe 'no-such-probe'",
    ]);
  });
});

describe('plugin probes and benchmarks in a plan', () => {
  const registry = createRegistry([standardProbes, probeOnly()]);

  it("plans a plugin's benchmark, and `all` includes it", () => {
    const plan = planBenchmark({ benchmark: 'counting', architectures: [toyConv], depths: [2, 5], registry });
    // 2 variants × 2 depths × 2 probes
    expect(plan.cases.map((c) => `${c.benchmark} ${c.config.variant} d${c.config.depth} ${c.probe}`)).toEqual(
      ['plain', 'residual'].flatMap((variant) => [2, 5].flatMap((depth) => ['block-count', 'tokens-only'].map((probe) => `counting ${variant} d${depth} ${probe}`))),
    );
    const all = planBenchmark({ benchmark: 'all', architectures: [toyConv], depths: [2], registry, probeIds: ['block-count'] });
    expect(new Set(all.cases.map((c) => c.benchmark))).toEqual(new Set(['counting']));
    expect(Object.keys(all.benchmark.components)).toEqual([...BENCHMARK_IDS, 'counting']);
  });

  it("hashes a plugin probe's package and version into the benchmark version, and leaves the standard plans as they were", () => {
    const version = (plugins: Plugin[], benchmark = 'counting') => planBenchmark({ benchmark, architectures: [toyConv], depths: [2], registry: createRegistry([standardProbes, ...plugins]) }).benchmark.version;
    expect(version([probeOnly('1.0.0')])).not.toBe(version([probeOnly('1.0.1')]));
    // A probe that declares its own version: a package release that leaves it alone keeps the benchmark version.
    const versioned = (packageVersion: string, probeVersion: string): Plugin => ({ ...probeOnly(packageVersion), probes: [{ ...blockCount, version: probeVersion }, tokensOnly] });
    const counted = (plugin: Plugin) => planBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2], registry: createRegistry([standardProbes, plugin]), probeIds: ['block-count'] });
    expect(counted(versioned('1.0.0', '3')).benchmark.version).toBe(counted(versioned('1.0.1', '3')).benchmark.version);
    expect(counted(versioned('1.0.0', '3')).benchmark.version).not.toBe(counted(versioned('1.0.0', '4')).benchmark.version);
    expect(counted(versioned('1.0.0', '3')).sources.probes['block-count']).toEqual({ package: '(unnamed plugin)', version: '3' });
    expect(planBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2], registry, probeIds: ['block-count'] }).sources.probes['block-count']).toEqual({
      package: '(unnamed plugin)',
      version: '1.0.0',
    });
    expect(version([probeOnly()], 'gradient')).toBe(version([], 'gradient'));
  });

  it('refuses a probe in no benchmark under `all`, naming how to run it', () => {
    const loose = createRegistry([{ apiVersion: 1, probes: [blockCount] }]);
    expect(() => planBenchmark({ benchmark: 'all', architectures: [toyConv], registry: loose, probeIds: ['block-count'] })).toThrowError(
      "Probe 'block-count' is in no benchmark; name the benchmark whose sweep it should run over, e.g. benchmark depth probeIds block-count.",
    );
  });

  it('runs plugin probes in-process: derived numbers, and not-applicable with the reason appliesTo gives', async () => {
    const document = await runBenchmark({ benchmark: 'counting', architectures: [toyConv, toyTokens], variants: ['residual'], depths: [3], registry, backend: 'cpu' });
    const byCase = Object.fromEntries(document.cases.map((c) => [`${c.arch}/${c.probe}`, [c.status, c.metrics, c.notes]]));
    expect(byCase).toEqual({
      'toy.conv/block-count': ['ok', { blocks: 3, stages: 4 }, []],
      'toy.conv/tokens-only': ['not-applicable', {}, ['the stream has no tokens']],
      'toy.tokens/block-count': ['ok', { blocks: 3, stages: 4 }, []],
      // toy.tokens has inputSize 8 tokens by default; the quick preset's input scale is 1.
      'toy.tokens/tokens-only': ['ok', { tokens: 8 }, []],
    });
  });
});

describe('validatePlugin: probes and benchmarks', () => {
  it('accepts a probe-only plugin with no name or version (discovery reads them from package.json)', () => {
    expect(validatePlugin(probeOnly())).toEqual([]);
  });

  it('names every malformed probe and benchmark field', () => {
    const plugin = {
      apiVersion: 1,
      probes: [{ id: 'Bad Id', summary: '', requires: ['wings'], run: 1, task: 7, samples: 32 }],
      benchmarks: [{ id: 'all', summary: 's', probes: [], sweep: 'widths', sweepRegimes: ['seed'] }],
      architectures: {},
    };
    expect(validatePlugin(plugin)).toEqual([
      'architectures: expected an array',
      "probes[0].id: expected lower-case words joined by '-', but got \"Bad Id\"",
      'probes[0].summary: expected a non-empty string',
      'probes[0].requires: expected an array of capabilities (blocks, bypass, additive, sharedWeights, tokens, graph, sequence)',
      'probes[0].run: expected a function',
      'probes[0].samples: expected a function',
      'probes[0].task: expected a task id, but got 7',
      "benchmarks[0].id: expected lower-case words joined by '-' other than 'all', but got \"all\"",
      'benchmarks[0].probes: expected a non-empty array of probe ids',
      'benchmarks[0].sweep: expected one of depths, gradientDepths, batches, branchScales, but got "widths"',
      "benchmarks[0].sweepRegimes: expected an array of 'norm' and 'init'",
    ]);
  });
});
