import { createRequire } from 'node:module';
import os from 'node:os';
import { BACKEND_IDS, type BackendId } from '../constants.js';
import { SkipbenchError, unknownChoice } from '../errors.js';
import { installKernelFills, type KernelFill } from '../kernels/index.js';
import { tf } from '../tf.js';

/** What a run used, recorded in every results document. */
export interface BackendInfo {
  id: BackendId;
  /** Human description of the device the numbers come from. */
  device: string;
  threads: number;
  simd: boolean | null;
  kernelFills: KernelFill[];
  reason: string;
  /** The GPU or other accelerator; null for CPU backends. */
  accelerator: { name: string; memoryGiB: number | null } | null;
  /** Versions of TF.js and of the backend's package. */
  versions: Record<string, string>;
}

export interface BackendAvailability {
  id: BackendId;
  available: boolean;
  /** Why it is (not) available, in one line. */
  detail: string;
}

const descriptions: Record<BackendId, string> = {
  wasm: 'TF.js WebAssembly (XNNPACK), embedded; the default',
  cpu: 'TF.js plain JavaScript; a correctness reference, ~1000x slower than wasm',
};

const require = createRequire(import.meta.url);
const backendPackages: Record<BackendId, string> = { wasm: '@tensorflow/tfjs-backend-wasm', cpu: '@tensorflow/tfjs-backend-cpu' };

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function cpuModel(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} (${cpus.length} cores)`;
}

export function listBackends(): BackendAvailability[] {
  return BACKEND_IDS.map((id) => ({ id, available: true, detail: descriptions[id] }));
}

/** Selects, initialises and describes a backend. The one place that knows backends; probes never branch on them. */
export async function selectBackend(id: string): Promise<BackendInfo> {
  if (!(BACKEND_IDS as readonly string[]).includes(id)) throw unknownChoice('backend', id, BACKEND_IDS);
  const backendId = id as BackendId;
  const kernelFills = installKernelFills(backendId);
  const ok = await tf.setBackend(backendId);
  if (!ok) throw new SkipbenchError(`Backend '${backendId}' failed to initialise.`, 'backend');
  await tf.ready();
  const simd = backendId === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  // TF.js disables wasm threads in Node (tfjs#3830), and the cpu backend is single-threaded JavaScript.
  const threads = 1;
  return {
    id: backendId,
    device: `${cpuModel()}, ${backendId}${simd ? ' SIMD' : ''}, ${threads} thread`,
    threads,
    simd,
    kernelFills,
    reason: 'requested',
    accelerator: null,
    versions: { '@tensorflow/tfjs': tf.version.tfjs ?? 'unknown', [backendPackages[backendId]]: packageVersion(backendPackages[backendId]) },
  };
}
