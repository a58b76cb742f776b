import type { BlockMaps, Model } from './model.js';
import type { Tensor } from './tf.js';

/**
 * The maps of every block of `model` at `input`: the model's own (`Model.maps`, which computes what the blocks
 * read from the input once), else `block(l, input)`, `branch(l, input)` and `parts(l, input)`. Dispose them
 * when done.
 */
export function blockMaps(model: Model, input: Tensor): BlockMaps {
  if (model.maps !== undefined) return model.maps(input);
  const { parts } = model;
  return {
    block: (l) => model.block(l, input),
    branch: (l) => model.branch(l, input),
    ...(parts === undefined ? {} : { parts: (l: number) => parts.call(model, l, input) }),
    dispose() {},
  };
}
