/**
 * The one TensorFlow.js instance skipbench uses. Plugins never import TF.js: they receive this module
 * through their build context, so a plugin installed beside another copy of TF.js still shares our engine.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

// PROD silences TF.js's console advice (install tfjs-node); skipbench reports backends itself.
tf.env().set('PROD', true);

export { tf };
export type TF = typeof tf;
export type { Tensor, Tensor4D, Variable, Scalar, Rank, TensorInfo } from '@tensorflow/tfjs';
