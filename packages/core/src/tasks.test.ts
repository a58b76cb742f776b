import { beforeAll, describe, expect, it } from 'vitest';
import { errorCorrectionTask, firstTokenRecall, softmaxClassification } from './tasks.js';
import { tf } from './tf.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('chance losses', () => {
  it('first-token recall over 10 symbols: ln 10, the cross-entropy of the uniform prediction (all logits 0)', async () => {
    const task = firstTokenRecall(tf, 4, 10);
    expect(task.chanceLoss).toBeCloseTo(Math.log(10), 12);
    const { x, y } = task.sample(16, 1);
    const loss = task.loss(tf.zeros([16, 10]), y);
    // −log(1/10) for every sample, whatever its label.
    expect((await loss.data())[0]).toBeCloseTo(Math.log(10), 5);
    tf.dispose([x, y, loss]);
  });

  it('a classifier given its class count: ln k; without it, none', () => {
    expect(softmaxClassification(tf, 4).chanceLoss).toBeCloseTo(Math.log(4), 12);
    expect(softmaxClassification(tf).chanceLoss).toBeUndefined();
  });

  it('error correction in R^8 with a 2-dimensional clean subspace: k/d = 2/8, what predicting the mean 0 scores', async () => {
    // The clean target's coordinates have mean 0 and E‖clean‖² = k = 2 over d = 8 coordinates, so
    // predicting 0 scores E‖clean‖² / d = 0.25 (on 4000 samples, within a few hundredths).
    const task = errorCorrectionTask(tf, 8, 2, 3);
    expect(task.chanceLoss).toBe(0.25);
    const { x, y } = task.sample(4000, 1);
    const loss = task.loss(tf.zerosLike(y), y);
    expect((await loss.data())[0]).toBeCloseTo(0.25, 1);
    tf.dispose([x, y, loss]);
  });
});
