import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { UsageError, tf } from '@skipbench/core';
import { bundleDirectory } from './bundle.js';

const require = createRequire(import.meta.url);

/** XNNPACK's pool is 8 web workers, prebuilt by the threaded build: its C++ side never uses more. */
export const MAX_WASM_THREADS = 8;

/** The threaded-SIMD build's Emscripten loader, its pthread worker (as a string) and binary. */
export const THREADED_FILES = {
  loader: 'tfjs-backend-wasm-threaded-simd.js',
  worker: 'tfjs-backend-wasm-threaded-simd.worker.js',
  binary: 'tfjs-backend-wasm-threaded-simd.wasm',
} as const;

const installedDirectory = () => path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');

/** Where the threaded build's files lie: beside a packed bundle, or in the installed package's wasm-out. */
export function threadedFilesDirectory(): string {
  return bundleDirectory() ?? installedDirectory();
}

/** The threaded build's loader and pthread worker in the installed package: a packed bundle copies them beside itself. */
export function threadedWasmScripts(): string[] {
  return [THREADED_FILES.loader, THREADED_FILES.worker].map((file) => path.join(installedDirectory(), file));
}

interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread: { runningWorkers: Array<{ unref(): void }> };
  tfjs?: Record<string, unknown>;
}
type Imports = { env: Record<string, unknown> };
/** The part of the WebAssembly global used here (core compiles without the DOM's types, which declare it). */
interface Instantiated {
  instance: unknown;
  module: unknown;
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: { instantiate(binary: Uint8Array, imports: Imports): Promise<Instantiated> } };
type ThreadedFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

/** TF.js's own `wasm` factory (single-threaded SIMD build), kept to return to; and the threads now registered. */
let singleThreaded: (() => unknown) | undefined;
let registeredThreads = 1;

/**
 * Makes `wasm` run on `threads` threads from its next initialisation: 1 is TF.js's own single-threaded
 * build, more its threaded-SIMD build (`registerThreadedWasm`). Call it before `tf.setBackend('wasm')`;
 * an initialised wasm backend on another count is disposed.
 */
export function useWasmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new UsageError(`Expected threads to be an integer from 1 to ${MAX_WASM_THREADS}, but got ${threads}.`);
  }
  if (threads === registeredThreads) return;
  singleThreaded ??= tf.findBackendFactory('wasm') as () => unknown;
  tf.removeBackend('wasm');
  if (threads === 1) tf.registerBackend('wasm', singleThreaded as never, 2);
  else registerThreadedWasm(threads);
  registeredThreads = threads;
}

/**
 * Registers TF.js's threaded-SIMD wasm build as the `wasm` backend, on `threads` threads; call it before
 * `tf.setBackend('wasm')`. TF.js keeps Node on the single-threaded build (tfjs#3830) because it hands
 * Emscripten its pthread worker as a `blob:` URL, which Node's worker_threads refuse (ERR_WORKER_PATH):
 * here the worker is a real file, in a temporary folder removed once the pool has loaded it. Its C++ side
 * caps the pool at half of `emscripten_num_logical_cores()` (one thread on two cores, assuming hyperthreads),
 * so that import answers twice the count asked for.
 */
function registerThreadedWasm(threads: number): void {
  const dir = threadedFilesDirectory();
  const loader = path.join(dir, THREADED_FILES.loader);
  const binary = path.join(dir, THREADED_FILES.binary);
  tf.registerBackend(
    'wasm',
    async () => {
      const { wasmWorkerContents } = require(path.join(dir, THREADED_FILES.worker)) as { wasmWorkerContents: string };
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'skipbench-wasm-threads-'));
      try {
        const worker = path.join(scratch, 'worker.cjs');
        // The contents hold "\n" escapes that became newlines inside string literals; TF.js undoes it the same way.
        writeFileSync(worker, wasmWorkerContents.replace(/\n/g, '\\n'));
        const factory = require(loader) as ThreadedFactory;
        // Emscripten waits for instantiateWasm's callback forever: a failed instantiation rejects here instead.
        let failed: (error: unknown) => void = () => {};
        const instantiationFailed = new Promise<never>((_, reject) => (failed = reject));
        const loading = factory({
          locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? worker : prefix + file),
          // Each worker reads the loader itself (importScripts): a path, where TF.js gives a Blob.
          mainScriptUrlOrBlob: loader,
          instantiateWasm: (imports: Imports, receive: (instance: unknown, module: unknown) => void) => {
            imports.env.emscripten_num_logical_cores = () => 2 * threads;
            WebAssembly.instantiate(readFileSync(binary), imports).then((source) => receive(source.instance, source.module), failed);
            return {};
          },
        });
        const module = await Promise.race([loading, instantiationFailed]);
        // The bridge TF.js's own init() puts on the module (tfjs-backend-wasm's backend_wasm.ts).
        module.tfjs = {
          init: module.cwrap('init', null, []),
          initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
          getThreadsCount: module.cwrap('get_threads_count', 'number', []),
          registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
          disposeData: module.cwrap('dispose_data', null, ['number']),
          dispose: module.cwrap('dispose', null, []),
        };
        setThreadsCount(threads);
        const backend = new BackendWasm(module as never);
        // The pool's threads now wait for work; Emscripten refs a running thread's worker, which would keep Node from exiting.
        for (const thread of module.PThread.runningWorkers) thread.unref();
        return backend;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    2,
  );
}
