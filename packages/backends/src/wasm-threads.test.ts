import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, tf } from '@skipbench/core';
import { toyConv } from '@skipbench/core/toys';
import { selectBackend } from './index.js';

/** The loss's gradient with respect to every parameter of a small conv net (batch norm, 3 residual blocks), read back. */
function convGradients(): Float32Array[] {
  const model = buildModel(toyConv, { ...toyConv.defaults, width: 8, inputSize: 12, seed: 7 });
  try {
    return tf.tidy(() => {
      const { x, y } = model.task.sample(16, 7);
      const { grads } = tf.variableGrads(() => model.task.loss(model.forward(x).out, y), model.params);
      return model.params.map((p) => grads[p.name]!.dataSync() as Float32Array);
    });
  } finally {
    model.dispose();
  }
}

/** The wasm-threads folders this machine's temporary directory holds now. */
const scratchFolders = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('skipbench-wasm-threads-'));

describe('wasm threads', () => {
  afterAll(() => selectBackend('wasm'));

  it('runs XNNPACK on the threads asked for, and records that count, not 1', async () => {
    const before = scratchFolders();
    const backend = await selectBackend('wasm', { threads: 2 });
    expect(getThreadsCount()).toBe(2);
    expect(backend.threads).toBe(2);
    expect(backend.device).toMatch(/, wasm SIMD, 2 threads$/);
    // The pthread worker's file is gone once the pool has loaded it.
    expect(scratchFolders()).toEqual(before);
    const single = await selectBackend('wasm', { threads: 1 });
    expect([getThreadsCount(), single.threads, single.device.endsWith('wasm SIMD, 1 thread')]).toEqual([1, 1, true]);
  });

  it('computes the same gradients on 2 threads as on 1, for a small conv net', async () => {
    await selectBackend('wasm', { threads: 1 });
    const one = convGradients();
    await selectBackend('wasm', { threads: 2 });
    const two = convGradients();
    expect(two.map((g) => g.length)).toEqual(one.map((g) => g.length));
    const worst = Math.max(...one.map((g, i) => Math.max(...g.map((v, j) => Math.abs(v - two[i]![j]!) / (Math.abs(v) + 1e-6)))));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('refuses a count the threaded build cannot run, in one line', async () => {
    await expect(selectBackend('wasm', { threads: 9 })).rejects.toThrow(/^Expected threads to be an integer from 1 to 8, but got 9\.$/);
    await expect(selectBackend('wasm', { threads: 0 })).rejects.toThrow('Expected threads to be an integer from 1 to 8, but got 0.');
  });

  it('finds the threaded build beside the installed TF.js wasm package', async () => {
    const { threadedFilesDirectory, THREADED_FILES } = await import('./wasm-threads.js');
    for (const file of Object.values(THREADED_FILES)) expect(existsSync(`${threadedFilesDirectory()}/${file}`)).toBe(true);
  });
});
