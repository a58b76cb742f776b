import { type Model, type Tensor, type TF, l2Norm } from '@skipbench/core';
import { vjp } from './jacobian.js';

export interface BackwardStep {
  /** Block index. */
  l: number;
  /** Stream at the block's input. */
  input: Tensor;
  /** Unit backward direction at the block's output, g_{l+1} / ‖g_{l+1}‖. */
  direction: Tensor;
}

/** dL/dstream[L]: one perturbation at the last stage. */
export function lastStageGradient(tf: TF, model: Model, x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => {
    const zeros = model.streamShapes(x.shape[0]!).map((shape) => tf.zeros(shape));
    const last = model.depth;
    return tf.grad((p: Tensor) => model.task.loss(model.forward(x, { perturb: zeros.map((z, l) => (l === last ? p : z)) }).out, y))(zeros[last]!);
  });
}

/**
 * Walks the backward pass block by block from the last stage, in log space: at each block `measure` may
 * compute a tensor from the block's input and the unit backward direction at its output (its norm and its
 * values are returned per block), then it steps g_l = J_lᵀ g_{l+1}. Returns log10 ‖g_l‖ per stage (null below a stage
 * whose gradient is exactly zero). Reads back asynchronously, so it runs on every backend.
 */
export async function walkBackward(
  tf: TF,
  model: Model,
  x: Tensor,
  y: Tensor,
  measure?: (step: BackwardStep) => Tensor,
): Promise<{ log10: Array<number | null>; measured: Array<number | null>; measuredValues: Array<Float32Array | null> }> {
  const stream = tf.tidy(() => model.forward(x).stream);
  let g = lastStageGradient(tf, model, x, y);
  const log10: Array<number | null> = new Array(model.depth + 1).fill(null);
  const measured: Array<number | null> = new Array(model.depth).fill(null);
  const measuredValues: Array<Float32Array | null> = new Array(model.depth).fill(null);
  try {
    let norm = l2Norm(await g.data());
    log10[model.depth] = norm > 0 ? Math.log10(norm) : null;
    for (let l = model.depth - 1; l >= 0 && norm > 0; l--) {
      const scale = norm;
      const above = g;
      const [next, gain] = tf.tidy(() => {
        const direction = tf.div(above, scale);
        return [vjp(tf, model.block(l, x), stream[l]!, direction), measure?.({ l, input: stream[l]!, direction }) ?? tf.zeros([0])];
      });
      tf.dispose(above);
      g = next!;
      const [values, gainValues] = await Promise.all([next!.data(), gain!.data()]);
      tf.dispose(gain!);
      if (measure !== undefined) {
        measured[l] = l2Norm(gainValues);
        measuredValues[l] = gainValues as Float32Array;
      }
      norm = l2Norm(values);
      log10[l] = norm > 0 ? log10[l + 1]! + Math.log10(norm) : null;
    }
    return { log10, measured, measuredValues };
  } finally {
    tf.dispose([g, ...stream]);
  }
}
