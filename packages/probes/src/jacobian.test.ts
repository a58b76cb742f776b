import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { tf, type Tensor } from '@skipbench/core';
import { INVARIANT_RESIDUAL, jacobianNorms, largestTridiagonalEigenvalue, normalTensor, type JacobianNormOptions } from './jacobian.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

type Matrix = number[][];
const times = (rows: Matrix, m: Matrix): Matrix => rows.map((r) => m[0]!.map((_, j) => r.reduce((sum, x, k) => sum + x * m[k]![j]!, 0)));
const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((r) => r[j]!));
const dot = (a: Matrix, b: Matrix) => a.flat().reduce((sum, x, i) => sum + x * b.flat()[i]!, 0);
const scale = (a: Matrix, s: number) => a.map((r) => r.map((x) => x * s));
const minus = (a: Matrix, b: Matrix) => a.map((r, i) => r.map((x, j) => x - b[i]![j]!));

/** λ_max of a small symmetric matrix by Jacobi rotations, in float64: independent of the Sturm bisection. */
function largestEigenvalue(m: Matrix): number {
  const a = m.map((r) => [...r]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k]![p]!, a[k]![q]!];
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p]![k]!, a[q]![k]!];
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Math.max(...a.map((r, i) => r[i]!));
}

const tridiagonalMatrix = (diagonal: number[], offDiagonal: number[]): Matrix =>
  diagonal.map((d, i) => diagonal.map((_, j) => (i === j ? d : Math.abs(i - j) === 1 ? offDiagonal[Math.min(i, j)]! : 0)));

/**
 * The textbook Lanczos method on J Jᵀ for f(h) = hW, in float64 and with full reorthogonalisation, from the
 * same start u_1 ∝ J v (J v = vW, Jᵀu = uWᵀ row by row); the estimate after step j is √λ_max(T_j).
 */
function textbook(w: Matrix, start: Matrix, { maxIterations, tolerance }: JacobianNormOptions) {
  const image = times(start, w);
  const basis = [scale(image, 1 / Math.sqrt(dot(image, image)))];
  const diagonal: number[] = [];
  const offDiagonal: number[] = [];
  let sigma = 0;
  let iterations = 0;
  while (iterations < maxIterations) {
    const transposed = times(basis[basis.length - 1]!, transpose(w));
    diagonal.push(dot(transposed, transposed));
    const previous = sigma;
    sigma = Math.sqrt(largestEigenvalue(tridiagonalMatrix(diagonal, offDiagonal)));
    iterations++;
    if (iterations > 1 && Math.abs(sigma - previous) < tolerance * sigma) break;
    let residual = times(transposed, w);
    for (const b of basis) residual = minus(residual, scale(b, dot(residual, b)));
    const beta = Math.sqrt(dot(residual, residual));
    if (beta <= INVARIANT_RESIDUAL * sigma ** 2) break;
    offDiagonal.push(beta);
    basis.push(scale(residual, 1 / beta));
  }
  return { sigma, iterations };
}

const diagonalMatrix = (d: number[]) => d.map((value, i) => d.map((_, j) => (i === j ? value : 0)));
const withIdentity = (w: Matrix) => w.map((r, i) => r.map((x, j) => x + (i === j ? 1 : 0)));

describe('largestTridiagonalEigenvalue', () => {
  it('gives the largest eigenvalue of known tridiagonal matrices', () => {
    expect(largestTridiagonalEigenvalue([2, 2], [1])).toBeCloseTo(3, 14);
    // The second-difference matrix of order n has eigenvalues 2 − 2cos(kπ/(n+1)).
    expect(largestTridiagonalEigenvalue([2, 2, 2], [-1, -1])).toBeCloseTo(2 + Math.SQRT2, 14);
    expect(largestTridiagonalEigenvalue([2, 2, 2, 2, 2], [-1, -1, -1, -1])).toBeCloseTo(2 - 2 * Math.cos((5 * Math.PI) / 6), 14);
    expect(largestTridiagonalEigenvalue([5], [])).toBe(5);
    expect(largestTridiagonalEigenvalue([1, 7, 3], [0, 0])).toBeCloseTo(7, 14);
  });
});

describe('jacobianNorms', () => {
  it('gives every map the textbook Lanczos estimate of its own, stepping them together and dropping the converged', async () => {
    // ‖W₁‖ = 2; W₂'s top singular values sit close (1, 0.9), where twelve power-iteration steps left 0.3%;
    // the Krylov space of JJᵀ holds its top eigenvector once it has as many dimensions as W₂ has distinct
    // singular values (4), so Lanczos is exact there; I + W₁ has ‖·‖ = 3.
    const matrices = [diagonalMatrix([2, 0.2, 0.1, 0]), diagonalMatrix([1, 0.9, 0.5, 0.1]), withIdentity(diagonalMatrix([2, 0.2, 0.1, 0]))];
    const options = { maxIterations: 8, tolerance: 1e-3 };
    const h = tf.zeros([2, 4]);
    const ws = matrices.map((m) => tf.tensor2d(m));
    const maps = ws.map((w, i) => ({ f: (x: Tensor) => tf.matMul(x, w), h, seed: 7 + i }));
    const expected = await Promise.all(
      matrices.map(async (m, i) => {
        const start = normalTensor(tf, [2, 4], 7 + i);
        const rows = (await start.array()) as Matrix;
        start.dispose();
        return textbook(m, rows, options);
      }),
    );
    const before = tf.memory().numTensors;
    const found = await jacobianNorms(tf, maps, options);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([h, ...ws]);
    expect(found.map((n) => n.iterations)).toEqual(expected.map((n) => n.iterations));
    for (const [i, n] of found.entries()) expect(Math.abs(n.sigma - expected[i]!.sigma) / expected[i]!.sigma).toBeLessThan(1e-5);
    expect(found[0]!.sigma).toBeCloseTo(2, 4);
    expect(found[1]!.sigma).toBeCloseTo(1, 5);
    expect(found[1]!.iterations).toBe(4);
    expect(found[2]!.sigma).toBeCloseTo(3, 4);
  });

  it('reads a zero Jacobian as 0 without a step', async () => {
    const h = tf.ones([3, 2]);
    const found = await jacobianNorms(tf, [{ f: (x: Tensor) => tf.mul(x, 0), h, seed: 1 }], { maxIterations: 8, tolerance: 1e-3 });
    h.dispose();
    expect(found).toEqual([{ sigma: 0, iterations: 0 }]);
  });
});
