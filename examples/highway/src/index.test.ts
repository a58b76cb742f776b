import { checkPlugin, formatFailure } from '@skipbench/core/testing';
import { createParamFactory, measureGradientProfile, selectBackend, tf } from '@skipbench/core';
import { describe, expect, it } from 'vitest';
import plugin, { GATE_BIAS, highwayDense } from './index.js';

describe('highway.dense', () => {
  it('keeps every promise of the plugin contract (conformance kit)', async () => {
    const failures = await checkPlugin(plugin, { depths: [1, 4], config: { width: 6, inputSize: 5 } });
    expect(failures.map(formatFailure)).toEqual([]);
  });

  it('carries 1 − sigmoid(−2) of its input through a block whose gate sees only its bias', async () => {
    await selectBackend('wasm');
    const config = { ...highwayDense.defaults, depth: 1, width: 6, inputSize: 5, branchScale: 0, seed: 3 };
    const model = highwayDense.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
    // Block params: transform weight, transform bias, gate weight, gate bias. A zero gate weight leaves T = sigmoid(−2),
    // and branch scale 0 removes T·F, so stream[1] = (1 − sigmoid(−2))·stream[0] = 0.8808·stream[0].
    const gateWeight = model.blockParams(0)[2]!;
    tf.tidy(() => gateWeight.assign(tf.zerosLike(gateWeight)));
    const { x, y } = model.task.sample(4, 1);
    const [before, after] = tf.tidy(() => model.forward(x).stream.map((s) => Array.from(s.dataSync())));
    const carry = 1 - 1 / (1 + Math.exp(-GATE_BIAS));
    for (const [i, v] of after!.entries()) expect(v).toBeCloseTo(carry * before![i]!, 6);
    expect(carry).toBeCloseTo(0.8808, 4);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('keeps the gradient of a deep stack alive where the plain stack loses it', async () => {
    await selectBackend('wasm');
    const ratio = async (variant: string) => {
      const config = { ...highwayDense.defaults, variant, depth: 30, width: 16, inputSize: 16, seed: 4 };
      const model = highwayDense.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
      const { x, y } = model.task.sample(16, 2);
      const profile = await measureGradientProfile(tf, model, x, y);
      tf.dispose([x, y]);
      model.dispose();
      return profile.streamLog10[0]! - profile.streamLog10[30]!;
    };
    expect(Math.abs(await ratio('highway'))).toBeLessThan(2);
    expect(await ratio('plain')).toBeLessThan(-2);
  });
});
