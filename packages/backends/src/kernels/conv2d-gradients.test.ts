import { tf, seededRandom } from '@skipbench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { installKernelFills } from './index.js';
import { conv2dFilterGradient, conv2dGeometry, conv2dInputGradient, type Conv2DPad } from './conv2d-gradients.js';
import { KernelScope } from './kernel-scope.js';

type Shape4 = [number, number, number, number];

interface Case {
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Conv2DPad;
}

const cases: Case[] = [
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, dilations: 1, pad: 'same' },
  { x: [2, 9, 7, 2], filter: [3, 3, 2, 5], strides: 1, dilations: 1, pad: 'valid' },
  { x: [3, 11, 10, 4], filter: [3, 2, 4, 3], strides: 2, dilations: 1, pad: 'same' },
  { x: [1, 12, 12, 3], filter: [5, 5, 3, 2], strides: [3, 2], dilations: 1, pad: 'valid' },
  { x: [2, 10, 9, 2], filter: [3, 3, 2, 3], strides: 2, dilations: 1, pad: 1 },
  { x: [2, 7, 8, 3], filter: [2, 3, 3, 2], strides: 1, dilations: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [2, 12, 12, 2], filter: [3, 3, 2, 3], strides: 1, dilations: 2, pad: 'same' },
  { x: [2, 13, 11, 3], filter: [3, 2, 3, 2], strides: 1, dilations: [2, 3], pad: 'valid' },
  { x: [1, 14, 14, 2], filter: [3, 3, 2, 2], strides: 1, dilations: 3, pad: 2 },
];

function randomArray(size: number, seed: number): Float32Array {
  const rng = seededRandom(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

function describeCase(c: Case): string {
  return `x ${c.x.join('x')}, filter ${c.filter.join('x')}, strides ${c.strides}, dilations ${c.dilations}, pad ${JSON.stringify(c.pad)}`;
}

/** A dilated filter equals a dense one with zeros between taps, so the cpu backend's dense gradients are the reference. */
function dilateFilter(filter: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const expanded = tf.reshape(filter, [kh, 1, kw, 1, ci, co]);
  const spread = tf.pad(expanded, [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0], [0, 0]]);
  const dense = tf.reshape(spread, [kh * dh, kw * dw, ci, co]);
  return tf.slice(dense, [0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]) as tf.Tensor4D;
}

function referenceGradients(c: Case, x: Float32Array, filter: Float32Array, dy: Float32Array, outShape: Shape4) {
  return tf.tidy(() => {
    const geometry = conv2dGeometry(c.x, c.filter, c.strides, c.dilations, c.pad);
    const xs = tf.tensor4d(x, c.x);
    const fs = tf.tensor4d(filter, c.filter);
    const dys = tf.tensor4d(dy, outShape);
    const dense = (xx: tf.Tensor4D, ff: tf.Tensor4D) => tf.conv2d(xx, dilateFilter(ff, geometry.dilations), c.strides, c.pad as 'same');
    const [dx, df] = tf.grads((xx: tf.Tensor, ff: tf.Tensor) => dense(xx as tf.Tensor4D, ff as tf.Tensor4D))([xs, fs], dys);
    return { dx: dx!.dataSync().slice(), df: df!.dataSync().slice() };
  });
}

function gapFillGradients(c: Case, x: Float32Array, filter: Float32Array, dy: Float32Array, outShape: Shape4) {
  const backend = tf.backend();
  const geometry = conv2dGeometry(c.x, c.filter, c.strides, c.dilations, c.pad);
  const xs = tf.tensor4d(x, c.x);
  const fs = tf.tensor4d(filter, c.filter);
  const dys = tf.tensor4d(dy, outShape);
  const read = (compute: (scope: KernelScope) => tf.TensorInfo) => {
    const scope = new KernelScope(backend, tf.getBackend());
    const info = scope.finish(compute(scope));
    const values = (backend.readSync(info.dataId) as Float32Array).slice();
    backend.disposeData(info.dataId);
    return { values, shape: info.shape };
  };
  const df = read((scope) => conv2dFilterGradient(scope, xs, dys, geometry));
  const dx = read((scope) => conv2dInputGradient(scope, dys, fs, geometry));
  tf.dispose([xs, fs, dys]);
  return { dx, df };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('conv2d gradient gap-fills on wasm match the cpu backend', () => {
  beforeAll(async () => {
    installKernelFills('wasm');
  });

  cases.forEach((c, index) => {
    it(`case ${index}: ${describeCase(c)}`, async () => {
      const geometry = conv2dGeometry(c.x, c.filter, c.strides, c.dilations, c.pad);
      const x = randomArray(c.x.reduce((a, b) => a * b), 10 + index);
      const filter = randomArray(c.filter.reduce((a, b) => a * b), 20 + index);
      const dy = randomArray(geometry.outShape.reduce((a, b) => a * b), 30 + index);

      await tf.setBackend('cpu');
      const reference = referenceGradients(c, x, filter, dy, geometry.outShape);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const filled = gapFillGradients(c, x, filter, dy, geometry.outShape);

      expect(filled.df.shape).toEqual(c.filter);
      expect(filled.dx.shape).toEqual(c.x);
      expect(maxAbsDiff(filled.df.values, reference.df)).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(filled.dx.values, reference.dx)).toBeLessThanOrEqual(1e-4);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  it('tf.grad of conv2d on wasm uses the registered kernels and matches cpu for strides and paddings', async () => {
    const undilated = cases.filter((c) => c.dilations === 1);
    for (const [index, c] of undilated.entries()) {
      const x = randomArray(c.x.reduce((a, b) => a * b), 40 + index);
      const filter = randomArray(c.filter.reduce((a, b) => a * b), 50 + index);
      const run = () =>
        tf.tidy(() => {
          const xs = tf.tensor4d(x, c.x);
          const fs = tf.tensor4d(filter, c.filter);
          // A weighted sum makes dy non-uniform, so index mistakes cannot cancel out.
          const lossOf = (xx: tf.Tensor, ff: tf.Tensor) => {
            const y = tf.conv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, c.strides, c.pad as 'same');
            return tf.sum(tf.mul(y, tf.sin(tf.reshape(tf.range(0, y.size), y.shape))));
          };
          const [dx, df] = tf.grads(lossOf)([xs, fs]);
          return [dx!.dataSync().slice(), df!.dataSync().slice()] as const;
        });
      await tf.setBackend('cpu');
      const [cpuDx, cpuDf] = run();
      await tf.setBackend('wasm');
      const [wasmDx, wasmDf] = run();
      expect(maxAbsDiff(wasmDx, cpuDx), describeCase(c)).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(wasmDf, cpuDf), describeCase(c)).toBeLessThanOrEqual(1e-4);
    }
  });
});
