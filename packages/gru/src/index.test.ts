import { beforeAll, describe, expect, it } from 'vitest';
import { activationProfile, measureGradientProfile } from '@skipbench/probes';
import { buildModel, tf, validatePlugin, type Model, type ModelConfig } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import plugin, { gruRecurrent } from './index.js';

function build(overrides: Partial<ModelConfig>): Model {
  return buildModel(gruRecurrent, { ...gruRecurrent.defaults, width: 6, inputSize: 3, depth: 5, seed: 9, ...overrides });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('gru.recurrent', () => {
  it('is a valid plugin whose plain ablation is the vanilla RNN', () => {
    expect(validatePlugin(plugin)).toEqual([]);
    expect(Object.keys(gruRecurrent.variants)).toEqual(['plain', 'gru', 'residual-rnn']);
  });

  it.each(['plain', 'gru', 'residual-rnn'])('%s: dL/dh_t from the perturbation pass matches central finite differences', (variant) => {
    const model = build({ variant });
    const { x, y } = model.task.sample(3, 4);
    const shapes = model.streamShapes(3);
    const lossWith = (perturb: tf.Tensor[]) => tf.tidy(() => model.task.loss(model.forward(x, { perturb }).out, y).dataSync()[0]!);
    const zeros = shapes.map((s) => tf.zeros(s));
    const { grads } = tf.engine().gradients(() => model.task.loss(model.forward(x, { perturb: zeros }).out, y), zeros, undefined, true);
    for (const t of [0, 2, 5]) {
      const direction = tf.randomNormal(shapes[t]!, 0, 1, 'float32', 17 + t);
      const analytic = tf.sum(tf.mul(grads[t]!, direction)).dataSync()[0]!;
      const epsilon = 1e-2;
      const shifted = (sign: number) => lossWith(zeros.map((z, l) => (l === t ? tf.mul(direction, sign * epsilon) : z)));
      const numeric = (shifted(1) - shifted(-1)) / (2 * epsilon);
      expect(Math.abs(numeric - analytic)).toBeLessThan(2e-2 * Math.max(Math.abs(analytic), 1e-3));
      direction.dispose();
    }
    tf.dispose([x, y, ...zeros, ...grads]);
    model.dispose();
  });

  it('a gru step is h + z(h~ − h) with its own x_t: hand-set weights, hidden width 1, the sequence e0, e1', () => {
    const model = build({ variant: 'gru', width: 1, inputSize: 2, depth: 2 });
    // Columns: update gate z, reset gate r, candidate. Rows of W: symbols 0 and 1.
    const [W, U, bz, bRest] = model.blockParams(0);
    W.assign(tf.tensor2d([[0.5, -1, 2], [1, 0, -0.5]]));
    U.assign(tf.tensor2d([[1, 2, -1]]));
    bz.assign(tf.tensor1d([0.25]));
    bRest.assign(tf.tensor1d([-0.5, 0.1]));
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    // Step 0 from h = 0 reads x = e0: z = σ(0.5 + 0.25), candidate = tanh(2 + 0.1 + r · 0).
    const h1 = sigmoid(0.75) * Math.tanh(2.1);
    // Step 1 reads x = e1: z = σ(1 + 0.25 + h1), r = σ(0 − 0.5 + 2·h1), candidate = tanh(−0.5 + 0.1 + r · (−h1)).
    const r = sigmoid(-0.5 + 2 * h1);
    const h2 = h1 + sigmoid(1.25 + h1) * (Math.tanh(-0.4 - r * h1) - h1);
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 0], [0, 1]]]);
      const { stream } = model.forward(x);
      expect(stream.map((s) => s.dataSync()[0]!)).toEqual([0, expect.closeTo(h1, 6), expect.closeTo(h2, 6)]);
      // Replayed alone, step 1 projects its own x_t only, to the same number.
      expect(model.block(1, x)(tf.tensor2d([[h1]])).dataSync()[0]).toBeCloseTo(h2, 6);
    });
    model.dispose();
  });

  it('a residual-rnn step is h + tanh(W x_t + U h + b)', () => {
    const model = build({ variant: 'residual-rnn', width: 1, inputSize: 2, depth: 2 });
    const [W, U, b] = model.blockParams(0);
    W.assign(tf.tensor2d([[0.5], [-1]]));
    U.assign(tf.tensor2d([[2]]));
    b.assign(tf.tensor1d([0.1]));
    const h1 = Math.tanh(0.6);
    const h2 = h1 + Math.tanh(-0.9 + 2 * h1);
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 0], [0, 1]]]);
      expect(model.forward(x).stream.map((s) => s.dataSync()[0]!)).toEqual([0, expect.closeTo(h1, 6), expect.closeTo(h2, 6)]);
      expect(model.block(0, x)(tf.tensor2d([[0]])).dataSync()[0]).toBeCloseTo(h1, 6);
    });
    model.dispose();
  });

  it('starts from h_0 = 0, so the activation profile measures norm growth from stage 1', async () => {
    const model = build({ variant: 'plain', depth: 6 });
    const context = { tf, seed: 2, settings: { batch: 4, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 }, rebuild: build };
    const { metrics, series, notes } = await activationProfile.run(model, context);
    const norms = series.norm as number[];
    expect(norms[0]).toBe(0);
    expect(metrics['log10-norm-growth']).toBeCloseTo(Math.log10(norms[6]! / norms[1]!), 12);
    expect(notes).toContain('stages 0…0 are zero: log10-norm-growth and log10-rms-growth count from stage 1');
    model.dispose();
  });

  it('with a huge gate bias the update gate is shut, so every step keeps the state and the gradient ratio is 1', async () => {
    // z = σ(−30 + …) ≈ 1e-13: h_t = h_{t−1} + z(h~ − h) = h_{t−1} to float32 precision, from h_0 = 0.
    const model = build({ variant: 'gru', depth: 12, options: { 'gate-bias': 30 } });
    const { x, y } = model.task.sample(4, 2);
    const profile = await measureGradientProfile(tf, model, x, y);
    expect(profile.streamLog10[0]! - profile.streamLog10[12]!).toBeCloseTo(0, 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a larger gate bias moves the gru gradient ratio toward the residual one, step by step', async () => {
    const ratio = async (bias: number) => {
      const model = build({ variant: 'gru', depth: 24, width: 16, options: { 'gate-bias': bias } });
      const { x, y } = model.task.sample(4, 2);
      const profile = await measureGradientProfile(tf, model, x, y);
      tf.dispose([x, y]);
      model.dispose();
      return profile.streamLog10[0]! - profile.streamLog10[24]!;
    };
    const ratios: number[] = [];
    for (const bias of [0, 1, 2, 4]) ratios.push(await ratio(bias));
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThan(ratios[i - 1]!);
    expect(ratios[0]!).toBeLessThan(-2);
  });
});
