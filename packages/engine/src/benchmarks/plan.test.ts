import { describe, expect, it } from 'vitest';
import { toyConv, toyTokens } from '@skipbench/core/toys';
import { planBenchmark } from './plan.js';

const base = { benchmark: 'gradient', architectures: [toyConv] };

describe('planBenchmark', () => {
  it('sweeps every normalisation and initialiser for the gradient benchmark', () => {
    const plan = planBenchmark({ ...base, depths: [2, 4] });
    // 2 variants × 2 norms × 2 inits × 2 depths × 1 probe
    expect(plan.cases).toHaveLength(16);
    expect(new Set(plan.cases.map((c) => `${c.config.norm}/${c.config.init}`))).toEqual(new Set(['none/glorot', 'none/he', 'batch/glorot', 'batch/he']));
  });

  it('uses the architecture defaults for the depth benchmark and the preset batches for throughput', () => {
    expect(planBenchmark({ ...base, benchmark: 'depth' }).cases.every((c) => c.config.norm === 'batch')).toBe(true);
    const throughput = planBenchmark({ ...base, benchmark: 'throughput', preset: 'quick' });
    expect(throughput.cases.map((c) => c.batch)).toEqual([8, 32, 8, 32]);
  });

  it('changes the benchmark version with anything that changes the numbers, and only then', () => {
    const version = (extra: object) => planBenchmark({ ...base, ...extra }).benchmark.version;
    expect(version({})).toBe(version({}));
    // Seeds are replicates: the same version, so their results pool.
    expect(version({ seeds: [2] })).toBe(version({}));
    expect(version({ depths: [3] })).not.toBe(version({}));
    expect(version({ preset: 'standard' })).not.toBe(version({}));
  });

  it('gives each benchmark inside an `all` run the version of that benchmark run alone', () => {
    const all = planBenchmark({ ...base, benchmark: 'all', depths: [2] });
    for (const id of ['depth', 'gradient', 'throughput']) {
      expect(all.benchmark.components[id]).toBe(planBenchmark({ ...base, benchmark: id, depths: [2] }).benchmark.version);
    }
    // toy.tokens alone has representation cases: that component hashes its code, the gradient one both's.
    const both = { architectures: [toyConv, toyTokens], depths: [2] };
    const mixed = planBenchmark({ ...both, benchmark: 'all' });
    for (const id of ['representation', 'gradient']) expect(mixed.benchmark.components[id]).toBe(planBenchmark({ ...both, benchmark: id }).benchmark.version);
    expect(Object.keys(planBenchmark({ ...both, benchmark: 'representation' }).sources.architectures)).toEqual(['toy.tokens']);
  });

  it.each([
    [{ benchmark: 'speed' }, "Unknown benchmark 'speed'. Valid choices: depth, gradient, throughput, claims, representation, tradeoff, all."],
    [{ preset: 'huge' }, "Unknown preset 'huge'. Valid choices: quick, standard, full."],
    [{ variants: ['wide'] }, "Unknown variant 'wide'. Valid choices: plain, residual."],
    [{ norms: ['group'] }, "Unknown normalisation 'group'. Valid choices: none, batch."],
    [{ inits: ['zeros'] }, "Unknown initialiser 'zeros'. Valid choices: glorot, he."],
    [{ depths: [0] }, 'Expected depths to be positive integers, but got 0.'],
    [{ batches: [2.5] }, 'Expected batches to be positive integers, but got 2.5.'],
    [{ seeds: [1.5] }, 'Expected each seed to be an integer in [0, 4294967296), but got 1.5.'],
  ])('rejects %j with one clear line', (options, message) => {
    expect(() => planBenchmark({ ...base, ...options })).toThrowError(message);
  });
});

describe('--probe', () => {
  it('plans the layout probes only for architectures that declare the layout, and none a declared-absent capability blocks', () => {
    const probes = (architecture: typeof toyConv) => [...new Set(planBenchmark({ benchmark: 'representation', architectures: [architecture] }).cases.map((c) => c.probe))];
    expect(() => probes(toyConv)).toThrow('No case to run: the probes of representation need tokens or graph or sequence, and no selected architecture (toy.conv) declares it');
    expect(probes(toyTokens)).toEqual(['rank-collapse', 'spectrum', 'spectrum-trained']);
    expect(probes({ ...toyTokens, capabilities: { tokens: true, sequence: true } })).toEqual(['rank-collapse', 'spectrum', 'token-reach', 'spectrum-trained']);
    expect(probes({ ...toyTokens, capabilities: { tokens: true, blocks: false } })).toEqual(['rank-collapse']);
  });

  it('keeps only the named probes of the chosen benchmarks, runs another over the one benchmark named, and names the valid ones otherwise', () => {
    const plan = planBenchmark({ ...base, benchmark: 'claims', depths: [2], probeIds: ['lipschitz', 'bound'] });
    expect([...new Set(plan.cases.map((c) => c.probe))]).toEqual(['lipschitz', 'bound']);
    // lesion is a claims probe: named with gradient, it runs over gradient's sweep (2 variants × 2 norms × 2 inits × 1 depth).
    const borrowed = planBenchmark({ ...base, benchmark: 'gradient', depths: [2], probeIds: ['lesion'] });
    expect(borrowed.cases.map((c) => c.id)).toHaveLength(8);
    expect(new Set(borrowed.cases.map((c) => `${c.benchmark}/${c.probe}`))).toEqual(new Set(['gradient/lesion']));
    expect(borrowed.benchmark.version).not.toBe(planBenchmark({ ...base, benchmark: 'gradient', depths: [2] }).benchmark.version);
    expect(() => planBenchmark({ ...base, benchmark: 'gradient', probeIds: ['nosuch'] })).toThrowError(/^Unknown probe 'nosuch'\. Valid choices: activation-profile, gradient-profile, trainability, /);
  });
});

describe('the tradeoff benchmark', () => {
  it("sweeps the preset's branch scales at one depth, each scale in the config and in the case id", () => {
    const plan = planBenchmark({ ...base, benchmark: 'tradeoff', preset: 'standard', variants: ['residual'], seeds: [1234] });
    // standard: branch scales 0.05 and 1 at throughputDepth 8, one probe.
    expect(plan.cases.map((c) => [c.id, c.config.branchScale, c.config.depth])).toEqual([
      ['tradeoff/toy.conv/residual/batch/glorot/d8/b8/s0.05/robustness/seed=1234', 0.05, 8],
      ['tradeoff/toy.conv/residual/batch/glorot/d8/b8/s1/robustness/seed=1234', 1, 8],
    ]);
  });

  it('plans no tradeoff case in the quick preset unless a branch scale is given', () => {
    expect(() => planBenchmark({ ...base, benchmark: 'tradeoff' })).toThrow(
      'The quick preset sweeps no branch scales, so tradeoff has no case: use preset standard, or branchScale X for one scale.',
    );
    expect(planBenchmark({ ...base, benchmark: 'all' }).cases.some((c) => c.benchmark === 'tradeoff')).toBe(false);
  });

  it('runs one given branch scale instead of the sweep, and hashes the scales it sweeps', () => {
    const given = planBenchmark({ ...base, benchmark: 'tradeoff', preset: 'standard', branchScale: 1, seeds: [1234] });
    expect(given.cases.map((c) => c.config.branchScale)).toEqual([1, 1]);
    expect(given.benchmark.version).not.toBe(planBenchmark({ ...base, benchmark: 'tradeoff', preset: 'standard' }).benchmark.version);
    expect(given.settings.benchmarks).toMatchObject({ tradeoff: { sweep: 'branchScales', values: [1] } });
  });

  it('keeps the case ids of an `all` run unique', () => {
    const ids = planBenchmark({ ...base, benchmark: 'all', preset: 'standard' }).plannedIds;
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('probes that read one task', () => {
  it('plans error-correction only for architectures whose cases run the error-correction task', () => {
    const probes = (architecture: typeof toyConv) => new Set(planBenchmark({ benchmark: 'claims', architectures: [architecture], depths: [2] }).cases.map((c) => c.probe));
    expect(probes(toyConv).has('error-correction')).toBe(false);
    expect(probes({ ...toyConv, task: { id: 'error-correction', summary: 'clean + orthogonal error' } }).has('error-correction')).toBe(true);
    expect(() => planBenchmark({ benchmark: 'claims', architectures: [toyConv], probeIds: ['error-correction'] })).toThrow(
      "No case to run: the probes of claims read the task 'error-correction', which no selected architecture (toy.conv) runs.",
    );
  });
});
