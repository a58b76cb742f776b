import { l2Norm } from './norms.js';
import { seededRandom } from '../random.js';
import type { Tensor, TF } from '../tf.js';

export type TensorMap = (h: Tensor) => Tensor;

/** uᵀJ_f(h): one backward pass with `u` as the output gradient. */
export function vjp(tf: TF, f: TensorMap, h: Tensor, u: Tensor): Tensor {
  return tf.grad((x: Tensor) => f(x))(h, u);
}

/**
 * J_f(h)·v, exactly, without forward-mode AD: uᵀJv is linear in u, so its gradient in u is Jv (the
 * gradient of a vector–Jacobian product).
 */
export function jvp(tf: TF, f: TensorMap, h: Tensor, v: Tensor): Tensor {
  return tf.tidy(() => {
    const probe = tf.zerosLike(f(h));
    return tf.grad((u: Tensor) => tf.sum(tf.mul(vjp(tf, f, h, u), v)))(probe);
  });
}

/** A seeded standard-normal tensor of `shape` (the same draws on every backend). */
export function normalTensor(tf: TF, shape: number[], seed: number): Tensor {
  const rng = seededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

/** ‖J_f(h)‖₂ by power iteration on JᵀJ, from a seeded start; reads back asynchronously (every backend). */
export async function spectralNorm(tf: TF, f: TensorMap, h: Tensor, iterations: number, seed: number): Promise<number> {
  let v = tf.tidy(() => {
    const start = normalTensor(tf, h.shape, seed);
    return tf.div(start, tf.norm(start));
  });
  let sigma = 0;
  try {
    for (let i = 0; i < iterations; i++) {
      const next = tf.tidy(() => vjp(tf, f, h, jvp(tf, f, h, v)));
      const norm = l2Norm(await next.data());
      sigma = Math.sqrt(norm);
      if (norm === 0) {
        tf.dispose(next);
        break;
      }
      const unit = tf.div(next, norm);
      tf.dispose([v, next]);
      v = unit;
    }
  } finally {
    tf.dispose(v);
  }
  return sigma;
}
