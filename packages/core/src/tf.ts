/**
 * The one TensorFlow.js instance skipbench uses. Plugins never import TF.js: they receive this module
 * through their build context, so a plugin installed beside another copy of TF.js still shares our engine.
 */
import * as tf from '@tensorflow/tfjs';
import type * as tfjs from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

// PROD silences TF.js's console advice (install tfjs-node); skipbench reports backends itself.
tf.env().set('PROD', true);

/**
 * Core's TensorFlow.js (`@tensorflow/tfjs`, with the wasm backend): the instance `BuildContext.tf` and
 * `ProbeContext.tf` hand a plugin, and the one `selectBackend` sets the backend of and installs core's
 * kernel fills on. Plugins use it and never import `@tensorflow/tfjs` themselves: TF.js keeps one engine and
 * one kernel registry per process, shared by every copy loaded, so a second copy runs another version's ops
 * on core's backend and registers its kernels over core's (a second wasm backend re-registers the wasm
 * kernels, a fill of core's among them). It is TF.js's namespace itself (`tf.tidy`, `tf.matMul`, the type
 * `tf.Tensor`): TF.js's reference documents its ops, https://js.tensorflow.org/api/latest/.
 */
export { tf };
/**
 * The type of `tf`, core's TensorFlow.js namespace: what `BuildContext.tf` and `ProbeContext.tf` are.
 * Plugins import it and the tensor types below from `@skipbench/core` and never import `@tensorflow/tfjs`:
 * `selectBackend` sets the backend of this instance and installs core's kernel fills on it, and a second
 * copy of TF.js shares its engine and kernel registry and registers its kernels over core's. TF.js's own
 * reference documents every op: https://js.tensorflow.org/api/latest/
 */
export type TF = typeof tf;
/** A TF.js tensor of rank `R` (TF.js's `tf.Tensor`): what blocks, layers and probes compute on. */
export type Tensor<R extends Rank = Rank> = tfjs.Tensor<R>;
/** A rank-4 tensor, `[batch, height, width, channels]` for the image families. */
export type Tensor4D = tfjs.Tensor4D;
/** A trainable tensor (TF.js's `tf.Variable`): every parameter a plugin makes with its `ParamFactory`. */
export type Variable<R extends Rank = Rank> = tfjs.Variable<R>;
/** A rank-0 tensor: a task's loss. */
export type Scalar = tfjs.Scalar;
/** TF.js's tensor ranks (`R0` … `R6`). */
export type Rank = tfjs.Rank;
/** TF.js's handle to a tensor's data inside a kernel (what kernel fills receive). */
export type TensorInfo = tfjs.TensorInfo;
