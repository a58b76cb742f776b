import { checkPlugin, formatFailure } from '@skipbench/kit';
import { createParamFactory, skip, stackModel, tf, type Model, type Task, type Tensor } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { describe, expect, it } from 'vitest';
import plugin, { updateRatio } from './index.js';

/** h_{l+1} = merge(h_l, g_l · h_l): every block's update is g_l · h_l, so ‖F(h)‖ / ‖h‖ = |g_l|. */
function scalingChain(gains: number[], residual: boolean): Model {
  const params = createParamFactory(tf, 'glorot', 1);
  const blocks = gains.map((gain) => {
    const g = params.constant([], gain);
    return { branch: (h: Tensor) => tf.mul(h, g), merge: residual ? skip.add : skip.none, params: [g] };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  const task: Task = {
    id: 'sum',
    summary: 'L = Σ out',
    sample: (batch, seed) => ({ x: tf.randomNormal([batch, 3], 0, 1, 'float32', seed), y: tf.zeros([batch, 3]) }),
    loss: (out) => tf.sum(out),
  };
  const config = { variant: residual ? 'residual' : 'plain', depth: gains.length, width: 3, inputSize: 3, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task, stageShape: (batch) => [batch, 3] });
}

const settings = { batch: 4, trainSteps: 1, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };

describe('update-ratio', () => {
  it('keeps every promise of the plugin contract on core\'s test architectures (conformance kit)', async () => {
    const failures = await checkPlugin(plugin, { depths: [2] });
    expect(failures.map(formatFailure)).toEqual([]);
  });

  it.each([
    ['residual', true],
    ['plain', false],
  ])('is |g_l| for blocks that scale by g_l (%s): the update is g_l · h_l whatever the merge', async (_name, residual) => {
    await selectBackend('wasm');
    const model = scalingChain([0.5, -2, 0.125], residual);
    const measurement = await updateRatio.run(model, { tf, seed: 3, settings, rebuild: () => model });
    const ratios = measurement.series['update-ratio']!;
    for (const [l, expected] of [0.5, 2, 0.125].entries()) expect(ratios[l]).toBeCloseTo(expected, 6);
    expect(measurement.metrics['max-update-ratio']).toBeCloseTo(2, 6);
    expect(measurement.metrics['mean-update-ratio']).toBeCloseTo((0.5 + 2 + 0.125) / 3, 6);
    model.dispose();
  });

  it('records null, with a note, where the stream is exactly zero', async () => {
    await selectBackend('wasm');
    // Plain, gain 0 at block 0: h_1 = 0, so block 1's ratio divides by zero.
    const model = scalingChain([0, 3], false);
    const measurement = await updateRatio.run(model, { tf, seed: 3, settings, rebuild: () => model });
    expect(measurement.series['update-ratio']).toEqual([0, null]);
    expect(measurement.notes).toEqual(['update-ratio is null where the stream h_l is exactly zero']);
    model.dispose();
  });
});
