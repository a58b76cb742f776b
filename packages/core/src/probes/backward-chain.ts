import type { Model } from '../block.js';
import type { Tensor, TF } from '../tf.js';
import { l2Norm } from './norms.js';
import { vjp } from './jacobian.js';
import { scoped } from './scope.js';

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
 * Walks the backward pass block by block from the last stage, in log space: at each block it hands `visit`
 * the block's input and the unit backward direction at its output, then steps g_l = J_lᵀ g_{l+1}. Returns
 * log10 ‖g_l‖ per stage (null below a stage whose gradient is exactly zero).
 */
export function walkBackward(tf: TF, model: Model, x: Tensor, y: Tensor, visit: (step: BackwardStep) => void): Array<number | null> {
  return scoped(tf, () => {
    const { stream } = model.forward(x);
    const log10: Array<number | null> = new Array(model.depth + 1).fill(null);
    let g = lastStageGradient(tf, model, x, y);
    let norm = l2Norm(g.dataSync());
    log10[model.depth] = norm > 0 ? Math.log10(norm) : null;
    for (let l = model.depth - 1; l >= 0 && norm > 0; l--) {
      const direction = tf.div(g, norm);
      visit({ l, input: stream[l]!, direction });
      g = vjp(tf, model.block(l, x), stream[l]!, direction);
      const stepNorm = l2Norm(g.dataSync());
      log10[l] = stepNorm > 0 ? log10[l + 1]! + Math.log10(stepNorm) : null;
      norm = stepNorm;
    }
    return log10;
  });
}
