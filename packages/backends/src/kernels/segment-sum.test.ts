import { describe, expect, it } from 'vitest';
import { selectBackend } from '../index.js';
import { seededRandom, tf } from '@skipbench/core';

/** Sums, gathers and their gradients on `backend`, for the same inputs. */
async function run(backend: string, data: number[], shape: number[], ids: number[], segments: number) {
  await selectBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(data, shape);
    const segmentIds = tf.tensor1d(ids, 'int32');
    const sum = tf.unsortedSegmentSum(x, segmentIds, segments);
    // gather's gradient is an UnsortedSegmentSum of the upstream gradient by the gathered indices.
    const weights = tf.tensor(data.map((_, i) => (i % 7) - 3), shape);
    const gatherGradient = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, segmentIds), weights)))(tf.zeros([segments, ...shape.slice(1)]));
    return { sum: Array.from(sum.dataSync()), sumShape: sum.shape, gatherGradient: Array.from(gatherGradient.dataSync()) };
  });
}

describe('UnsortedSegmentSum gap-fill on wasm matches the cpu backend', () => {
  it.each([
    { shape: [6], segments: 3 },
    { shape: [50, 4], segments: 7 },
    { shape: [40, 3, 2], segments: 5 },
  ])('x $shape into $segments segments, and the gradient of gather', async ({ shape, segments }) => {
    const rng = seededRandom(shape.length * 31 + segments);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, () => rng.normal());
    const ids = Array.from({ length: shape[0]! }, () => rng.int(segments));
    const reference = await run('cpu', data, shape, ids, segments);
    const filled = await run('wasm', data, shape, ids, segments);
    expect(filled.sumShape).toEqual([segments, ...shape.slice(1)]);
    for (const key of ['sum', 'gatherGradient'] as const) {
      expect(filled[key].length).toBe(reference[key].length);
      for (const [i, v] of filled[key].entries()) expect(v).toBeCloseTo(reference[key][i]!, 5);
    }
  });

  it('drops ids outside [0, numSegments), as TensorFlow does', async () => {
    await selectBackend('wasm');
    const sum = tf.tidy(() => Array.from(tf.unsortedSegmentSum(tf.tensor1d([1, 2, 4, 8]), tf.tensor1d([0, -1, 1, 5], 'int32'), 2).dataSync()));
    expect(sum).toEqual([1, 4]);
  });
});
