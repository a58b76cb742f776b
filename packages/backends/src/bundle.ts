import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let directory: string | undefined;

/**
 * For a packed, single-file bundle (`skipbench pack`): the wasm binaries and Dawn's Node binding lie in
 * `dir` instead of in node_modules. Call it before selecting a backend.
 */
export function useBundledBinaries(dir: string): void {
  directory = dir;
  setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The packed bundle's folder, when running from one. */
export function bundleDirectory(): string | undefined {
  return directory;
}
