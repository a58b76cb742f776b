import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type ProbeContext, errorCorrectionTask, tf } from '@skipbench/core';
import { FEATURES, projectorCorrector } from '@skipbench/core/toys';
import { ERROR_CORRECTION, errorCorrection } from './error-correction.js';

const { metrics: M, series: S } = ERROR_CORRECTION;
const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const context: ProbeContext = { tf, seed: 9, settings, rebuild: () => { throw new Error('no rebuild'); } };

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('error-correction task', () => {
  it('puts the clean signal and the error in orthogonal subspaces and sums them into the input', () => {
    const task = errorCorrectionTask(tf, FEATURES, 2, 3);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, v, i) => sum + v * b[i]!, 0);
    const [q0, q1] = task.cleanBasis as [Float64Array, Float64Array];
    expect(dot(q0, q0)).toBeCloseTo(1, 12);
    expect(dot(q0, q1)).toBeCloseTo(0, 12);
    const { clean, error } = task.components(5, 4);
    const { x, y } = task.sample(5, 4);
    const [s, e, input, target] = [clean, error, x, y].map((t) => t.arraySync() as number[][]);
    for (let n = 0; n < 5; n++) {
      // ⟨s, e⟩ = 0 per sample, and the error has no component on the clean basis.
      expect(dot(s[n]!, e[n]!)).toBeCloseTo(0, 5);
      expect(dot(e[n]!, q0)).toBeCloseTo(0, 5);
      expect(input[n]!.map((v, i) => v - s[n]![i]! - e[n]![i]!).every((d) => Math.abs(d) < 1e-6)).toBe(true);
      expect(target[n]).toEqual(s[n]);
    }
    tf.dispose([clean, error, x, y]);
  });

  it('refuses a clean subspace that leaves no room for the error', () => {
    expect(() => errorCorrectionTask(tf, FEATURES, FEATURES, 3)).toThrow(
      "Expected the clean subspace's dimension to be an integer in 1..5 (the error subspace needs one), but got 6.",
    );
  });
});

describe('error-correction probe', () => {
  it('finds F(ε) = −ε and F(s) = 0 for a branch fixed to −P_⊥, the projector onto the error subspace', async () => {
    // F(h) = −P_⊥ h: P_⊥ s = 0 for clean s and P_⊥ ε = ε for errors, so ‖F(s)‖ = 0, F(ε) + ε = 0 and
    // cos(F(ε), ε) = cos(−ε, ε) = −1; the network h + F(h) = (I − P_⊥) h returns the clean signal: no error left, loss 0.
    const model = projectorCorrector();
    const m = await errorCorrection.run(model, context);
    model.dispose();
    for (const name of [M.stackCleanChange, M.stackErrorResidual, M.relativeOutputError]) expect(m.metrics[name]).toBeCloseTo(0, 6);
    expect(m.metrics[M.stackErrorCosine]).toBeCloseTo(-1, 6);
    expect(m.series[S.branchCleanGain]![0]).toBeCloseTo(0, 6);
    expect(m.series[S.branchErrorResidual]![0]).toBeCloseTo(0, 6);
    expect(m.series[S.branchErrorCosine]![0]).toBeCloseTo(-1, 6);
    expect(m.metrics[M.lossFinal]).toBeCloseTo(0, 10);
    expect([m.metrics[M.dimension], m.metrics[M.signalDimension]]).toEqual([FEATURES, 2]);
  });

  it('finds half the error left for a branch −P_⊥/2, still pointing straight against it', async () => {
    // F(ε) = −ε/2: ‖F(ε) + ε‖/‖ε‖ = 1/2, cos(F(ε), ε) = −1; the output s + ε/2 leaves half the error.
    const model = projectorCorrector(0.5);
    const m = await errorCorrection.run(model, context);
    model.dispose();
    expect(m.metrics[M.stackCleanChange]).toBeCloseTo(0, 6);
    for (const name of [M.stackErrorResidual, M.relativeOutputError]) expect(m.metrics[name]).toBeCloseTo(0.5, 6);
    expect(m.metrics[M.stackErrorCosine]).toBeCloseTo(-1, 6);
    expect(m.series[S.branchErrorResidual]![0]).toBeCloseTo(0.5, 6);
  });
});
