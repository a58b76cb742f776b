import type { Batch } from './task.js';
import type { ForwardOptions, Model } from './model.js';
import type { ProbeSettings, TrainedModels } from './probe.js';
import { deriveSeed } from './random.js';
import type { Optimizer } from '@tensorflow/tfjs';
import type { Tensor, TF } from './tf.js';
import { settled } from './readback.js';

/**
 * Trains `model` with Adam for `settings.trainSteps` steps, each on a fresh training batch drawn from `seed`,
 * and returns the loss of every step (read back asynchronously, as every device allows). Probes that train (trainability, lesion) share it so they train alike.
 * Given the run's `trainedModels` (`ProbeContext.trainedModels`), a training this run already did is restored instead.
 */
export async function trainOnTask(tf: TF, model: Model, settings: ProbeSettings, seed: number, trainedModels?: TrainedModels): Promise<number[]> {
  if (trainedModels === undefined || settings.trainSteps === 0) return adamOnTask(tf, model, settings, seed);
  const { trainSteps, learningRate, batch } = settings;
  return trainedModels.reuse(model, { method: 'trainOnTask', trainSteps, learningRate, batch, seed }, () => adamOnTask(tf, model, settings, seed));
}

/** One optimizer step on every weight of `model` for the batch (x, y); resolves to the loss, read back. */
export async function trainStep(model: Model, optimizer: Optimizer, x: Tensor, y: Tensor): Promise<number> {
  const cost = optimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params)!;
  try {
    return (await cost.data())[0]!;
  } finally {
    cost.dispose();
  }
}

async function adamOnTask(tf: TF, model: Model, settings: ProbeSettings, seed: number): Promise<number[]> {
  const optimizer = tf.train.adam(settings.learningRate);
  const losses: number[] = [];
  try {
    for (let step = 0; step < settings.trainSteps; step++) {
      const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'train', step));
      try {
        losses.push(await trainStep(model, optimizer, x, y));
      } finally {
        tf.dispose([x, y]);
      }
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

export interface HeldOut {
  loss: number;
  /** Where the task has an accuracy. */
  accuracy?: number;
  /** The task's own scores (see `Task.scores`), when asked for. */
  scores: Record<string, { value: number; unit: string }>;
}

/**
 * Loss and accuracy on a held-out batch (with `bypass`, of the lesioned model, computed from `intactStream` where
 * given), and with `scores` the task's
 * own scores: read back asynchronously, so it runs on every backend. Shared by the probes that train.
 */
export async function evaluateHeldOut(tf: TF, model: Model, heldOut: Batch, { bypass, intactStream, scores = false }: ForwardOptions & { scores?: boolean } = {}): Promise<HeldOut> {
  const { task } = model;
  const { out, loss, accuracy } = tf.tidy(() => {
    const { out } = model.forward(heldOut.x, { ...(bypass === undefined ? {} : { bypass }), ...(intactStream === undefined ? {} : { intactStream }) });
    return { out, loss: task.loss(out, heldOut.y), accuracy: task.accuracy?.(out, heldOut.y) ?? tf.zeros([0]) };
  });
  try {
    // Read back first: the task's scores then read `out` and `y` synchronously from the cache.
    await settled(scores ? [out, loss, accuracy, heldOut.y] : [loss, accuracy]);
    return {
      loss: loss.dataSync()[0]!,
      ...(task.accuracy ? { accuracy: accuracy.dataSync()[0]! } : {}),
      scores: scores ? (task.scores?.(out, heldOut.y) ?? {}) : {},
    };
  } finally {
    // With every block bypassed, a model with an identity stem and head returns the held-out input itself, or a
    // stage of the intact stream: the caller's.
    tf.dispose([out, loss, accuracy].filter((t) => t !== heldOut.x && !(intactStream?.includes(t) ?? false)));
  }
}
