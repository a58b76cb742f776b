import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backends/index.js';
import { tf, type Tensor } from '../tf.js';
import { normalTensor, powerIterations, type PowerIterationOptions } from './jacobian.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

type Matrix = number[][];
const times = (rows: Matrix, m: Matrix): Matrix => rows.map((r) => m[0]!.map((_, j) => r.reduce((sum, x, k) => sum + x * m[k]![j]!, 0)));
const transpose = (m: Matrix): Matrix => m[0]!.map((_, j) => m.map((r) => r[j]!));
const frobenius = (rows: Matrix) => Math.sqrt(rows.flat().reduce((sum, x) => sum + x * x, 0));

/**
 * The textbook power iteration on JᵀJ for f(h) = hW, in float64, from the same seeded start: J v = vW and
 * Jᵀu = uWᵀ row by row, each step's estimate √‖JᵀJ v‖ for the unit v the step before left.
 */
function textbook(w: Matrix, start: Matrix, { maxIterations, tolerance }: PowerIterationOptions) {
  let v = start.map((r) => r.map((x) => x / frobenius(start)));
  let sigma = 0;
  let iterations = 0;
  while (iterations < maxIterations) {
    const next = times(times(v, w), transpose(w));
    const norm = frobenius(next);
    const previous = sigma;
    sigma = Math.sqrt(norm);
    iterations++;
    if (iterations > 1 && Math.abs(sigma - previous) < tolerance * sigma) break;
    v = next.map((r) => r.map((x) => x / norm));
  }
  return { sigma, iterations };
}

const diagonal = (d: number[]) => d.map((value, i) => d.map((_, j) => (i === j ? value : 0)));
const withIdentity = (w: Matrix) => w.map((r, i) => r.map((x, j) => x + (i === j ? 1 : 0)));

describe('powerIterations', () => {
  it('gives every map the textbook power iteration of its own, stepping them together and dropping the converged', async () => {
    // ‖W₁‖ = 2 with (σ₂/σ₁)² = 0.01: converges in three steps; W₂'s gap, (0.9/1)², runs all 12; I + W₁: 3.
    const matrices = [diagonal([2, 0.2, 0.1, 0]), diagonal([1, 0.9, 0.5, 0.1]), withIdentity(diagonal([2, 0.2, 0.1, 0]))];
    const options = { maxIterations: 12, tolerance: 1e-3 };
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
    const found = await powerIterations(tf, maps, options);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([h, ...ws]);
    expect(found.map((n) => n.iterations)).toEqual(expected.map((n) => n.iterations));
    expect(found.map((n) => n.iterations)).toEqual([3, 12, 4]);
    for (const [i, n] of found.entries()) expect(Math.abs(n.sigma - expected[i]!.sigma) / expected[i]!.sigma).toBeLessThan(1e-6);
    // Below ‖J‖ as the estimates rise to it: by about 1e-4 for W₁ and I + W₁, and W₂'s twelve steps leave 0.3%.
    expect(found[0]!.sigma).toBeCloseTo(2, 3);
    expect(found[1]!.sigma).toBeGreaterThan(0.99);
    expect(found[1]!.sigma).toBeLessThan(1);
    expect(found[2]!.sigma).toBeCloseTo(3, 3);
  });
});
