import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Probe, type ProbeContext, tf } from '@skipbench/core';
import { buildToyConv, buildToyGraph, buildToyTokens, linearRecurrence, projectorCorrector } from '@skipbench/core/toys';
import { standardProbes } from './index.js';

const context: ProbeContext = {
  tf,
  seed: 5,
  settings: { batch: 4, trainSteps: 3, learningRate: 1e-3, timing: { iterations: 2, warmupIterations: 1 }, repeat: 2 },
  rebuild: (overrides) => buildToyConv({ depth: 3, ...overrides }),
};

/** A toy model that meets the probe's requirements: its task, a sequence input, token streams, a graph, or images. */
const modelFor = ({ requires, task }: Probe) =>
  task === 'error-correction'
    ? projectorCorrector()
    : requires.includes('sequence')
      ? linearRecurrence(3, 0.5)
    : requires.includes('tokens')
      ? buildToyTokens({ depth: 3 })
      : requires.includes('graph')
        ? buildToyGraph({ depth: 3 })
        : buildToyConv({ depth: 3 });

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('probes free every tensor they create', () => {
  it.each(standardProbes.map((p) => [p.id, p] as const))('%s', async (_id, probe) => {
    const model = modelFor(probe);
    const before = tf.memory().numTensors;
    const measurement = await probe.run(model, context);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(measurement.metrics).length + Object.keys(measurement.series).length).toBeGreaterThan(0);
    model.dispose();
  });
});
