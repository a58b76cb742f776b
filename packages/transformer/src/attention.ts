import type { BuildContext, Layer, Tensor } from '@skipbench/core';

/** Head width; models narrower than this, or not a multiple of it, use one head. */
const HEAD_WIDTH = 8;

/**
 * Multi-head self-attention on `[batch, tokens, width]`, no mask and no biases (the setting of Dong et al.
 * 2021): one matMul makes queries, keys and values for every head, one more mixes the heads' outputs.
 */
export function selfAttention({ tf, params }: BuildContext, width: number): Layer {
  const heads = width % HEAD_WIDTH === 0 ? width / HEAD_WIDTH : 1;
  const headWidth = width / heads;
  // Each of the three projections is a width×width map: initialise with its own fan-in and fan-out.
  const queryKeyValue = params.weight([width, 3 * width], width, width);
  const output = params.weight([width, width], width, width);
  return {
    apply(h: Tensor) {
      const [batch, tokens] = h.shape as [number, number, number];
      const byHead = (t: Tensor) => tf.transpose(tf.reshape(t, [batch, tokens, heads, headWidth]), [0, 2, 1, 3]);
      const [q, k, v] = tf.split(tf.matMul(tf.reshape(h, [batch * tokens, width]), queryKeyValue), 3, 1).map(byHead) as [Tensor, Tensor, Tensor];
      const weights = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headWidth)));
      const mixed = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [batch * tokens, width]);
      return tf.reshape(tf.matMul(mixed, output), [batch, tokens, width]);
    },
    params: [queryKeyValue, output],
  };
}
