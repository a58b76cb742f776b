import type { ParamFactory } from './architecture.js';
import { unknownChoice } from './errors.js';
import { INITIALIZERS, type Initializer } from './constants.js';
import { deriveSeed, seededRandom } from './random.js';
import type { TF } from './tf.js';

/**
 * Parameters drawn in JavaScript from `seed`, in creation order, so the same seed gives the same weights on
 * every backend.
 */
export function createParamFactory(tf: TF, init: string, seed: number): ParamFactory {
  if (!(INITIALIZERS as readonly string[]).includes(init)) {
    throw unknownChoice('initialiser', init, INITIALIZERS);
  }
  const rng = seededRandom(deriveSeed(seed, 'weights'));
  const draw: Record<Initializer, (fanIn: number, fanOut: number) => () => number> = {
    glorot: (fanIn, fanOut) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return () => (2 * rng.next() - 1) * limit;
    },
    he: (fanIn) => {
      const std = Math.sqrt(2 / fanIn);
      return () => rng.normal() * std;
    },
    // PyTorch's default for nn.Linear, nn.RNN and nn.GRU, so its published figures can be reproduced.
    pytorch: (fanIn) => {
      const limit = 1 / Math.sqrt(fanIn);
      return () => (2 * rng.next() - 1) * limit;
    },
  };
  return {
    weight(shape, fanIn, fanOut) {
      const sample = draw[init as Initializer](fanIn, fanOut);
      const size = shape.reduce((a, b) => a * b, 1);
      // tidy frees the initial tensor; the variable keeps its own reference to the data.
      return tf.tidy(() => tf.variable(tf.tensor(Float32Array.from({ length: size }, sample), shape)));
    },
    constant(shape, value) {
      return tf.tidy(() => tf.variable(tf.fill(shape, value)));
    },
  };
}
