import type { Task } from './block.js';
import type { TF } from './tf.js';

/** Loss and accuracy for one-hot classification targets and logits, shared by every classification task. */
export function softmaxClassification(tf: TF): Pick<Task, 'loss' | 'accuracy'> {
  return {
    loss: (logits, y) => tf.losses.softmaxCrossEntropy(y, logits) as ReturnType<Task['loss']>,
    accuracy: (logits, y) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(y, -1)), 'float32')) as ReturnType<Task['loss']>),
  };
}
