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
 * gradient of a vector–Jacobian product). `outputShape`, the shape of f(h), saves the forward pass that
 * finds it where the caller knows it.
 */
export function jvp(tf: TF, f: TensorMap, h: Tensor, v: Tensor, outputShape?: readonly number[]): Tensor {
  return tf.tidy(() => {
    const probe = outputShape === undefined ? tf.zerosLike(f(h)) : tf.zeros([...outputShape]);
    return tf.grad((u: Tensor) => tf.sum(tf.mul(vjp(tf, f, h, u), v)))(probe);
  });
}

/** A seeded standard-normal tensor of `shape` (the same draws on every backend). */
export function normalTensor(tf: TF, shape: number[], seed: number): Tensor {
  const rng = seededRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
}

/** Where a power iteration stopped: its estimate of ‖J‖₂ and the steps it took. */
export interface PowerIteration {
  sigma: number;
  iterations: number;
}

/**
 * ‖J_f(h)‖₂ by power iteration on JᵀJ from a seeded start: each step's estimate is √‖JᵀJ v‖ for the unit
 * v the previous step left, and the iteration stops after `maxIterations` steps, or earlier once two
 * successive estimates differ by less than `tolerance` times the latter (0: never). The estimates rise
 * towards ‖J‖₂, so a stop before `maxIterations` stays below the full run's by about the remaining steps'
 * rises. Reads back asynchronously (every backend).
 */
export async function powerIteration(
  tf: TF,
  f: TensorMap,
  h: Tensor,
  { maxIterations, tolerance, seed }: { maxIterations: number; tolerance: number; seed: number },
): Promise<PowerIteration> {
  const outputShape = tf.tidy(() => f(h).shape);
  let v = tf.tidy(() => {
    const start = normalTensor(tf, h.shape, seed);
    return tf.div(start, tf.norm(start));
  });
  let sigma = 0;
  let iterations = 0;
  try {
    while (iterations < maxIterations) {
      const next = tf.tidy(() => vjp(tf, f, h, jvp(tf, f, h, v, outputShape)));
      const norm = l2Norm(await next.data());
      const previous = sigma;
      sigma = Math.sqrt(norm);
      iterations++;
      if (norm === 0 || (iterations > 1 && Math.abs(sigma - previous) < tolerance * sigma)) {
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
  return { sigma, iterations };
}

/** ‖J_f(h)‖₂ by `iterations` power-iteration steps from a seeded start (`powerIteration` with no tolerance). */
export async function spectralNorm(tf: TF, f: TensorMap, h: Tensor, iterations: number, seed: number): Promise<number> {
  return (await powerIteration(tf, f, h, { maxIterations: iterations, tolerance: 0, seed })).sigma;
}
