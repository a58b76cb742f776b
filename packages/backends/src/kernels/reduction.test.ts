import { describe, expect, it } from 'vitest';
import { selectBackend } from '../index.js';
import { seededRandom, tf } from '@skipbench/core';
import { DOUBLE_REDUCTION_MIN_SIZE } from './reduction.js';

/** Values in [1, 2) and their mean in float64, the case where one float32 accumulator drifts. */
function drifting(count: number, seed: number) {
  const rng = seededRandom(seed);
  const values = Float32Array.from({ length: count }, () => 1 + rng.next());
  return { values, mean: values.reduce((sum, v) => sum + v, 0) / count };
}

describe('Sum and Mean in doubles on wasm', () => {
  it('keeps the mean of 15,488 values in [1, 2) within a few float32 roundings of float64', async () => {
    await selectBackend('wasm');
    const { values, mean } = drifting(15_488, 7);
    const [viaMean, viaSum] = tf.tidy(() => {
      const x = tf.tensor(values, [2, 88, 88, 1]);
      return [tf.mean(x, [0, 1, 2]).dataSync()[0]!, tf.sum(x).dataSync()[0]! / 15_488];
    });
    // wasm's own single float32 accumulator is 2e-6 off here; summed in doubles, only the final rounding is left.
    expect(Math.abs(viaMean - mean)).toBeLessThan(1.2e-7);
    expect(Math.abs(viaSum - mean)).toBeLessThan(1.2e-7);
  });

  it.each([
    { shape: [4, 33, 32, 3], axis: [0, 1, 2], keepDims: true },
    { shape: [4, 65, 64, 3], axis: [1, 2], keepDims: false },
    { shape: [5000, 2], axis: 0, keepDims: false },
    { shape: [3, 9000], axis: -1, keepDims: true },
    { shape: [4099], axis: 0, keepDims: false },
  ])('matches the cpu backend on $shape over axis $axis (keepDims $keepDims), shape included', async ({ shape, axis, keepDims }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    expect(size).toBeGreaterThan(DOUBLE_REDUCTION_MIN_SIZE);
    const { values } = drifting(size, size);
    const reduce = async (backend: string) => {
      await selectBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor(values, shape);
        const sum = tf.sum(x, axis, keepDims);
        const mean = tf.mean(x, axis, keepDims);
        return { shape: sum.shape, sum: Array.from(sum.dataSync()), mean: Array.from(mean.dataSync()), meanShape: mean.shape };
      });
    };
    const cpu = await reduce('cpu');
    const wasm = await reduce('wasm');
    expect(wasm.shape).toEqual(cpu.shape);
    expect(wasm.meanShape).toEqual(cpu.meanShape);
    for (const [i, v] of wasm.mean.entries()) expect(Math.abs(v - cpu.mean[i]!)).toBeLessThan(3e-7 * Math.abs(cpu.mean[i]!));
    for (const [i, v] of wasm.sum.entries()) expect(Math.abs(v - cpu.sum[i]!)).toBeLessThan(3e-7 * Math.abs(cpu.sum[i]!) + (shape.length === 1 ? 1e-2 : 0));
  });

  it('frees every intermediate', async () => {
    await selectBackend('wasm');
    const x = tf.ones([2, 64, 64, 2]);
    const before = tf.memory().numTensors;
    const bytes = tf.engine().backend.numDataIds();
    const sums = [tf.sum(x, [0, 1, 2], true), tf.mean(x, [1, 2])];
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(tf.engine().backend.numDataIds()).toBe(bytes + 2);
    expect(Array.from(sums[0]!.dataSync())).toEqual([8192, 8192]);
    tf.dispose([x, ...sums]);
  });
});
