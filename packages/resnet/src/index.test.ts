import { beforeAll, describe, expect, it } from 'vitest';
import { createParamFactory, tf, validatePlugin, type Model, type ModelConfig } from '@skipbench/core';
import { measureGradientProfile } from '@skipbench/probes';
import { selectBackend } from '@skipbench/backends';
import plugin, { resnetBasic } from './index.js';

function build(overrides: Partial<ModelConfig>): Model {
  const config: ModelConfig = { ...resnetBasic.defaults, width: 4, inputSize: 8, depth: 3, seed: 5, ...overrides };
  return resnetBasic.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('resnet.basic', () => {
  it('is a valid plugin with a plain ablation', () => {
    expect(validatePlugin(plugin)).toEqual([]);
    expect(Object.keys(resnetBasic.variants)).toEqual(['plain', 'postact', 'preact', 'ode', 'ode-plain']);
  });

  it.each([
    ['preact', 'identity'],
    ['postact', 'identity'],
    ['plain', 'zero'],
  ])('with branch scale 0, %s blocks are the %s map', (variant, expected) => {
    const model = build({ variant, branchScale: 0 });
    const { x, y } = model.task.sample(2, 1);
    tf.tidy(() => {
      const { stream } = model.forward(x);
      const first = stream[0]!.dataSync();
      for (const stage of stream.slice(1)) {
        const values = stage.dataSync();
        // postact: relu(h + 0) = h because the stem ends in a ReLU; plain: relu(0) = 0.
        expect(Array.from(values)).toEqual(expected === 'identity' ? Array.from(first) : new Array(values.length).fill(0));
      }
    });
    tf.dispose([x, y]);
    model.dispose();
  });

  it('draws the same data from the same seed and other data from another', () => {
    const task = build({}).task;
    const read = (seed: number) => tf.tidy(() => Array.from(task.sample(4, seed).x.dataSync()));
    expect(read(3)).toEqual(read(3));
    expect(read(3)).not.toEqual(read(4));
  });

  it.each([
    { variant: 'plain', norm: 'none', init: 'glorot' },
    { variant: 'preact', norm: 'batch', init: 'glorot' },
    { variant: 'postact', norm: 'batch', init: 'he' },
  ])('first/last gradient ratio of $variant ($norm, $init) equals a block-by-block backward pass', async (regime) => {
    const depth = 8;
    const model = build({ ...regime, depth, width: 8, inputSize: 8 });
    const { x, y } = model.task.sample(4, 2);
    const profile = await measureGradientProfile(tf, model, x, y);
    const independent = tf.tidy(() => {
      const { stream } = model.forward(x);
      // dL/dstream[L] with one perturbation at the last stage only, then back through block(l) one by one.
      const zeros = stream.map((s) => tf.zerosLike(s));
      const last = tf.grad((p: tf.Tensor) => model.task.loss(model.forward(x, { perturb: zeros.map((z, l) => (l === depth ? p : z)) }).out, y))(zeros[depth]!);
      const composed = (h: tf.Tensor) => Array.from({ length: depth }, (_, l) => model.block(l)).reduce((acc, block) => block(acc), h);
      const first = tf.grad((h: tf.Tensor) => tf.sum(tf.mul(composed(h), last)))(stream[0]!);
      return Math.log10(tf.norm(first).dataSync()[0]! / tf.norm(last).dataSync()[0]!);
    });
    expect(profile.streamLog10[0]! - profile.streamLog10[depth]!).toBeCloseTo(independent, 3);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('resnet.basic options', () => {
  it('spectral normalisation makes every conv a contraction: the branch K_F stays below 0.81', async () => {
    const { lipschitz } = await import('@skipbench/probes');
    const model = build({ variant: 'preact', norm: 'spectral', init: 'he', depth: 3, width: 6, inputSize: 8 });
    const measurement = await lipschitz.run(model, {
      tf,
      seed: 1,
      settings: { batch: 2, trainSteps: 0, learningRate: 0, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 },
      rebuild: () => model,
    });
    model.dispose();
    expect(measurement.metrics['max-branch-lipschitz']).toBeLessThan(0.81);
  });

  it('finds the largest singular value of a known matrix', async () => {
    const { largestSingularValue } = await import('./spectral.js');
    // [[3, 0], [4, 0]] has singular values 5 and 0.
    expect(largestSingularValue(Float32Array.from([3, 0, 4, 0]), 2, 2)).toBeCloseTo(5, 6);
  });

  it('ode variants share one block and are flagged for the Euler probe', () => {
    const model = build({ variant: 'ode', depth: 4 });
    expect(model.capabilities.sharedWeights).toBe(true);
    expect(model.blockParams(0)).toBe(model.blockParams(3));
    model.dispose();
    const preact = build({ variant: 'preact', depth: 4 });
    expect(preact.capabilities.sharedWeights).toBe(false);
    preact.dispose();
  });

  it('draws digits from disjoint train and held-out splits, deterministically', () => {
    const model = build({ task: 'digits', depth: 1 });
    const read = (seed: number, split: 'train' | 'held-out') => tf.tidy(() => Array.from(model.task.sample(3, seed, split).x.dataSync()));
    expect(read(1, 'train')).toEqual(read(1, 'train'));
    expect(read(1, 'train')).not.toEqual(read(1, 'held-out'));
    const { x, y } = model.task.sample(5, 2);
    expect(x.shape).toEqual([5, 28, 28, 1]);
    expect(y.shape).toEqual([5, 10]);
    expect(model.streamShapes(5)[0]).toEqual([5, 28, 28, 4]);
    tf.dispose([x, y]);
    model.dispose();
  });
});
