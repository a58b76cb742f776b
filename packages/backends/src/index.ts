/**
 * `@skipbench/backends`: which TensorFlow.js backend a run uses (`wasm`, embedded; `cpu`, the reference;
 * `webgpu`, Dawn; `tensorflow`, the user's tfjs-node), what device it reports, and the kernel fills that give
 * a backend the kernels it lacks. `selectBackend` is the one way to set core's `tf` up.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { SkipbenchError, unknownChoice, tf } from '@skipbench/core';
import { installKernelFills, type KernelFill } from './kernels/index.js';
import { BACKEND_IDS, type BackendAvailability, type BackendId } from './ids.js';
import { loadTensorflow, tensorflowAvailability } from './tensorflow.js';
import { useWasmThreads } from './wasm-threads.js';
export { MAX_WASM_THREADS, threadedWasmScripts } from './wasm-threads.js';
import { guardSynchronousReads, loadWebgpu, webgpuAvailability } from './webgpu.js';

export { BACKEND_IDS, defaultBackend, type BackendAvailability, type BackendId } from './ids.js';
export { useBundledBinaries } from './bundle.js';
export { dawnBindingPath, dawnBindingRelativePath } from './webgpu.js';
export { TENSORFLOW_INSTALL_HINT, tensorflowAvailability } from './tensorflow.js';
export { installKernelFills, measureConvKernelTimings, unsortedSegmentSumKernel, type KernelFill, type KernelTiming, type KernelTimingOptions } from './kernels/index.js';

/** What a run used, recorded in every results document. */
export interface BackendInfo {
  id: BackendId;
  /** Human description of the device the numbers come from. */
  device: string;
  threads: number;
  simd: boolean | null;
  kernelFills: KernelFill[];
  /** Why this backend: `requested`, or how `auto` chose it. */
  reason: string;
  /** The GPU or other accelerator; null for CPU backends. */
  accelerator: { name: string; memoryGiB: number | null } | null;
  /** Versions of TF.js and of the backend's package. */
  versions: Record<string, string>;
}

/** What `--backend` accepts: a backend, or `auto` to take the fastest one this machine can run. */
export const BACKEND_CHOICES = [...BACKEND_IDS, 'auto'] as const;

const require = createRequire(import.meta.url);

/** A package's version from its package.json, or `bundled` inside a packed bundle, which has none beside it. */
function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'bundled';
  }
}

const embeddedVersions: Record<'wasm' | 'cpu', string> = { wasm: version_wasm, cpu: tf.version['tfjs-backend-cpu'] ?? 'unknown' };

function cpuModel(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
}

/** Whether each backend can run here, and why (not), one line each. Loads nothing into TF.js. */
export async function listBackends(): Promise<BackendAvailability[]> {
  return [
    { id: 'wasm', available: true, detail: 'TF.js WebAssembly (XNNPACK), embedded; the default' },
    { id: 'cpu', available: true, detail: 'TF.js plain JavaScript; a correctness reference, ~1000x slower than wasm' },
    await webgpuAvailability(),
    tensorflowAvailability(),
  ];
}

/**
 * `auto`'s order: CUDA through tfjs-node-gpu, then WebGPU where Dawn finds an adapter, then libtensorflow on
 * the CPU, then wasm, which is always there. Returns the choice and the reason, naming what was passed over.
 */
export function chooseAutoBackend(availability: readonly BackendAvailability[]): { id: BackendId; reason: string } {
  const of = (id: BackendId) => availability.find((a) => a.id === id);
  const tensorflow = of('tensorflow');
  const webgpu = of('webgpu');
  const candidates: Array<{ id: BackendId; label: string; usable: boolean; detail: string }> = [
    { id: 'tensorflow', label: 'tensorflow (CUDA)', usable: tensorflow?.available === true && tensorflow.flavour === 'gpu', detail: tensorflow?.detail ?? 'unknown' },
    { id: 'webgpu', label: 'webgpu', usable: webgpu?.available === true, detail: webgpu?.detail ?? 'unknown' },
    { id: 'tensorflow', label: 'tensorflow (CPU)', usable: tensorflow?.available === true && tensorflow.flavour === 'cpu', detail: tensorflow?.detail ?? 'unknown' },
  ];
  const passed: string[] = [];
  for (const candidate of candidates) {
    if (candidate.usable) return { id: candidate.id, reason: `auto: ${candidate.label} first available${passed.length ? ` (${passed.join('; ')})` : ''}` };
    if (!passed.some((p) => p.startsWith(candidate.id))) passed.push(`${candidate.id}: ${candidate.detail}`);
  }
  return { id: 'wasm', reason: `auto: wasm, as no GPU backend is available (${passed.join('; ')})` };
}

export interface BackendOptions {
  /**
   * Threads of the wasm backend: above 1, TF.js's threaded-SIMD build (see `useWasmThreads`), worth it only
   * for a process that has the cores to itself. Other backends schedule their own threads and ignore it.
   * @default 1
   */
  threads?: number;
}

/** Selects, initialises and describes a backend (`auto` included). The one place that knows backends; probes never branch on them. */
export async function selectBackend(requested: string, options: BackendOptions = {}): Promise<BackendInfo> {
  if (!(BACKEND_CHOICES as readonly string[]).includes(requested)) throw unknownChoice('backend', requested, BACKEND_CHOICES);
  let id = requested as BackendId;
  let reason = 'requested';
  if (requested === 'auto') ({ id, reason } = chooseAutoBackend(await listBackends()));
  let accelerator: BackendInfo['accelerator'] = null;
  let device: string | undefined;
  const versions: Record<string, string> = { '@tensorflow/tfjs': tf.version.tfjs ?? 'unknown' };
  if (id === 'webgpu') {
    const adapter = await loadWebgpu();
    accelerator = { name: adapter.name, memoryGiB: null };
    device = `${adapter.name} (${adapter.backend}${adapter.software ? ', software' : ''}), webgpu via Dawn`;
    Object.assign(versions, { '@tensorflow/tfjs-backend-webgpu': packageVersion('@tensorflow/tfjs-backend-webgpu'), webgpu: packageVersion('webgpu') });
  } else if (id === 'tensorflow') {
    const loaded = await loadTensorflow();
    accelerator = loaded.gpu === null ? null : { name: loaded.gpu, memoryGiB: null };
    device = loaded.gpu === null ? `${cpuModel()}, libtensorflow` : `${loaded.gpu}, libtensorflow CUDA`;
    versions[loaded.packageName] = loaded.version;
  } else {
    versions[`@tensorflow/tfjs-backend-${id}`] = embeddedVersions[id];
  }
  if (id === 'wasm') useWasmThreads(options.threads ?? 1);
  const kernelFills = installKernelFills(id);
  const ok = await tf.setBackend(id);
  if (!ok) throw new SkipbenchError(`Backend '${id}' failed to initialise.`, 'backend');
  await tf.ready();
  if (id === 'webgpu') guardSynchronousReads(tf.backend());
  const simd = id === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  // wasm: the threads its XNNPACK pool really has; the cpu backend is single-threaded JavaScript;
  // libtensorflow and GPUs schedule their own threads, counted here as the host's cores.
  const threads = id === 'wasm' ? getThreadsCount() : id === 'cpu' ? 1 : os.cpus().length;
  return {
    id,
    device: device ?? `${cpuModel()}, ${id}${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`,
    threads,
    simd,
    kernelFills,
    reason,
    accelerator,
    versions,
  };
}
