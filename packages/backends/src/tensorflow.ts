import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SkipbenchError } from '@skipbench/core';
import type { BackendAvailability, TensorflowFlavour } from './ids.js';


/** Preferred first: CUDA, then libtensorflow on the CPU. Both register the backend `tensorflow`. */
const PACKAGES: ReadonlyArray<{ name: string; flavour: TensorflowFlavour }> = [
  { name: '@tensorflow/tfjs-node-gpu', flavour: 'gpu' },
  { name: '@tensorflow/tfjs-node', flavour: 'cpu' },
];

export const TENSORFLOW_INSTALL_HINT =
  'not installed: npm install @tensorflow/tfjs-node-gpu (CUDA 11.2 and cuDNN 8.1 on the host; its install downloads libtensorflow) or @tensorflow/tfjs-node (CPU)';

const require = createRequire(import.meta.url);
type Resolve = (name: string) => string;

function installed(resolve: Resolve) {
  for (const candidate of PACKAGES) {
    try {
      resolve(`${candidate.name}/package.json`);
      return candidate;
    } catch {
      // not installed: try the next
    }
  }
  return undefined;
}

/** Whether tfjs-node(-gpu) is installed, judged without loading its native addon. `resolve` is replaceable for tests. */
export function tensorflowAvailability(resolve: Resolve = require.resolve): BackendAvailability {
  const found = installed(resolve);
  if (found === undefined) return { id: 'tensorflow', available: false, detail: TENSORFLOW_INSTALL_HINT };
  return {
    id: 'tensorflow',
    available: true,
    flavour: found.flavour,
    detail: `${found.name} installed (${found.flavour === 'gpu' ? 'CUDA' : 'CPU'}); libtensorflow loads when selected`,
  };
}

/** The first GPU's name from nvidia-smi, where there is one. */
function nvidiaGpuName(): string | null {
  const result = spawnSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], { encoding: 'utf8', timeout: 10_000 });
  const name = result.status === 0 ? result.stdout.split('\n')[0]?.trim() : undefined;
  return name ? name : null;
}

/** Loads tfjs-node(-gpu), which registers the `tensorflow` backend on the shared TF.js engine. */
export async function loadTensorflow(): Promise<{ packageName: string; version: string; gpu: string | null }> {
  const found = installed(require.resolve);
  if (found === undefined) throw new SkipbenchError(`Backend 'tensorflow' is ${TENSORFLOW_INSTALL_HINT}.`, 'backend');
  try {
    await import(found.name);
  } catch (error) {
    const reason = String((error as Error).message).split('\n')[0];
    throw new SkipbenchError(
      `Backend 'tensorflow': ${found.name} is installed but libtensorflow did not load (${reason}); on CUDA 12 hosts it needs CUDA 11.2 libraries, or try npm rebuild ${found.name} --build-addon-from-source.`,
      'backend',
    );
  }
  const { version } = require(`${found.name}/package.json`) as { version: string };
  return { packageName: found.name, version, gpu: found.flavour === 'gpu' ? (nvidiaGpuName() ?? 'CUDA GPU') : null };
}
