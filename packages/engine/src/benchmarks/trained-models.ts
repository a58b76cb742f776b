import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Model, TrainedModels, TF } from '@skipbench/core';

/** The folder of a run's trained models, beside its results file: kept with the journal, removed with it. */
export const trainedModelsPath = (out: string) => `${out}.trained`;

/** What one entry file holds; arrays as base64 of their bytes, so every bit (NaN too) comes back. */
interface Entry {
  key: string;
  losses: string;
  params: Array<{ shape: number[]; data: string }>;
}

/** JSON with object keys sorted, so a config spelled in another order names the same training. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const bytesOf = (array: Float32Array | Float64Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** A base64 string's bytes as a typed array, or `undefined` when their length is not `length` elements. */
function decode<T extends Float32Array | Float64Array>(data: unknown, Kind: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number }, length?: number): T | undefined {
  if (typeof data !== 'string') return undefined;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.byteLength % Kind.BYTES_PER_ELEMENT !== 0 || (length !== undefined && bytes.byteLength !== length * Kind.BYTES_PER_ELEMENT)) return undefined;
  return new Kind(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** The entry's losses and parameter values when it is whole and fits `model` and `key`; `undefined` otherwise. */
function readEntry(file: string, key: string, model: Model): { losses: number[]; values: Float32Array[] } | undefined {
  let entry: Partial<Entry>;
  try {
    entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<Entry>;
  } catch {
    return undefined;
  }
  if (entry?.key !== key || !Array.isArray(entry.params) || entry.params.length !== model.params.length) return undefined;
  const losses = decode(entry.losses, Float64Array);
  const values: Float32Array[] = [];
  for (const [i, param] of model.params.entries()) {
    const stored = entry.params[i];
    if (!Array.isArray(stored?.shape) || canonical(stored.shape) !== canonical(param.shape)) return undefined;
    const value = decode(stored.data, Float32Array, param.size);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return losses === undefined ? undefined : { losses: [...losses], values };
}

/** Writes to a file of its own, then renames: a reader sees the whole entry or none, whichever lane wrote it. */
function writeEntry(folder: string, file: string, entry: Entry): void {
  const temporary = path.join(folder, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, file);
  } catch {
    // Storing only saves later cases time: one that finds no entry trains itself.
    rmSync(temporary, { force: true });
  }
}

/**
 * The run's trained models in `folder` as one case sees them: `architecture` and `backend` are the case's,
 * and each entry is keyed by a hash of them, the model's config, its initial parameters and `training`.
 */
export function trainedModelStore(tf: TF, folder: string, { architecture, backend }: { architecture: string; backend: string }): TrainedModels {
  return {
    async reuse(model, training, train) {
      // Only float32 parameters are stored byte for byte.
      if (model.params.some((p) => p.dtype !== 'float32')) return train();
      const initial = await Promise.all(model.params.map((p) => p.data() as Promise<Float32Array>));
      const key = canonical({ architecture, backend, config: model.config, training });
      const hash = createHash('sha256').update(key);
      for (const values of initial) hash.update(bytesOf(values));
      const file = path.join(folder, `${hash.digest('hex').slice(0, 32)}.json`);
      const stored = readEntry(file, key, model);
      if (stored !== undefined) {
        for (const [i, param] of model.params.entries()) tf.tidy(() => param.assign(tf.tensor(stored.values[i]!, param.shape, 'float32')));
        return stored.losses;
      }
      const losses = await train();
      const trained = await Promise.all(model.params.map((p) => p.data() as Promise<Float32Array>));
      writeEntry(folder, file, {
        key,
        losses: bytesOf(Float64Array.from(losses)).toString('base64'),
        params: model.params.map((p, i) => ({ shape: p.shape, data: bytesOf(trained[i]!).toString('base64') })),
      });
      return losses;
    },
  };
}
