import type { Task } from './block.js';
import { deriveSeed, seededRandom } from './random.js';
import type { TF } from './tf.js';

/** Loss and accuracy for one-hot classification targets and logits, shared by every classification task. */
export function softmaxClassification(tf: TF): Pick<Task, 'loss' | 'accuracy'> {
  return {
    loss: (logits, y) => tf.losses.softmaxCrossEntropy(y, logits) as ReturnType<Task['loss']>,
    accuracy: (logits, y) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.argMax(y, -1)), 'float32')) as ReturnType<Task['loss']>),
  };
}

/**
 * Recall the first token: a sequence of `tokens` symbols drawn uniformly from `vocabulary`, one-hot
 * `[batch, tokens, vocabulary]`; the target is the symbol at position 0. The loss depends on the earliest
 * input only, so it measures long-range memory (through attention or through time). Chance loss: ln(vocabulary).
 */
export function firstTokenRecall(tf: TF, tokens: number, vocabulary: number): Task {
  return {
    id: 'first-token-recall',
    summary: `recall the first of ${tokens} random symbols (vocabulary ${vocabulary}) at the end, generated from the seed`,
    sample(batchSize, seed, split = 'train') {
      const rng = seededRandom(deriveSeed(seed, 'first-token-recall', split, batchSize, tokens, vocabulary));
      const symbols = Int32Array.from({ length: batchSize * tokens }, () => rng.int(vocabulary));
      const first = Int32Array.from({ length: batchSize }, (_, b) => symbols[b * tokens]!);
      return tf.tidy(() => ({
        x: tf.cast(tf.oneHot(tf.tensor2d(symbols, [batchSize, tokens], 'int32'), vocabulary), 'float32'),
        y: tf.cast(tf.oneHot(tf.tensor1d(first, 'int32'), vocabulary), 'float32'),
      }));
    },
    ...softmaxClassification(tf),
  };
}
