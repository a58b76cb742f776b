import type { Architecture } from './architecture.js';
import type { Model } from './model.js';
import type { ModelConfig } from './config.js';
import { SkipbenchError, UsageError } from './errors.js';
import { optionProblem } from './options.js';
import { createParamFactory } from './params.js';
import { tf } from './tf.js';

/**
 * The value of one of the architecture's options in `config`, or its default. A set value outside the
 * option's declared range throws a UsageError (never silently changed); a default above a config field its
 * `max` names (a U-Net's levels at depth 2) is lowered to that field.
 */
export function optionValue(architecture: Architecture, config: ModelConfig, name: string): number {
  const option = architecture.options?.[name];
  if (option === undefined) {
    const declared = Object.keys(architecture.options ?? {});
    throw new SkipbenchError(`Architecture ${architecture.id} reads option '${name}', which it does not declare; declared: ${declared.length > 0 ? declared.join(', ') : 'none'}.`, 'plugin');
  }
  const set = config.options?.[name];
  if (set === undefined) return typeof option.max === 'string' ? Math.min(option.default, config[option.max]) : option.default;
  const problem = optionProblem(architecture, name, set, config);
  if (problem !== undefined) throw new UsageError(problem);
  return set;
}

/** Builds a model the one way skipbench does: core's TF.js and parameters drawn from the config's seed. */
export function buildModel(architecture: Architecture, config: ModelConfig): Model {
  return architecture.build(config, { tf, params: createParamFactory(tf, config.init, config.seed) });
}
