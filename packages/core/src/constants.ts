import type { Capabilities } from './model.js';

/** Major version of the plugin contract (Architecture, Model, Block, Probe). Plugins declare the one they speak. */
export const API_VERSION = 2;

export const NORMALIZATIONS = ['none', 'batch', 'layer'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** Every capability a model declares and a probe may require (see Capabilities). */
export const CAPABILITIES = ['blocks', 'bypass', 'additive', 'sharedWeights', 'tokens', 'graph', 'sequence'] as const satisfies ReadonlyArray<keyof Capabilities>;

/** Capabilities that describe the stream's or the input's layout: absent unless an architecture declares them (see Architecture.capabilities). */
export const OPT_IN_CAPABILITIES = ['tokens', 'graph', 'sequence'] as const;

export const INITIALIZERS = ['glorot', 'he', 'pytorch'] as const;
export type Initializer = (typeof INITIALIZERS)[number];

/** Config fields an architecture option's `max` may name (see ArchitectureOption.max). */
export const OPTION_BOUNDS = ['depth', 'width', 'inputSize'] as const;

/** Seeds are 32-bit: the generators work on unsigned 32-bit states, so a seed is an integer in [0, SEED_LIMIT). */
export const SEED_LIMIT = 2 ** 32;

/** @default 1234 */
export const defaultSeed = 1234;
