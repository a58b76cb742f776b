import type { Batch, ForwardOptions, Model } from '../block.js';
import type { ProbeSettings } from '../probe.js';
import { deriveSeed } from '../random.js';
import type { TF } from '../tf.js';
import { settled } from './settled.js';

/**
 * Trains `model` with Adam for `settings.trainSteps` steps, each on a fresh training batch drawn from `seed`,
 * and returns the loss of every step (read back asynchronously, as every device allows). Probes that train (trainability, lesion) share it so they train alike.
 */
export async function trainOnTask(tf: TF, model: Model, settings: ProbeSettings, seed: number): Promise<number[]> {
  const optimizer = tf.train.adam(settings.learningRate);
  const losses: number[] = [];
  try {
    for (let step = 0; step < settings.trainSteps; step++) {
      const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'train', step));
      try {
        const cost = optimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params);
        losses.push((await cost!.data())[0]!);
        cost!.dispose();
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
 * Loss and accuracy on a held-out batch (with `bypass`, of the lesioned model), and with `scores` the task's
 * own scores: read back asynchronously, so it runs on every backend. Shared by the probes that train.
 */
export async function evaluateHeldOut(tf: TF, model: Model, heldOut: Batch, { bypass, scores = false }: ForwardOptions & { scores?: boolean } = {}): Promise<HeldOut> {
  const { task } = model;
  const { out, loss, accuracy } = tf.tidy(() => {
    const { out } = model.forward(heldOut.x, bypass === undefined ? {} : { bypass });
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
    // With every block bypassed, a model with an identity stem and head returns the held-out input itself: the caller's.
    tf.dispose([out, loss, accuracy].filter((t) => t !== heldOut.x));
  }
}
