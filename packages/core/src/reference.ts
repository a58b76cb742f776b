import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Model } from './block.js';
import { readBack } from './probes/settled.js';
import type { Tensor, TF } from './tf.js';

/** The format of a reference case folder; a reader refuses another. */
export const REFERENCE_FORMAT = 'skipbench-reference/1';

/** A float32 array as `name.npy` in a case folder: numpy reads it with `numpy.load` and nothing else. */
export interface ExportedArray {
  file: string;
  shape: number[];
}

/**
 * `index.json` of a reference case: the model's config, its parameters in `model.params` order, the batch,
 * and what skipbench computed on it (loss, `dL/dstream[l]` for every stage, `dL/dθ` for every parameter).
 * Layouts are TF.js's: images NHWC, conv filters `[kh, kw, in, out]`, dense kernels `[in, out]`.
 */
export interface ReferenceIndex {
  format: typeof REFERENCE_FORMAT;
  arch: string;
  config: Model['config'];
  batch: number;
  params: ExportedArray[];
  x: ExportedArray;
  y: ExportedArray;
  loss: number;
  streamGrads: ExportedArray[];
  paramGrads: ExportedArray[];
}

/** numpy's .npy format, version 1.0: magic, header length, a Python dict literal padded to 64 bytes, data. */
export function npyBytes(values: Float32Array, shape: readonly number[]): Buffer {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt8(0, 7);
  prefix.writeUInt16LE(header.length, 8);
  // Float32Array is little-endian on every platform Node runs on.
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

/**
 * Builds what a reference implementation needs to check `model` on one batch and writes it into `dir`:
 * `index.json` and one .npy file per array. Computes the loss and every stream and parameter gradient in one
 * backward pass (zero perturbations at every stage, as the gradient probes do).
 */
export async function exportReference(tf: TF, model: Model, options: { arch: string; batch: number; seed: number; dir: string }): Promise<ReferenceIndex> {
  const { dir, batch, seed } = options;
  mkdirSync(dir, { recursive: true });
  const { x, y } = model.task.sample(batch, seed);
  const streamShapes = model.streamShapes(batch);
  const computed = await readBack(tf, () => {
    const zeros = streamShapes.map((shape) => tf.zeros(shape));
    const targets = [...zeros, ...model.params];
    const { value, grads } = tf.engine().gradients(() => model.task.loss(model.forward(x, { perturb: zeros }).out, y), targets, undefined, true);
    // A parameter the loss does not reach has no gradient: it is exactly zero.
    return [value, ...grads.map((g, i) => g ?? tf.zerosLike(targets[i]!))] as Tensor[];
  });
  // The batch and the weights stay alive (readBack disposes what it reads): read them directly.
  const inputs = (await Promise.all([x, y, ...model.params].map((t) => t.data()))) as Float32Array[];
  const values = [computed[0]!, ...inputs, ...computed.slice(1)];
  const shapes = [[], x.shape, y.shape, ...model.params.map((p) => p.shape), ...streamShapes, ...model.params.map((p) => p.shape)];
  tf.dispose([x, y]);
  const loss = values[0]![0]!;
  const write = (name: string, index: number): ExportedArray => {
    const file = `${name}.npy`;
    writeFileSync(path.join(dir, file), npyBytes(Float32Array.from(values[index]!), shapes[index]!));
    return { file, shape: [...shapes[index]!] };
  };
  const paramCount = model.params.length;
  const index: ReferenceIndex = {
    format: REFERENCE_FORMAT,
    arch: options.arch,
    config: model.config,
    batch,
    x: write('x', 1),
    y: write('y', 2),
    params: model.params.map((_, i) => write(`param-${i}`, 3 + i)),
    loss,
    streamGrads: streamShapes.map((_, l) => write(`stream-grad-${l}`, 3 + paramCount + l)),
    paramGrads: model.params.map((_, i) => write(`param-grad-${i}`, 3 + paramCount + streamShapes.length + i)),
  };
  writeFileSync(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
