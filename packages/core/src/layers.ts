import type { Layer } from './block.js';
import type { ParamFactory } from './architecture.js';
import { unknownChoice } from './errors.js';
import { NORMALIZATIONS, type Normalization } from './constants.js';
import type { Tensor, TF } from './tf.js';

/** Shared layers, so no family writes its own convolution or normalisation. */

const identity: Layer = { apply: (x) => x, params: [] };

/**
 * 2-D convolution, NHWC, stride 1, no bias (normalisation or the next layer supplies it). `valid` padding
 * shrinks each side by `kernel − 1` (as in the original U-Net).
 */
export function conv2d(tf: TF, params: ParamFactory, kernel: number, inChannels: number, outChannels: number, padding: 'same' | 'valid' = 'same'): Layer {
  const filter = params.weight([kernel, kernel, inChannels, outChannels], kernel * kernel * inChannels, kernel * kernel * outChannels);
  return { apply: (x) => tf.conv2d(x as never, filter as never, 1, padding), params: [filter] };
}

/** Dense layer on the last axis, with bias. */
export function dense(tf: TF, params: ParamFactory, inFeatures: number, outFeatures: number): Layer {
  const kernel = params.weight([inFeatures, outFeatures], inFeatures, outFeatures);
  const bias = params.constant([outFeatures], 0);
  return {
    apply: (x) => {
      const flat = tf.reshape(x, [-1, inFeatures]);
      const out = tf.add(tf.matMul(flat, kernel), bias);
      return tf.reshape(out, [...x.shape.slice(0, -1), outFeatures]);
    },
    params: [kernel, bias],
  };
}

/**
 * Normalisation over the last (feature) axis with a learned scale and shift. `batch` uses the statistics of
 * the current batch over every axis but the last (training mode; no running averages, so a probe sees the
 * same function a training step does); `layer` normalises each position over its features.
 */
export function normalization(tf: TF, params: ParamFactory, kind: string, features: number): Layer {
  if (!(NORMALIZATIONS as readonly string[]).includes(kind)) throw unknownChoice('normalisation', kind, NORMALIZATIONS);
  if ((kind as Normalization) === 'none') return identity;
  const gamma = params.constant([features], 1);
  const beta = params.constant([features], 0);
  const epsilon = 1e-5;
  return {
    apply: (x: Tensor) => {
      const axes = kind === 'batch' ? x.shape.slice(0, -1).map((_, i) => i) : [x.rank - 1];
      const { mean, variance } = tf.moments(x, axes, kind === 'layer');
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
    },
    params: [gamma, beta],
  };
}

/** ReLU as a layer. */
export function relu(tf: TF): Layer {
  return { apply: (x) => tf.relu(x), params: [] };
}

/** Global average over the spatial axes of NHWC. */
export function globalAveragePool(tf: TF): Layer {
  return { apply: (x) => tf.mean(x, [1, 2]), params: [] };
}

/** Applies layers in order. */
export function sequence(...layers: Layer[]): Layer {
  return { apply: (x) => layers.reduce((h, layer) => layer.apply(h), x), params: layers.flatMap((l) => l.params) };
}
