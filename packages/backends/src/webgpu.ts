import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SkipbenchError } from '@skipbench/core';
import { bundleDirectory } from './bundle.js';
import type { BackendAvailability } from './ids.js';

const require = createRequire(import.meta.url);

/**
 * Where Dawn's binding for this platform lies inside the `webgpu` package, and inside a packed bundle:
 * one per platform, e.g. dist/linux-x64/dawn.node.
 */
export const dawnBindingRelativePath = () => path.join('dist', `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`, 'dawn.node');

/** Dawn's Node binding for this platform: beside a packed bundle, or in the installed `webgpu` package. */
export function dawnBindingPath(): string | undefined {
  let base = bundleDirectory();
  if (base === undefined) {
    try {
      base = path.dirname(require.resolve('webgpu'));
    } catch {
      return undefined;
    }
  }
  const file = path.join(base, dawnBindingRelativePath());
  return existsSync(file) ? file : undefined;
}

function backendPackageInstalled(): boolean {
  if (bundleDirectory() !== undefined) return true;
  try {
    require.resolve('@tensorflow/tfjs-backend-webgpu');
    return true;
  } catch {
    return false;
  }
}

export interface Adapter {
  name: string;
  vendor: string;
  architecture: string;
  /** The native API Dawn drives on this platform (Vulkan, Metal, D3D12). */
  backend: string;
  /** A software device (e.g. Mesa's lavapipe): fine for checking results, meaningless for speed. */
  software: boolean;
}

const NATIVE_API: Record<string, string> = { linux: 'Vulkan', darwin: 'Metal', win32: 'D3D12' };

// Runs in a child process: Dawn writes its own diagnostics to stderr (and a native fault must not end the run).
const ADAPTER_PROBE = `
const { create } = require(process.env.SKIPBENCH_DAWN);
create([]).requestAdapter({ powerPreference: 'high-performance' }).then((adapter) => {
  const info = adapter ? adapter.info : null;
  process.stdout.write(JSON.stringify(info && { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, software: info.isFallbackAdapter === true }) + '\\n');
  process.exit(0);
});`;

let probed: { adapter: Adapter | null; reason: string } | undefined;

/** Asks Dawn for an adapter once per process: the adapter, or why there is none, in one line. */
function probeAdapter(binding: string): { adapter: Adapter | null; reason: string } {
  if (probed !== undefined) return probed;
  const child = spawnSync(process.execPath, ['-e', ADAPTER_PROBE], { env: { ...process.env, SKIPBENCH_DAWN: binding }, encoding: 'utf8', timeout: 60_000 });
  const stderr = child.stderr ?? '';
  const found = child.status === 0 ? (JSON.parse(child.stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, string | boolean> | null) : null;
  if (found !== null) {
    const text = (key: string) => (typeof found[key] === 'string' ? (found[key] as string) : '');
    const name = text('description') || [text('vendor'), text('architecture'), text('device')].filter(Boolean).join(' ') || 'unnamed adapter';
    const adapter = { name, vendor: text('vendor'), architecture: text('architecture'), backend: NATIVE_API[process.platform] ?? 'native', software: found.software === true };
    probed = { adapter, reason: '' };
  } else if (child.status !== 0) {
    probed = { adapter: null, reason: `Dawn's adapter probe ended with ${child.signal ?? `exit code ${child.status}`}${stderr ? ` (${firstLine(stderr)})` : ''}` };
  } else if (/libvulkan\.so/.test(stderr)) {
    probed = { adapter: null, reason: 'no adapter: Dawn needs the Vulkan loader (libvulkan.so.1, e.g. apt install libvulkan1) and a GPU driver with Vulkan' };
  } else {
    probed = { adapter: null, reason: `no adapter: Dawn found no GPU it can use${stderr ? ` (${firstLine(stderr)})` : ''}` };
  }
  return probed;
}

const firstLine = (text: string) => text.trim().split('\n')[0]!.slice(0, 160);

const NOT_INSTALLED = 'not installed: the optional dependencies webgpu and @tensorflow/tfjs-backend-webgpu are missing (npm install webgpu @tensorflow/tfjs-backend-webgpu)';

export async function webgpuAvailability(): Promise<BackendAvailability> {
  const binding = dawnBindingPath();
  if (binding === undefined || !backendPackageInstalled()) return { id: 'webgpu', available: false, detail: NOT_INSTALLED };
  const { adapter, reason } = probeAdapter(binding);
  if (adapter === null) return { id: 'webgpu', available: false, detail: reason };
  const kind = adapter.software ? ', a software device: results only, not speed' : '';
  return { id: 'webgpu', available: true, detail: `adapter ${adapter.name} (vendor ${adapter.vendor || '?'}, architecture ${adapter.architecture || '?'}, ${adapter.backend}${kind})` };
}

/** Exposes Dawn as `navigator.gpu` and registers TF.js's WebGPU backend; throws one line when there is no adapter. */
export async function loadWebgpu(): Promise<Adapter> {
  const binding = dawnBindingPath();
  if (binding === undefined || !backendPackageInstalled()) throw new SkipbenchError(`Backend 'webgpu' is ${NOT_INSTALLED}.`, 'backend');
  const { adapter, reason } = probeAdapter(binding);
  if (adapter === null) throw new SkipbenchError(`Backend 'webgpu' is unavailable: ${reason}.`, 'backend');
  const { create, globals } = require(binding) as { create(flags: string[]): unknown; globals: Record<string, unknown> };
  // tfjs-backend-webgpu reads navigator.gpu and the GPU* constants (GPUBufferUsage, …) as browser globals.
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const host = globalThis as { navigator?: object };
  if (host.navigator === undefined) host.navigator = {};
  Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  return adapter;
}

/**
 * TF.js's WebGPU backend reads synchronously through an OffscreenCanvas, which Node lacks: a probe that calls
 * `dataSync()` on a tensor it has not read back asynchronously (see `settled`) gets this one line instead of
 * "OffscreenCanvas is not defined".
 */
export function guardSynchronousReads(backend: unknown): void {
  const webgpu = backend as { readSync(dataId: object): unknown; tensorMap: { get(dataId: object): { values?: unknown } | undefined } };
  if (typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== 'undefined') return;
  const readSync = webgpu.readSync.bind(webgpu);
  webgpu.readSync = (dataId) => {
    if (webgpu.tensorMap.get(dataId)?.values != null) return readSync(dataId);
    throw new SkipbenchError('This probe reads a tensor synchronously, which webgpu in Node cannot do: it needs to read it back with `await settled(...)` first.', 'backend');
  };
}
