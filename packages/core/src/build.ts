import type { Architecture, Model, ModelConfig } from './block.js';
import { createParamFactory } from './params.js';
import { tf } from './tf.js';

/** Builds a model the one way skipbench does: core's TF.js and parameters drawn from the config's seed. */
export function buildModel(architecture: Architecture, config: ModelConfig): Model {
  return architecture.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
}
