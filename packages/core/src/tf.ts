/**
 * The one TensorFlow.js instance skipbench uses. Plugins never import TF.js: they receive this module
 * through their build context, so a plugin installed beside another copy of TF.js still shares our engine.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

// PROD silences TF.js's console advice (install tfjs-node); skipbench reports backends itself.
tf.env().set('PROD', true);

/**
 * Core's TensorFlow.js (`@tensorflow/tfjs`, with the wasm backend): the instance `BuildContext.tf` and
 * `ProbeContext.tf` hand a plugin, and the one `selectBackend` sets the backend of and installs core's
 * kernel fills on. Plugins use it and never import `@tensorflow/tfjs` themselves: TF.js keeps one engine and
 * one kernel registry per process, shared by every copy loaded, so a second copy runs another version's ops
 * on core's backend and registers its kernels over core's (a second wasm backend re-registers the wasm
 * kernels, a fill of core's among them).
 */
export { tf };
/**
 * The type of `tf`, core's TensorFlow.js namespace: what `BuildContext.tf` and `ProbeContext.tf` are.
 * `@skipbench/core` exports `tf` itself and TF.js's tensor types `Tensor`, `Tensor4D`, `Variable` and
 * `Scalar` beside it; they are TF.js's own, re-exported, so this reference has no page for them (TF.js's
 * has: https://js.tensorflow.org/api/latest/). Plugins import them from `@skipbench/core` and never import
 * `@tensorflow/tfjs`: `selectBackend` sets the backend of this instance and installs core's kernel fills on
 * it, and a second copy of TF.js shares its engine and kernel registry and registers its kernels over core's.
 */
export type TF = typeof tf;
/** TF.js's tensor types, re-exported so plugins type their code without importing TF.js (see `TF`). */
export type { Tensor, Tensor4D, Variable, Scalar, Rank, TensorInfo } from '@tensorflow/tfjs';
