/** The backends skipbench runs on. */
export const BACKEND_IDS = ['wasm', 'cpu', 'webgpu', 'tensorflow'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** @default 'wasm': embedded, needs no native install. */
export const defaultBackend: BackendId = 'wasm';

/** TF.js's native package flavour: `gpu` is tfjs-node-gpu. */
export type TensorflowFlavour = 'gpu' | 'cpu';

export interface BackendAvailability {
  id: BackendId;
  available: boolean;
  /** Why it is (not) available, in one line. */
  detail: string;
  /** For `tensorflow`: which package would load (`gpu` is tfjs-node-gpu). */
  flavour?: TensorflowFlavour;
}
