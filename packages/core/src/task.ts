import type { Scalar, Tensor } from './tf.js';

export interface Batch {
  x: Tensor;
  y: Tensor;
}

/** `train` for optimisation steps, `held-out` for evaluation; synthetic tasks may ignore it. */
export type Split = 'train' | 'held-out';

/** A deterministic task: data from a seed (or a registry package) and a loss. No downloads. */
export interface Task {
  readonly id: string;
  readonly summary: string;
  sample(batchSize: number, seed: number, split?: Split): Batch;
  loss(out: Tensor, y: Tensor): Scalar;
  /**
   * The loss of a model that learnt nothing, where it can be derived: the uninformed prediction's. Cross-entropy
   * over k classes: ln k (the uniform prediction scores exactly that, and balanced classes allow no better
   * constant); mean squared error: the targets' variance around their mean (predicting the mean); binary
   * cross-entropy on balanced labels: ln 2. `trainability` reports the final loss over it and whether the
   * model learnt anything. Leave it out where no such number follows from the task (unbalanced classes whose
   * shares the data decide).
   */
  readonly chanceLoss?: number;
  /**
   * The accuracy of a model that learnt nothing, where it can be derived: 1/k over k balanced classes. A claim
   * comparing trained models reads it to tell a model that learnt from one that guesses. Leave it out where the
   * class shares decide it.
   */
  readonly chanceAccuracy?: number;
  /** Fraction of correct predictions, for classification tasks (per pixel or per node where those are classified). */
  accuracy?(out: Tensor, y: Tensor): Scalar;
  /**
   * The task's own held-out scores by name, read back to numbers (e.g. a segmentation's boundary F1), with
   * their units; `trainability` reports each before and after training. `out` and `y` have been read back
   * already, so `dataSync()` on them is free on every backend; tensors made here may not be readable
   * synchronously (webgpu in Node), so compute on the values.
   */
  scores?(out: Tensor, y: Tensor): Record<string, { value: number; unit: string }>;
}
