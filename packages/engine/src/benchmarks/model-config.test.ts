import { describe, expect, it } from 'vitest';
import type { Architecture, ModelConfig } from '@skipbench/core';
import { AXES, recordedInConfig } from '../axes.js';
import { caseConfigSchema, caseResultSchema } from '../results/schema.js';
import { toyConv } from '@skipbench/core/toys';
import { planBenchmark, type PlanOptions } from './plan.js';
import { failedCase } from './run-case.js';

// toy.conv with a second task and an option, so every ModelConfig field can be requested.
const architecture: Architecture = { ...toyConv, tasks: { other: 'another task' }, options: { gain: { summary: 'a weight', default: 0 } } };
const base = { benchmark: 'gradient', architectures: [architecture] };

/** A request of each axis other than its default: the table must name every axis. */
const requests: Record<keyof typeof AXES, Partial<PlanOptions>> = {
  variant: { variants: ['residual'] },
  depth: { depths: [3] },
  batch: { batches: [2, 4] },
  width: { width: 8 },
  inputSize: { inputSize: 4 },
  norm: { norms: ['none'] },
  init: { inits: ['he'] },
  branchScale: { branchScale: 0.5 },
  seed: { seeds: [2] },
  task: { task: 'other' },
  options: { options: { gain: [0.5, 1] } },
  trainSteps: { trainSteps: 3 },
};

describe('config axes through plan and results', () => {
  it('hashes every hashed axis into the benchmark version under the plan option that requests it, and not the seed', () => {
    expect(Object.keys(requests)).toEqual(Object.keys(AXES));
    const unset = planBenchmark(base);
    for (const [key, request] of Object.entries(requests)) {
      const plan = planBenchmark({ ...base, ...request });
      const axis = AXES[key as keyof typeof AXES];
      const hashedAs = axis.field === 'probeSettings' ? (plan.settings['probeSettings'] as Record<string, unknown>)[axis.request] : plan.settings[axis.request];
      if (axis.hashed) {
        expect(hashedAs, key).toEqual(request[axis.request as keyof PlanOptions]);
        expect(plan.benchmark.version, key).not.toBe(unset.benchmark.version);
      } else {
        expect(hashedAs, key).toBeUndefined();
        expect(plan.benchmark.version, key).toBe(unset.benchmark.version);
      }
    }
    expect(Object.values(AXES).filter((axis) => !axis.hashed).map((axis) => axis.field)).toEqual(['seed']);
  });

  // Pinned: a change here is a new version of every result.
  it('keeps the versions of existing plans, hashing the settings a request sets and nothing it leaves unset', () => {
    expect(planBenchmark({ benchmark: 'gradient', architectures: [toyConv] }).benchmark.version).toBe('161e148e9cd9');
    expect(planBenchmark({ benchmark: 'throughput', architectures: [toyConv], branchScale: 0.5, seeds: [7], batches: [4] }).benchmark.version).toBe('0327696adaeb');
    expect(Object.keys(planBenchmark(base).settings)).toEqual(['schemaVersion', 'apiVersion', 'benchmarks', 'preset', 'branchScale', 'probeSettings']);
  });

  it("records every field of a case's config in its result, in the schema's order, and leaves unset ones out", () => {
    const [planned] = planBenchmark({ ...base, task: 'other', options: { gain: [0.5] } }).cases;
    const result = caseResultSchema.parse(failedCase(planned!, 'x', 0));
    for (const key of Object.values(AXES).filter(recordedInConfig).map((axis) => axis.field as keyof ModelConfig)) {
      expect(key === 'variant' || key === 'depth' ? result[key] : result.config[key], key).toEqual(planned!.config[key]);
    }
    expect(Object.keys(failedCase(planned!, 'x', 0).config)).toEqual(Object.keys(caseConfigSchema.shape));
    expect(failedCase(planned!, 'x', 0).config.options).not.toBe(planned!.config.options);

    const [plain] = planBenchmark(base).cases;
    expect(Object.keys(failedCase(plain!, 'x', 0).config)).toEqual(['width', 'inputSize', 'norm', 'init', 'branchScale', 'seed']);
  });
});
