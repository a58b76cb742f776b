import type { Split, Task } from './task.js';
import { UsageError } from './errors.js';
import { deriveSeed, seededRandom } from './random.js';
import type { Tensor, TF } from './tf.js';

/**
 * Loss and accuracy for one-hot classification targets and logits, shared by every classification task; given
 * the number of balanced classes, also the chance loss ln k (the uniform prediction's cross-entropy) and the
 * chance accuracy 1/k.
 */
export function softmaxClassification(tf: TF, classes?: number): Pick<Task, 'loss' | 'accuracy' | 'chanceLoss' | 'chanceAccuracy'> {
  return {
    ...(classes === undefined ? {} : { chanceLoss: Math.log(classes), chanceAccuracy: 1 / classes }),
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
    ...softmaxClassification(tf, vocabulary),
  };
}

/** Clean signals and pure errors of one batch, apart: the task's input is their sum. */
export interface SignalAndError {
  clean: Tensor;
  error: Tensor;
}

/**
 * Error correction: inputs in R^d are a clean signal in a seeded k-dimensional subspace plus an error in its
 * orthogonal complement; the target is the clean signal. An architecture running it keeps the stream in the
 * input's coordinates (an identity stem and head), so the subspaces are the same at every stage.
 */
export interface ErrorCorrectionTask extends Task {
  readonly id: typeof ERROR_CORRECTION_TASK;
  /** d: the input's dimension. */
  readonly dimension: number;
  /** k: the clean subspace's dimension; the error subspace has d − k. */
  readonly signalDimension: number;
  /** An orthonormal basis of the clean subspace, k rows of d (float64). */
  readonly cleanBasis: readonly Float64Array[];
  /** The batch `sample` draws with the same arguments, as its clean and error parts. */
  components(batchSize: number, seed: number, split?: Split): SignalAndError;
}

export const ERROR_CORRECTION_TASK = 'error-correction';

export function isErrorCorrectionTask(task: Task): task is ErrorCorrectionTask {
  return task.id === ERROR_CORRECTION_TASK && 'components' in task;
}

/** d orthonormal rows: Gram–Schmidt (twice, for float64 orthogonality) on seeded Gaussian rows. */
function orthonormalRows(dimension: number, seed: number): Float64Array[] {
  const rng = seededRandom(seed);
  const rows: Float64Array[] = [];
  while (rows.length < dimension) {
    const v = Float64Array.from({ length: dimension }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const q of rows) {
        let dot = 0;
        for (let i = 0; i < dimension; i++) dot += v[i]! * q[i]!;
        for (let i = 0; i < dimension; i++) v[i]! -= dot * q[i]!;
      }
    }
    const norm = Math.hypot(...v);
    // A draw (numerically) inside the span so far is replaced by the next one.
    if (norm > 1e-6) rows.push(v.map((x) => x / norm));
  }
  return rows;
}

/**
 * The error-correction task (see `ErrorCorrectionTask`): the basis of R^d is drawn from `basisSeed`, its first
 * k rows span the clean subspace; clean coefficients and error coefficients are standard normal, so
 * E‖clean‖² = k and E‖error‖² = d − k. Loss: mean squared error to the clean signal (0 for the projector
 * onto the clean subspace, E‖error‖²/d for the identity). Chance: k/d, the targets' variance around their
 * mean 0 (E‖clean‖²/d), which the constant prediction 0 scores.
 */
export function errorCorrectionTask(tf: TF, dimension: number, signalDimension: number, basisSeed: number): ErrorCorrectionTask {
  if (!Number.isInteger(signalDimension) || signalDimension < 1 || signalDimension >= dimension) {
    throw new UsageError(`Expected the clean subspace's dimension to be an integer in 1..${dimension - 1} (the error subspace needs one), but got ${signalDimension}.`);
  }
  const basis = orthonormalRows(dimension, deriveSeed(basisSeed, 'error-correction-basis'));
  const cleanBasis = basis.slice(0, signalDimension);
  const errorBasis = basis.slice(signalDimension);
  /** batch × d: each sample Σ_j c_j q_j over `rows`, with standard-normal c. */
  const draw = (rows: readonly Float64Array[], batchSize: number, seed: number) => {
    const rng = seededRandom(seed);
    const values = new Float32Array(batchSize * dimension);
    for (let n = 0; n < batchSize; n++) {
      for (const q of rows) {
        const c = rng.normal();
        for (let i = 0; i < dimension; i++) values[n * dimension + i]! += c * q[i]!;
      }
    }
    return tf.tensor2d(values, [batchSize, dimension]);
  };
  const components = (batchSize: number, seed: number, split: Split = 'train'): SignalAndError => ({
    clean: draw(cleanBasis, batchSize, deriveSeed(seed, ERROR_CORRECTION_TASK, split, batchSize, 'clean')),
    error: draw(errorBasis, batchSize, deriveSeed(seed, ERROR_CORRECTION_TASK, split, batchSize, 'error')),
  });
  return {
    id: ERROR_CORRECTION_TASK,
    summary: `recover the clean signal (a seeded ${signalDimension}-dimensional subspace of R^${dimension}) from clean + an error in its orthogonal complement`,
    dimension,
    signalDimension,
    cleanBasis,
    components,
    sample(batchSize, seed, split = 'train') {
      const { clean, error } = components(batchSize, seed, split);
      const x = tf.add(clean, error);
      error.dispose();
      return { x, y: clean };
    },
    loss: (out, y) => tf.losses.meanSquaredError(y, out) as ReturnType<Task['loss']>,
    chanceLoss: signalDimension / dimension,
  };
}
