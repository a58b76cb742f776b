import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { buildToyConv, linearChain, reluChain, rezeroChain } from '@skipbench/core/toys';
import { tf, l2Norm } from '@skipbench/core';
import { maxAbs } from './norms.js';
import { gradientProfile, gradientVerdict, measureGradientProfile } from './gradient-profile.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

function sampleFor(model: ReturnType<typeof linearChain>, batch = 4, seed = 3) {
  return model.task.sample(batch, seed);
}

describe('gradient-profile on a ReZero chain (α = 0), where the only non-zero parameter gradient of a block is α_l’s', () => {
  it('reports ‖dL/dθ_l‖ = |Σ (x W_l) ⊙ c| for every block, not unknown', async () => {
    const depth = 3;
    const model = rezeroChain(depth);
    const { x, y } = model.task.sample(4, 3);
    const profile = await measureGradientProfile(tf, model, x, y);
    for (let l = 0; l < depth; l++) {
      const [weight] = model.blockParams(l);
      const expected = Math.log10(Math.abs(tf.sum(tf.mul(tf.matMul(x, weight!), y)).dataSync()[0]!));
      expect(profile.blockParamLog10[l]).toBeCloseTo(expected, 5);
    }
    // Every stage is x, so dL/dstream[l] = c for every l: a ratio of exactly 1.
    expect(profile.streamLog10[0]! - profile.streamLog10[depth]!).toBeCloseTo(0, 6);
    expect(profile.logSpaceStages).toEqual([]);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('gradient-profile on a linear chain, where ‖dL/dstream[l]‖ = |m|^(L−l) ‖c‖', () => {
  it.each([
    { residual: false, gain: 0.5, multiplier: 0.5 },
    { residual: true, gain: 0.5, multiplier: 1.5 },
  ])('residual=$residual gain=$gain', async ({ residual, gain, multiplier }) => {
    const depth = 10;
    const model = linearChain(depth, gain, residual);
    const { x, y } = sampleFor(model);
    const readout = Math.log10(l2Norm(y.dataSync()));
    const profile = await measureGradientProfile(tf, model, x, y);
    expect(profile.logSpaceStages).toEqual([]);
    profile.streamLog10.forEach((value, l) => {
      expect(value).toBeCloseTo((depth - l) * Math.log10(multiplier) + readout, 5);
    });
    const ratio = profile.streamLog10[0]! - profile.streamLog10[depth]!;
    expect(ratio).toBeCloseTo(depth * Math.log10(multiplier), 5);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('recomputes stages whose float32 gradient underflows in log space, exactly', async () => {
    // 0.1^60 = 1e-60 is far below float32's smallest subnormal (1.4e-45).
    const depth = 60;
    const model = linearChain(depth, 0.1, false);
    const { x, y } = sampleFor(model);
    const readout = Math.log10(l2Norm(y.dataSync()));
    const cx = Math.abs(tf.sum(tf.mul(x, y)).dataSync()[0]!);
    const profile = await measureGradientProfile(tf, model, x, y);
    expect(profile.logSpaceStages.length).toBeGreaterThan(10);
    profile.streamLog10.forEach((value, l) => {
      expect(value).toBeCloseTo(readout - (depth - l), 3);
    });
    // Plain chain: dL/da_l = a^(L−1) ⟨c, x⟩ for every block, but it also scales with h_l = 0.1^l x, which
    // underflows float32 in the forward pass from l ≈ 38 on: those are unknown (null), not wrong.
    profile.blockParamLog10.forEach((value, l) => {
      if (l <= 25) expect(value, `block ${l}`).toBeCloseTo(Math.log10(cx) - (depth - 1), 3);
      if (l >= 40) expect(value, `block ${l}`).toBeNull();
    });
    expect(gradientVerdict(profile.streamLog10[0]! - profile.streamLog10[depth]!)).toBe('vanishing');
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('gradient-profile on a plain ReLU stack h ↦ ReLU(0.01·h), whose forward signal underflows float32', () => {
  it('reports the verdict vanishing with the bound float32 sets on the ratio, and no ratio', async () => {
    // Positive entries are 0.01^l x, the others 0. float32's smallest positive value is 2^-149 ≈ 1.4e-45
    // and a product under half of it rounds to 0: stage 22 holds 1e-44·x (non-zero for x > 0.07), stage
    // 23 holds 1e-46·x (zero for x < 7). From stage 23 on the stream is exactly 0, no ReLU passes a
    // gradient, and dL/dstream is exactly 0 below the last stage: the same as resnet.basic plain with
    // spectral norm at depth 32.
    expect([Math.fround(2 ** -149), Math.fround(2 ** -150)]).toEqual([2 ** -149, 0]);
    const depth = 32;
    const model = reluChain(depth, 0.01);
    const { x, y } = sampleFor(model);
    const largest = Math.max(...x.dataSync());
    expect(largest).toBeGreaterThan(0.07);
    expect(largest).toBeLessThan(7);
    const stream = tf.tidy(() => model.forward(x).stream);
    expect(maxAbs(stream[22]!.dataSync())).toBeGreaterThan(0);
    expect(maxAbs(stream[23]!.dataSync())).toBe(0);

    const profile = await measureGradientProfile(tf, model, x, y);
    expect(profile.forwardUnderflowAt).toBe(depth - 1);
    expect(profile.streamLog10.slice(0, depth)).toEqual(new Array(depth).fill(null));
    // dL/dstream[L] = c for every sample, so ‖dL/dstream[L]‖ = ‖y‖; ‖dL/dstream[0]‖ = 0 < 2^-149.
    const readout = Math.log10(l2Norm(y.dataSync()));
    expect(profile.streamLog10[depth]).toBeCloseTo(readout, 6);

    const settings = { batch: 4, trainSteps: 0, learningRate: 0, timing: { warmupIterations: 0, iterations: 0 }, repeat: 1 };
    const measurement = await gradientProfile.run(model, { tf, seed: 3, settings, rebuild: () => model });
    expect(measurement.labels.verdict).toBe('vanishing');
    expect(measurement.metrics['log10-ratio-first-last-below']).toBeCloseTo(-149 * Math.log10(2) - readout, 9);
    expect(measurement.units['log10-ratio-first-last-below']).toBe('log10');
    expect(measurement.metrics['log10-ratio-first-last']).toBeUndefined();
    // Every stage has one size (6 features per sample), so the bound per element is the same number.
    expect(measurement.metrics['log10-rms-ratio-first-last-below']).toBeCloseTo(-149 * Math.log10(2) - readout, 9);
    expect(measurement.series['stage-elements']).toEqual(new Array(depth + 1).fill(6));
    expect(measurement.notes.find((n) => n.includes("block 31's input"))).toContain(`< ${(-149 * Math.log10(2) - readout).toFixed(2)}`);
    tf.dispose([x, y, ...stream]);
    model.dispose();
  });
});

describe('gradient-profile on a conv net', () => {
  it('matches central finite differences along each stage gradient (relative error ≤ 1e-2)', async () => {
    const model = buildToyConv({ depth: 3, norm: 'batch' });
    const { x, y } = model.task.sample(4, 5);
    const profile = await measureGradientProfile(tf, model, x, y);
    const shapes = tf.tidy(() => model.forward(x).stream.map((s) => s.shape));
    const lossWith = (perturb: tf.Tensor[]) => tf.tidy(() => model.task.loss(model.forward(x, { perturb }).out, y).dataSync()[0]!);
    for (let l = 0; l < shapes.length; l++) {
      const zeros = shapes.map((shape) => tf.zeros(shape));
      const direction = tf.tidy(() => {
        const grad = tf.grad((p: tf.Tensor) => model.task.loss(model.forward(x, { perturb: zeros.map((z, k) => (k === l ? p : z)) }).out, y))(zeros[l]!);
        return tf.div(grad, tf.norm(grad));
      });
      const epsilon = 1e-2;
      const plus = zeros.map((z, k) => (k === l ? tf.mul(direction, epsilon) : z));
      const minus = zeros.map((z, k) => (k === l ? tf.mul(direction, -epsilon) : z));
      const finiteDifference = (lossWith(plus) - lossWith(minus)) / (2 * epsilon);
      const measured = 10 ** profile.streamLog10[l]!;
      expect(Math.abs(finiteDifference - measured) / measured, `stage ${l}`).toBeLessThanOrEqual(1e-2);
      tf.dispose([...zeros, direction, plus[l]!, minus[l]!]);
    }
    tf.dispose([x, y]);
    model.dispose();
  });

  it('gives the cpu backend’s values on wasm (relative difference ≤ 1e-4)', async () => {
    const run = async (backend: string) => {
      await selectBackend(backend);
      const model = buildToyConv({ depth: 4, norm: 'batch' });
      const { x, y } = model.task.sample(4, 9);
      const profile = await measureGradientProfile(tf, model, x, y);
      tf.dispose([x, y]);
      model.dispose();
      return profile;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    cpu.streamLog10.forEach((value, l) => {
      expect(Math.abs(10 ** (wasm.streamLog10[l]! - value!) - 1), `stage ${l}`).toBeLessThanOrEqual(1e-4);
    });
    cpu.blockParamLog10.forEach((value, l) => {
      expect(Math.abs(10 ** (wasm.blockParamLog10[l]! - value!) - 1), `block ${l}`).toBeLessThanOrEqual(1e-4);
    });
  });
});

afterAll(async () => {
  await selectBackend('wasm');
});
