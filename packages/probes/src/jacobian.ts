import { l2Norm, seededRandom, type Tensor, type TF } from '@skipbench/core';

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

/** Where a Jacobian-norm estimate stopped: its estimate of ‖J‖₂ and the Lanczos steps it took. */
export interface JacobianNorm {
  sigma: number;
  iterations: number;
}

/** A map whose Jacobian norm `jacobianNorms` estimates: `f` at `h`, from the seeded start `seed`. */
export interface LinearisedMap {
  f: TensorMap;
  h: Tensor;
  seed: number;
}

/** How long an estimate runs: at most `maxIterations` steps, fewer once converged to `tolerance`. */
export interface JacobianNormOptions {
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

/** The largest eigenvalue of the symmetric tridiagonal matrix with `diagonal` and `offDiagonal`, by bisection on Sturm counts. */
export function largestTridiagonalEigenvalue(diagonal: readonly number[], offDiagonal: readonly number[]): number {
  const n = diagonal.length;
  /** How many eigenvalues lie below x: the negative pivots of T − xI's LDLᵀ. */
  const below = (x: number) => {
    let count = 0;
    let pivot = 1;
    for (let i = 0; i < n; i++) {
      const coupling = i === 0 ? 0 : offDiagonal[i - 1]! ** 2 / pivot;
      pivot = diagonal[i]! - x - coupling;
      // A zero pivot stands for the smallest negative one, as the Sturm count's limit from below does.
      if (pivot === 0) pivot = -Number.MIN_VALUE;
      if (pivot < 0) count++;
    }
    return count;
  };
  // Gershgorin's discs hold every eigenvalue.
  let low = Math.min(...diagonal.map((d, i) => d - Math.abs(offDiagonal[i - 1] ?? 0) - Math.abs(offDiagonal[i] ?? 0)));
  let high = Math.max(...diagonal.map((d, i) => d + Math.abs(offDiagonal[i - 1] ?? 0) + Math.abs(offDiagonal[i] ?? 0)));
  while (high - low > 1e-15 * Math.max(Math.abs(high), Math.abs(low), Number.MIN_VALUE)) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (below(middle) === n) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * The Lanczos residual r = w − (w·u)u − (w·p)p of w = J Jᵀu against the unit vectors u and p (absent on the
 * first step), summed in float64, and its norm; plain loops, since typed arrays' `from` with a mapping
 * function costs ten times as much here.
 */
function lanczosResidual(w: Float32Array, u: Float32Array, p: Float32Array | undefined): { residual: Float64Array; norm: number } {
  let alongU = 0;
  let alongP = 0;
  for (let k = 0; k < w.length; k++) {
    alongU += w[k]! * u[k]!;
    if (p !== undefined) alongP += w[k]! * p[k]!;
  }
  const residual = new Float64Array(w.length);
  for (let k = 0; k < w.length; k++) residual[k] = w[k]! - alongU * u[k]! - (p === undefined ? 0 : alongP * p[k]!);
  return { residual, norm: l2Norm(residual) };
}

function unit(values: ArrayLike<number>, norm: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let k = 0; k < values.length; k++) out[k] = values[k]! / norm;
  return out;
}

/** A residual this small relative to ‖J Jᵀ‖ ends a map's steps: its Krylov space is invariant. */
export const INVARIANT_RESIDUAL = 1e-6;

/** Per map, the Lanczos state: the unit vectors u_j and u_{j−1}, and T_j's diagonal and off-diagonal. */
interface LanczosState {
  current: Float32Array;
  previous: Float32Array | undefined;
  diagonal: number[];
  offDiagonal: number[];
  shape: number[];
}

/**
 * ‖J_f(h)‖₂ of each map by the Lanczos method on J Jᵀ, started from u_1 ∝ J v for the map's seeded normal
 * v (one jvp, as a power iteration on JᵀJ starts), so u_1's Krylov space holds the power iterates: step j
 * applies J Jᵀ to the unit u_j (`transposeThenForward`: one forward, one backward and one double-backward
 * pass), T_j's diagonal gets ‖Jᵀu_j‖², the residual orthogonal to u_j and u_{j−1} (in float64) gives the
 * off-diagonal and u_{j+1}, and the estimate is √λ_max(T_j). The estimates rise towards ‖J‖₂ (T_j's largest
 * eigenvalue grows with j), faster than a power iteration's from the same start. A map stops after
 * `maxIterations` steps, or earlier once two successive estimates differ by less than `tolerance` times the
 * latter (0: never), or once its Krylov space is invariant (the
 * estimate is then exact). Only the last two vectors are kept, so memory stays a few stream copies per map;
 * the float32 loss of orthogonality that brings can repeat a converged eigenvalue but not exceed the largest.
 * The maps step together, each on its own tape (one at a time), and every step reads all their vectors back
 * at once (asynchronously, every backend); a map leaves once it has stopped.
 */
export async function jacobianNorms(tf: TF, maps: readonly LinearisedMap[], { maxIterations, tolerance }: JacobianNormOptions): Promise<JacobianNorm[]> {
  const results = maps.map(() => ({ sigma: 0, iterations: 0 }));
  const images = maps.map(({ f, h, seed }) => tf.tidy(() => jvp(tf, f, h, normalTensor(tf, h.shape, seed))));
  let startValues: Float32Array[];
  try {
    startValues = (await Promise.all(images.map((image) => image.data()))) as Float32Array[];
  } finally {
    tf.dispose(images);
  }
  // undefined once the map has stopped; at once where J v is zero (then so is J, almost surely).
  const states: (LanczosState | undefined)[] = startValues.map((start, i) => {
    const norm = l2Norm(start);
    if (norm === 0) return undefined;
    return { current: unit(start, norm), previous: undefined, diagonal: [], offDiagonal: [], shape: images[i]!.shape };
  });
  for (let step = 1; step <= maxIterations; step++) {
    const active = maps.flatMap((_, i) => (states[i] === undefined ? [] : [i]));
    if (active.length === 0) break;
    // The last step needs ‖Jᵀu‖ only, not the next vector.
    const products = active.map((i) => {
      const { f, h } = maps[i]!;
      const state = states[i]!;
      return tf.tidy(() => {
        const u = tf.tensor(state.current, state.shape);
        if (step === maxIterations) return { transposed: vjp(tf, f, h, u), forward: undefined };
        const { transposed, forward } = transposeThenForward(tf, f, h, u);
        return { transposed: tf.keep(transposed), forward };
      });
    });
    let values: (readonly [Float32Array, Float32Array | undefined])[];
    try {
      values = await Promise.all(
        products.map(async ({ transposed, forward }) => [(await transposed.data()) as Float32Array, forward === undefined ? undefined : ((await forward.data()) as Float32Array)] as const),
      );
    } finally {
      tf.dispose(products.flatMap(({ transposed, forward }) => (forward === undefined ? [transposed] : [transposed, forward])));
    }
    active.forEach((i, j) => {
      const state = states[i]!;
      const result = results[i]!;
      const [transposed, forward] = values[j]!;
      state.diagonal.push(l2Norm(transposed) ** 2);
      const previous = result.sigma;
      result.sigma = Math.sqrt(largestTridiagonalEigenvalue(state.diagonal, state.offDiagonal));
      result.iterations++;
      const converged = result.sigma === 0 || (result.iterations > 1 && Math.abs(result.sigma - previous) < tolerance * result.sigma);
      if (forward === undefined || converged) {
        states[i] = undefined;
        return;
      }
      const { residual, norm } = lanczosResidual(forward, state.current, state.previous);
      // An invariant Krylov space: T_j's eigenvalues are J Jᵀ's own (float32's rounding of J Jᵀu leaves ~1e-7).
      if (norm <= INVARIANT_RESIDUAL * result.sigma ** 2) {
        states[i] = undefined;
        return;
      }
      state.offDiagonal.push(norm);
      state.previous = state.current;
      state.current = unit(residual, norm);
    });
  }
  return results;
}

/** ‖J_f(h)‖₂ by the Lanczos method on J Jᵀ from a seeded start: `jacobianNorms` of the one map. */
export async function jacobianNorm(tf: TF, f: TensorMap, h: Tensor, { seed, ...options }: JacobianNormOptions & { seed: number }): Promise<JacobianNorm> {
  return (await jacobianNorms(tf, [{ f, h, seed }], options))[0]!;
}

/** ‖J_f(h)‖₂ by `iterations` Lanczos steps from a seeded start (`jacobianNorm` with no tolerance). */
export async function spectralNorm(tf: TF, f: TensorMap, h: Tensor, iterations: number, seed: number): Promise<number> {
  return (await jacobianNorm(tf, f, h, { maxIterations: iterations, tolerance: 0, seed })).sigma;
}

