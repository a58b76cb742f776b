import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { tf } from '@skipbench/core';
import { FEATURES, linearChain, linearClassifier } from '@skipbench/core/toys';
import { LEARNT_BELOW_CHANCE, trainability } from './trainability.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const settings = { batch: 16, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const run = (model: ReturnType<typeof linearClassifier>) => trainability.run(model, { tf, seed: 3, settings, rebuild: () => model });
/** A head W (FEATURES × 2) with w in row 0 of class 0, −w in class 1's: the logit margin z₀ − z₁ is 2w·x₀ scaled by the blocks. */
const head = (w: number) => Array.from({ length: FEATURES }, (_, i) => (i === 0 ? [w, -w] : [0, 0]));

describe('trainability against the chance loss', () => {
  it('a two-class model whose logits are all 0 scores ln 2, exactly chance: loss-final-over-chance 1, label chance', async () => {
    // Every sample's softmax is (½, ½): cross-entropy −ln ½ = ln 2 = 0.6931, the task's chance loss.
    const model = linearClassifier(2, 0.1, head(0));
    const { metrics, labels, units } = await run(model);
    expect(metrics['loss-chance']).toBeCloseTo(Math.log(2), 12);
    expect(units['loss-chance']).toBe('nats');
    expect(metrics['loss-final']).toBeCloseTo(Math.LN2, 5);
    expect(metrics['loss-final-over-chance']).toBeCloseTo(1, 5);
    expect(metrics['learnt-below']).toBe(LEARNT_BELOW_CHANCE);
    expect(labels.learning).toBe('chance');
    model.dispose();
  });

  it('a model whose head reads the label off x₀ is far below chance: learnt', async () => {
    // The label is class 0 exactly where x₀ > 0, and z₀ − z₁ = 20·(1.1)²·x₀ agrees in sign with it, so every
    // sample's loss is softplus(−24.2·|x₀|) < ln 2; the mean is far below 0.95·ln 2.
    const model = linearClassifier(2, 0.1, head(10));
    const { metrics, labels } = await run(model);
    expect(metrics['loss-final-over-chance']).toBeCloseTo(metrics['loss-final']! / Math.log(2), 12);
    expect(metrics['loss-final-over-chance']).toBeLessThan(LEARNT_BELOW_CHANCE);
    expect(labels.learning).toBe('learnt');
    model.dispose();
  });

  it('a task with no chance loss (the linear readout) gets no verdict, and a note says why', async () => {
    const model = linearChain(2, 0.5, true);
    const { metrics, labels, notes } = await trainability.run(model, { tf, seed: 3, settings, rebuild: () => model });
    expect(metrics['loss-chance']).toBeUndefined();
    expect(labels.learning).toBeUndefined();
    expect(notes).toContain("the task 'linear-readout' declares no chance loss, so whether the model learnt anything is not judged");
    model.dispose();
  });
});
