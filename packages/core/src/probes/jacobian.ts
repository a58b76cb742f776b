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

/** A map whose Jacobian norm `powerIterations` estimates: `f` at `h`, from the seeded start `seed`. */
export interface LinearisedMap {
  f: TensorMap;
  h: Tensor;
  seed: number;
}

/** How long a power iteration runs: at most `maxIterations` steps, fewer once converged to `tolerance`. */
export interface PowerIterationOptions {
  maxIterations: number;
  tolerance: number;
}

/**
 * J_fᵀu and J_f·J_fᵀu in one tape: the gradient of ½‖J_fᵀu‖² in u is J_f·J_fᵀu. Three passes (forward,
 * backward, double backward) where a jvp and a vjp take five, since the vjp's forward and backward pass are
 * the ones the jvp differentiates.
 */
function transposeThenForward(tf: TF, f: TensorMap, h: Tensor, u: Tensor): { transposed: Tensor; forward: Tensor } {
  let transposed: Tensor | undefined;
  const forward = tf.grad((w: Tensor) => {
    const g = vjp(tf, f, h, w);
    transposed = tf.keep(g);
    // The output gradient this gives g is exactly g (0.5 · 2g), so J_f g is computed as from any other vector.
    return tf.mul(0.5, tf.sum(tf.square(g)));
  })(u);
  return { transposed: transposed!, forward };
}

/**
 * ‖J_f(h)‖₂ of each map by power iteration on JᵀJ from its seeded start: each step's estimate is
 * √‖JᵀJ v‖ for the unit v the previous step left, and a map's iteration stops after `maxIterations` steps,
 * or earlier once two successive estimates differ by less than `tolerance` times the latter (0: never). The
 * estimates rise towards ‖J‖₂, so a stop before `maxIterations` stays below the full run's by about the
 * remaining steps' rises.
 *
 * A step takes the next v's image J v from the step before (`transposeThenForward`), so it costs one forward,
 * one backward and one double-backward pass instead of a jvp and a vjp; J v is then J(JᵀJ v_prev) scaled
 * by the norm afterwards rather than before, which moves the estimates by float32 rounding only. The maps
 * step together, each on its own tape (one at a time, so memory stays one map's), and every step reads all
 * their norms back at once (asynchronously, every backend); a map leaves once it has converged.
 */
export async function powerIterations(tf: TF, maps: readonly LinearisedMap[], { maxIterations, tolerance }: PowerIterationOptions): Promise<PowerIteration[]> {
  const results = maps.map(() => ({ sigma: 0, iterations: 0 }));
  // images[i] = J v for the unit v map i's next step starts from; undefined once it has stopped.
  const images: (Tensor | undefined)[] = [];
  try {
    for (const { f, h, seed } of maps) {
      images.push(
        tf.tidy(() => {
          const start = normalTensor(tf, h.shape, seed);
          return jvp(tf, f, h, tf.div(start, tf.norm(start)));
        }),
      );
    }
    for (let step = 1; step <= maxIterations; step++) {
      const active = maps.flatMap((_, i) => (images[i] === undefined ? [] : [i]));
      if (active.length === 0) break;
      // The last step needs JᵀJ v only, not the image of the v it would leave.
      const products = active.map((i) => {
        const { f, h } = maps[i]!;
        return step === maxIterations ? { transposed: vjp(tf, f, h, images[i]!), forward: undefined } : transposeThenForward(tf, f, h, images[i]!);
      });
      const values = await Promise.all(products.map(({ transposed }) => transposed.data()));
      active.forEach((i, j) => {
        const { transposed, forward } = products[j]!;
        const result = results[i]!;
        const norm = l2Norm(values[j]!);
        const previous = result.sigma;
        result.sigma = Math.sqrt(norm);
        result.iterations++;
        const converged = norm === 0 || (result.iterations > 1 && Math.abs(result.sigma - previous) < tolerance * result.sigma);
        tf.dispose([transposed, images[i]!]);
        images[i] = forward === undefined || converged ? undefined : tf.div(forward, norm);
        tf.dispose(forward);
      });
    }
  } finally {
    tf.dispose(images.filter((image) => image !== undefined));
  }
  return results;
}

/** ‖J_f(h)‖₂ by power iteration on JᵀJ from a seeded start: `powerIterations` of the one map. */
export async function powerIteration(
  tf: TF,
  f: TensorMap,
  h: Tensor,
  { seed, ...options }: PowerIterationOptions & { seed: number },
): Promise<PowerIteration> {
  return (await powerIterations(tf, [{ f, h, seed }], options))[0]!;
}

/** ‖J_f(h)‖₂ by `iterations` power-iteration steps from a seeded start (`powerIteration` with no tolerance). */
export async function spectralNorm(tf: TF, f: TensorMap, h: Tensor, iterations: number, seed: number): Promise<number> {
  return (await powerIteration(tf, f, h, { maxIterations: iterations, tolerance: 0, seed })).sigma;
}
