import type { Model } from '../block.js';
import type { ProbeSettings } from '../probe.js';
import { deriveSeed } from '../random.js';
import type { TF } from '../tf.js';

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
