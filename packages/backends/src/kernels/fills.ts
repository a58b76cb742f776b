import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { conv2dGradientKernels } from './conv2d-gradients.js';
import { doubleReductionKernel } from './reduction.js';
import { unsortedSegmentSumKernel } from './segment-sum.js';

/** Which kernels a backend gets from core, and why. */
export interface KernelFill {
  kernelName: string;
  backendName: string;
  action: 'added' | 'replaced';
  reason: string;
}

const fillsByBackend: Record<string, () => Array<{ config: KernelConfig; reason: string }>> = {
  wasm: () => [
    ...conv2dGradientKernels('wasm').map((config) => ({
      config: config as unknown as KernelConfig,
      reason:
        config.kernelName === 'Conv2DBackpropFilter'
          ? 'missing on wasm; computed as one forward conv with batch and channel axes swapped'
          : "wasm's transposed conv is ~10x slower than a forward conv with the flipped filter",
    })),
    {
      config: unsortedSegmentSumKernel('wasm'),
      reason: "missing on wasm (gather's gradient, sparse graph aggregation); one pass over the heap in JavaScript",
    },
    ...(['Sum', 'Mean'] as const).map((kernelName) => ({
      config: doubleReductionKernel(kernelName, 'wasm', () => replacedKernel(kernelName, 'wasm')),
      reason: "wasm's own adds every value into one float32 accumulator; over 64 values, summed in doubles over the heap as on cpu",
    })),
  ],
};

const installed = new Map<string, KernelFill[]>();
/** Kernels a fill replaced, kept so their speed can be compared with the fill's. */
const replaced = new Map<string, KernelConfig>();

/** The backend's own kernel that a fill replaced, if any. */
export function replacedKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return replaced.get(`${backendName}/${kernelName}`);
}

/**
 * Registers the gap-fills for `backendName` (once per process) and returns what was done.
 * Existing kernels are replaced (unregister, then register) so every gradient uses the faster path.
 */
export function installKernelFills(backendName: string): KernelFill[] {
  const done = installed.get(backendName);
  if (done !== undefined) return done;
  const fills: KernelFill[] = [];
  for (const { config, reason } of fillsByBackend[backendName]?.() ?? []) {
    const existing = getKernel(config.kernelName, backendName);
    const exists = existing !== undefined;
    if (exists) {
      replaced.set(`${backendName}/${config.kernelName}`, existing);
      unregisterKernel(config.kernelName, backendName);
    }
    registerKernel(config);
    fills.push({ kernelName: config.kernelName, backendName, action: exists ? 'replaced' : 'added', reason });
  }
  installed.set(backendName, fills);
  return fills;
}
