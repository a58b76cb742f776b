import os from 'node:os';
import type { BackendId } from '@skipbench/backends';
import type { Model } from '@skipbench/core';

const FLOAT32_BYTES = 4;
/**
 * Copies of the parameters a training probe holds: the weights, their gradients and Adam's two moments.
 */
const PARAMETER_COPIES = 4;
/**
 * Tensors kept for the backward pass per stream stage: a block's input and the intermediates of its branch
 * (convolution or matMul output, normalisation, activation) are each about one stage in size.
 */
const ACTIVATIONS_PER_STAGE = 4;

export interface MemoryEstimate {
  parameterBytes: number;
  activationBytes: number;
  totalBytes: number;
}

const elements = (shape: readonly number[]) => shape.reduce((product, side) => product * side, 1);

/**
 * What one case will need at most, from the model's parameters and its declared stream shapes at the samples
 * its probe runs on (`Probe.samples`, the case's batch by default), before any activation is allocated: a
 * rough upper bound, meant to refuse what cannot fit, not to budget.
 */
export function estimateCaseMemory(model: Model, samples: number): MemoryEstimate {
  const parameterBytes = model.params.reduce((sum, p) => sum + p.size, 0) * FLOAT32_BYTES * PARAMETER_COPIES;
  const activationBytes = model.streamShapes(samples).reduce((sum, shape) => sum + elements(shape), 0) * FLOAT32_BYTES * ACTIVATIONS_PER_STAGE;
  return { parameterBytes, activationBytes, totalBytes: parameterBytes + activationBytes };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `960 B`, `1.5 KiB`, `72.0 GiB`. */
export function formatBytes(bytes: number): string {
  const power = Math.min(UNITS.length - 1, Math.max(0, Math.floor(Math.log2(Math.max(1, bytes)) / 10)));
  return power === 0 ? `${Math.round(bytes)} B` : `${(bytes / 2 ** (10 * power)).toFixed(1)} ${UNITS[power]}`;
}

/** wasm32 addresses 4 GiB: no case on the wasm backend can use more, whatever the machine has. */
const BACKEND_MEMORY_LIMIT: Partial<Record<BackendId, number>> = { wasm: 4 * 2 ** 30 };

/** The default memory limit of one case: this machine's free memory shared by the jobs, within what the backend can address. */
export function defaultMaxMemoryBytes(backend: BackendId, jobs: number): number {
  return Math.min(os.freemem() / jobs, BACKEND_MEMORY_LIMIT[backend] ?? Number.POSITIVE_INFINITY);
}
