import { describe, expect, it } from 'vitest';
import { defineProbe, MeasurementBuilder, type Plugin } from '@skipbench/core';
import standardProbes from '@skipbench/probes';
import { toyConv } from '@skipbench/core/toys';
import { createRegistry } from '../registry.js';
import { planBenchmark } from './plan.js';
import { runBenchmark } from './runner.js';
import { runCase, samplesFor } from './run-case.js';

/** Needs at least 32 samples (as a CKA probe would) and records the batch its run was given. */
const atLeast32 = defineProbe({
  id: 'at-least-32',
  summary: 'records the samples it runs on',
  requires: [],
  samples: (batch) => Math.max(batch, 32),
  async run(_model, { settings }) {
    return new MeasurementBuilder().metric('samples-seen', settings.batch, 'samples').build();
  },
});

const plugin: Plugin = {
  apiVersion: 1,
  probes: [atLeast32],
  benchmarks: [{ id: 'sampling', summary: 'samples', probes: ['at-least-32'], sweep: 'depths', sweepRegimes: [] }],
};
const registry = createRegistry([standardProbes, plugin]);
const request = { benchmark: 'sampling', architectures: [toyConv], variants: ['residual'], depths: [3], batches: [8, 64], registry };

describe('Probe.samples', () => {
  it('plans batch 8 as 32 samples for a probe that needs 32, and batch 64 as 64', () => {
    expect(planBenchmark(request).cases.map((c) => [c.batch, c.samples])).toEqual([
      [8, 32],
      [64, 64],
    ]);
    // Without samples, a probe runs on the batch.
    expect(new Set(planBenchmark({ ...request, benchmark: 'gradient' }).cases.map((c) => `${c.batch} → ${c.samples}`))).toEqual(new Set(['8 → 8', '64 → 64']));
  });

  it('records the batch asked for and the samples the probe ran on, and the run sees the samples', async () => {
    const document = await runBenchmark({ ...request, backend: 'cpu' });
    expect(document.cases.map((c) => [c.batch, c.samples, c.metrics['samples-seen']])).toEqual([
      [8, 32, 32],
      [64, 64, 64],
    ]);
  });

  it("estimates a case's memory at its samples: toy.conv's 4 stages of 6×6×4 at 32 samples, not 8", async () => {
    // Activations: 4 stages × 32 samples × 144 elements × 4 bytes × 4 copies = 294,912 B = 288.0 KiB (72.0 KiB at 8).
    const [planned] = planBenchmark(request).cases;
    const result = await runCase(planned!, atLeast32, { preset: { settings: { batch: 8, trainSteps: 0, learningRate: 0, timing: { warmupIterations: 0, iterations: 0 }, repeat: 1 } } }, { maxMemoryBytes: 200 * 1024 });
    expect(result.status).toBe('failed');
    expect(result.error).toContain('activations 288.0 KiB');
  });

  it('refuses a samples that is not a positive integer, naming the probe', () => {
    expect(() => samplesFor({ ...atLeast32, samples: (batch) => batch / 3 }, 8)).toThrowError("Expected the probe 'at-least-32' to ask for a positive integer of samples, but its samples(8) is 2.6666666666666665.");
  });
});
