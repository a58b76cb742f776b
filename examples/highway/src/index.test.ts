import { checkPlugin, formatFailure } from '@skipbench/kit';
import { createParamFactory, tf } from '@skipbench/core';
import { measureGradientProfile } from '@skipbench/probes';
import { selectBackend } from '@skipbench/backends';
import { describe, expect, it } from 'vitest';
import plugin, { GATE_BIAS, gateOpenness, highwayDense } from './index.js';

describe('highway.dense', () => {
  it('keeps every promise of the plugin contract (conformance kit)', async () => {
    const failures = await checkPlugin(plugin, { depths: [1, 4], config: { width: 6, inputSize: 5 } });
    expect(failures.map(formatFailure)).toEqual([]);
  });

  // One block of width 2 on h = [1, −1], its transform set to W = 2I, b = 0, so F(h) = relu(2h) = [2, 0], and
  // the gate bias left at the plugin's initial −2. Highway: y = T·F + (1 − T)·h, T = sigmoid(h W_T + b_T).
  //   W_T = 0:                T = [σ(−2), σ(−2)] = [0.1192029, 0.1192029], y = [2T + (1 − T), −(1 − T)] = [1.1192029, −0.8807971]
  //   W_T = [[2, 0], [1, 0]]: h W_T = [1, 0], T = [σ(−1), σ(−2)] = [0.2689414, 0.1192029], y = [1.2689414, −0.8807971]
  //   plain:                  y = F(h) = [2, 0] (no carry)
  it.each([
    ['highway, gate weight 0 (the bias alone)', 'highway', [0, 0, 0, 0], [1.1192029, -0.8807971]],
    ['highway, gate weight [[2, 0], [1, 0]] (h W_T, not W_T h)', 'highway', [2, 0, 1, 0], [1.2689414, -0.8807971]],
    ['plain', 'plain', undefined, [2, 0]],
  ] as const)('one block computes T·F + (1 − T)·h by hand: %s', async (_name, variant, gateWeight, expected) => {
    await selectBackend('wasm');
    const config = { ...highwayDense.defaults, variant, depth: 1, width: 2, inputSize: 2, seed: 3 };
    const model = highwayDense.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
    // Block params: transform weight, transform bias, then (highway) gate weight, gate bias.
    const [weight, bias, gate] = model.blockParams(0);
    tf.tidy(() => {
      weight!.assign(tf.tensor2d([2, 0, 0, 2], [2, 2]));
      bias!.assign(tf.zeros([2]));
      if (gateWeight !== undefined) gate!.assign(tf.tensor2d([...gateWeight], [2, 2]));
    });
    const y = tf.tidy(() => Array.from(model.block(0)(tf.tensor2d([1, -1], [1, 2])).dataSync()));
    expect(y).toHaveLength(2);
    for (const [i, v] of y.entries()) expect(v).toBeCloseTo(expected[i]!, 6);
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

  // With every gate weight 0, T(h) = sigmoid(b_T) whatever h is: sigmoid(−2) = 0.1192029 at the initial bias, sigmoid(0) = 0.5 at bias 0.
  it.each([
    ['the initial bias −2', GATE_BIAS, 0.1192029],
    ['bias 0', 0, 0.5],
  ])('gate-openness reads the gate of every block: weights 0, %s', async (_name, gateBias, expected) => {
    await selectBackend('wasm');
    const config = { ...highwayDense.defaults, depth: 3, width: 4, inputSize: 5, seed: 3 };
    const model = highwayDense.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
    for (let l = 0; l < model.depth; l++) {
      const [, , gateWeight, bias] = model.blockParams(l);
      tf.tidy(() => {
        gateWeight!.assign(tf.zerosLike(gateWeight!));
        bias!.assign(tf.fill(bias!.shape, gateBias));
      });
    }
    const settings = { batch: 4, trainSteps: 1, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
    const measurement = await gateOpenness.run(model, { tf, seed: 5, settings, rebuild: () => model });
    expect(measurement.series['openness']).toHaveLength(3);
    for (const value of measurement.series['openness']!) expect(value).toBeCloseTo(expected, 6);
    expect(measurement.metrics['mean-openness']).toBeCloseTo(expected, 6);
    model.dispose();
  });

  it('gate-openness does not apply to the plain ablation, which has no gate, and says so', async () => {
    await selectBackend('wasm');
    const config = { ...highwayDense.defaults, variant: 'plain', depth: 2, seed: 3 };
    const model = highwayDense.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
    expect(gateOpenness.appliesTo?.(model)).toBe('its blocks name no gate part (no transform gate to read)');
    model.dispose();
  });
});
