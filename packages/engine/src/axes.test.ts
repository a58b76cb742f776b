import { toyConv } from '@skipbench/core/toys';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AXES, configShapeOf, regimeLabel, replicateId, sharedReplicateId, type AxisField, type AxisSpec, type AxisTable } from './axes.js';
import { planBenchmark, type PlanOptions } from './benchmarks/plan.js';
import { failedCase } from './benchmarks/run-case.js';

/** An axis no architecture reads, declared only here: everything derived from the table must carry it. */
const dropout: AxisSpec = {
  summary: 'dropout rate of every branch',
  request: 'dropouts',
  takes: 'list',
  schema: z.number().min(0).max(1),
  default: 'none',
  field: 'dropout' as AxisField,
  optional: true,
  hashed: true,
  regime: true,
  label: (value) => `dropout ${value}`,
};
const withDropout: AxisTable = { ...AXES, dropout };
const request = { benchmark: 'gradient', architectures: [toyConv], variants: ['residual'], norms: ['none'], inits: ['he'], depths: [2] } satisfies PlanOptions;

describe('a config axis declared once in the table', () => {
  const plan = planBenchmark({ ...request, dropouts: [0.1, 0.5] } as PlanOptions, withDropout);

  it('is swept, and named in every case id after the axes the engine sweeps itself', () => {
    expect(plan.cases.map((c) => c.id)).toEqual([
      'gradient/toy.conv/residual/none/he/d2/b8/dropout=0.1/gradient-profile/seed=1234',
      'gradient/toy.conv/residual/none/he/d2/b8/dropout=0.5/gradient-profile/seed=1234',
    ]);
    expect(plan.cases.map((c) => (c.config as unknown as Record<string, unknown>)['dropout'])).toEqual([0.1, 0.5]);
  });

  it('is hashed into the version under the option that requests it, and a plan without it keeps its version', () => {
    expect(plan.settings['dropouts']).toEqual([0.1, 0.5]);
    expect(plan.benchmark.version).not.toBe(planBenchmark(request, withDropout).benchmark.version);
    expect(planBenchmark(request, withDropout).benchmark.version).toBe(planBenchmark(request).benchmark.version);
    expect(planBenchmark(request, withDropout).cases.map((c) => c.id)).toEqual(planBenchmark(request).cases.map((c) => c.id));
  });

  it('labels the regime', () => {
    const recorded = failedCase(plan.cases[1]!, 'x', 0).config;
    expect(regimeLabel(recorded, [], withDropout)).toBe('no norm, he init, dropout 0.5');
    expect(regimeLabel(recorded)).toBe('no norm, he init');
  });

  it("is recorded in results and read by the table's schema, which the engine's own refuses", () => {
    const recorded = failedCase(plan.cases[0]!, 'x', 0).config;
    expect(z.object(configShapeOf(withDropout)).omit({ variant: true, depth: true }).strict().parse(recorded)).toMatchObject({ dropout: 0.1 });
    expect(z.object(configShapeOf(AXES)).omit({ variant: true, depth: true }).strict().safeParse(recorded).success).toBe(false);
  });
});

describe('replicate ids', () => {
  it("appends the seed to the id a case's replicates share, and takes it off again", () => {
    const [first] = planBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2], variants: ['residual'], norms: ['none'], inits: ['glorot'], seeds: [7] }).cases;
    expect(first!.id).toBe(replicateId('gradient/toy.conv/residual/none/glorot/d2/b8/gradient-profile', 7));
    expect(sharedReplicateId(first!.id)).toBe('gradient/toy.conv/residual/none/glorot/d2/b8/gradient-profile');
    // Only the last part: a seed-like segment elsewhere in an id stays.
    expect(sharedReplicateId('x/seed=1/y/seed=12')).toBe('x/seed=1/y');
  });
});
