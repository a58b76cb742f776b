import type { Tensor, TF } from './tf.js';

/**
 * Reads every tensor back asynchronously, so later `dataSync()` calls on them return the cached values on
 * every backend. WebGPU in Node has no synchronous read (TF.js's needs an OffscreenCanvas): probes compute,
 * await this, then read.
 */
export async function settled(tensors: readonly Tensor[]): Promise<void> {
  await Promise.all(tensors.map((t) => t.data()));
}

/**
 * Computes tensors in one TF.js scope, reads their values back asynchronously and frees them. The way
 * probes read numbers, so they run on every backend, webgpu in Node included.
 */
export async function readBack(tf: TF, compute: () => Tensor[]): Promise<Float32Array[]> {
  const tensors = tf.tidy(compute);
  try {
    return (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(tensors);
  }
}
