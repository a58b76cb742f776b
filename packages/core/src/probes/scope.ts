import type { TF } from '../tf.js';

/** Runs `fn` in a TF.js scope that frees every tensor it made, and returns its plain (non-tensor) result. */
export function scoped<T>(tf: TF, fn: () => T): T {
  let result: T | undefined;
  tf.tidy(() => {
    result = fn();
  });
  return result as T;
}
