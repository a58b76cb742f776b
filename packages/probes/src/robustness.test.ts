import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Model, type ProbeContext, deriveSeed, tf, type Tensor, meanAndVariance } from '@skipbench/core';
import { linearClassifier } from '@skipbench/core/toys';
import { fgsm, pgd, ROBUSTNESS, ROBUSTNESS_LEVELS, ROBUSTNESS_SAMPLES, robustness } from './robustness.js';

const { metrics: M, series: S } = ROBUSTNESS;
const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const context: ProbeContext = { tf, seed: 9, settings, rebuild: () => { throw new Error('no rebuild'); } };

// Head columns W_0 and W_1 = −W_0, so W_0 − W_1 = 2 W_0 and ‖W_0 − W_1‖₁ = 2 (0.5 + 0.25 + 0.125 + 0.375 + 0.5 + 0.25) = 4.
const W0 = [0.5, -0.25, 0.125, 0.375, -0.5, 0.25];
const head = W0.map((w) => [w, -w]);
const depth = 2;
const gain = 0.25;
/** The network is x ↦ (1 + a)^L x W, so its margin direction has ‖(1 + a)^L (W_0 − W_1)‖₁ = 1.25² · 4 = 6.25. */
const marginL1 = (1 + gain) ** depth * 4;

/** z_y − z_other per sample, from the model's logits. */
function margins(model: Model, x: Tensor, y: Tensor): number[] {
  return tf.tidy(() => {
    const logits = model.forward(x).out.arraySync() as number[][];
    const labels = (y.argMax(-1).arraySync() as number[]);
    return logits.map(([z0, z1], n) => (labels[n] === 0 ? z0! - z1! : z1! - z0!));
  });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('robustness attacks on a linear classifier', () => {
  it('FGSM lowers every margin by exactly ε‖w‖₁', () => {
    // Softmax cross-entropy of the margin m = ⟨x, w⟩ (w the margin direction): ∂L/∂x = −(1 − p_y) w with
    // 1 − p_y > 0, so sign(∂L/∂x) = −sign(w) and x' = x − ε sign(w) moves m by −ε Σ|w_i| = −ε‖w‖₁.
    const model = linearClassifier(depth, gain, head);
    const { x, y } = model.task.sample(16, 3);
    const epsilon = 0.1;
    const attacked = fgsm(tf, model, x, y, epsilon);
    const before = margins(model, x, y);
    const after = margins(model, attacked, y);
    for (const [n, m] of before.entries()) expect(after[n]! - m).toBeCloseTo(-epsilon * marginL1, 5);
    // FGSM reaches the corner of the L∞ ball: every coordinate moved by ε.
    const moved = tf.tidy(() => Array.from(tf.abs(tf.sub(attacked, x)).dataSync()));
    for (const d of moved) expect(d).toBeCloseTo(epsilon, 6);
    tf.dispose([x, y, attacked]);
    model.dispose();
  });

  it('PGD ends where FGSM does: the sign gradient of a linear model never changes', () => {
    // Steps of 2.5ε/5 = ε/2 in the constant direction −sign(w), clipped to the ball: the corner after two steps.
    const model = linearClassifier(depth, gain, head);
    const { x, y } = model.task.sample(16, 3);
    const [one, many] = [fgsm(tf, model, x, y, 0.2), pgd(tf, model, x, y, 0.2)];
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(one, many))).dataSync()[0]!);
    expect(difference).toBeLessThan(1e-6);
    tf.dispose([x, y, one, many]);
    model.dispose();
  });
});

describe('robustness probe', () => {
  it('finds the accuracies the margins give, PGD no better than FGSM, and the bound (1 + a)^L', async () => {
    const model = linearClassifier(depth, gain, head);
    const heldOut = model.task.sample(ROBUSTNESS_SAMPLES, deriveSeed(context.seed, 'held-out'), 'held-out');
    const clean = margins(model, heldOut.x, heldOut.y);
    const std = Math.sqrt(meanAndVariance(heldOut.x.dataSync()).variance);
    tf.dispose([heldOut.x, heldOut.y]);
    const m = await robustness.run(model, context);
    model.dispose();
    const correct = (drop: number) => clean.filter((margin) => margin - drop > 0).length / clean.length;
    expect(m.metrics[M.accuracyClean]).toBeCloseTo(correct(0), 6);
    expect(m.metrics[M.inputStd]).toBeCloseTo(std, 5);
    for (const [i, level] of ROBUSTNESS_LEVELS.entries()) {
      expect(m.series[S.epsilon]![i]).toBeCloseTo(level * std, 6);
      // Attacked, a sample stays correct only if its margin exceeds ε‖w‖₁.
      expect(m.series[S.accuracyFgsm]![i]).toBeCloseTo(correct(level * std * marginL1), 6);
      expect(m.series[S.accuracyPgd]![i]!).toBeLessThanOrEqual(m.series[S.accuracyFgsm]![i]!);
      expect(m.series[S.lossPgd]![i]!).toBeGreaterThanOrEqual(m.series[S.lossFgsm]![i]! - 1e-5);
    }
    // The largest ε flips some samples, so the test is not vacuous.
    expect(m.metrics[M.accuracyPgdLargest]!).toBeLessThan(m.metrics[M.accuracyClean]!);
    // Each block h + a·h: K_F = a, K_G = 1 + a, so both bounds are L·log10(1 + a).
    expect(m.metrics[M.log10BranchBound]).toBeCloseTo(depth * Math.log10(1 + gain), 5);
    expect(m.metrics[M.log10ProductBound]).toBeCloseTo(depth * Math.log10(1 + gain), 5);
  });

  it('is not applicable to a task without accuracy', () => {
    const model = { task: { id: 'regression', summary: '', sample: () => { throw new Error('unused'); }, loss: () => { throw new Error('unused'); } } } as unknown as Model;
    expect(robustness.appliesTo?.(model)).toBe("the task 'regression' has no accuracy, which robust accuracy needs");
  });
});
