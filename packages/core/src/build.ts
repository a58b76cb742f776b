import type { Architecture, Model, ModelConfig } from './block.js';
import { createParamFactory } from './params.js';
import { tf } from './tf.js';

/** The value of one of the architecture's options in `config`, or its default. */
export function optionValue(architecture: Architecture, config: ModelConfig, name: string): number {
  const option = architecture.options?.[name];
  if (option === undefined) throw new RangeError(`Architecture ${architecture.id} has no option '${name}'.`);
  return config.options?.[name] ?? option.default;
}

/** Builds a model the one way skipbench does: core's TF.js and parameters drawn from the config's seed. */
export function buildModel(architecture: Architecture, config: ModelConfig): Model {
  return architecture.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
}
