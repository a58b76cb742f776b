import type { OPTION_BOUNDS } from './constants.js';
import type { ModelConfig } from './config.js';
import type { Capabilities, Model } from './model.js';
import type { TF, Variable } from './tf.js';
import type { Variant } from './variants.js';

export interface ArchitectureOption {
  readonly summary: string;
  readonly default: number;
  /** Smallest accepted value. @default no lower bound */
  readonly min?: number;
  /**
   * Largest accepted value: a number, or a field of the case's config the value may not exceed (a U-Net's
   * levels are at most its depth). A value set above it is refused up front; a default above a config field
   * is lowered to it (say so in `summary`). @default no upper bound
   */
  readonly max?: number | OptionBound;
  /** Only whole numbers. @default false */
  readonly integer?: boolean;
  /** The only values accepted, e.g. `[0, 1]` for a switch. @default any value in range */
  readonly values?: readonly number[];
}

/** A config field an option's `max` may name. */
export type OptionBound = (typeof OPTION_BOUNDS)[number];

/** Makes trainable variables from the run's seed with the configured initialiser. */
export interface ParamFactory {
  /**
   * glorot: uniform in ±sqrt(6 / (fanIn + fanOut)) (TF.js's default); he: normal with std sqrt(2 / fanIn);
   * pytorch: uniform in ±1/sqrt(fanIn) (PyTorch's nn.Linear, nn.RNN, nn.GRU).
   */
  weight(shape: number[], fanIn: number, fanOut: number): Variable;
  constant(shape: number[], value: number): Variable;
}

export interface BuildContext {
  tf: TF;
  params: ParamFactory;
}

export interface Architecture {
  /** `family.name`, e.g. `resnet.basic`. */
  readonly id: string;
  readonly summary: string;
  /**
   * Version of what the architecture computes: bump it when its numbers change (its committed fingerprint
   * then moves too). Benchmarks hash it with the package's name, so a release of the package that leaves
   * the architecture as it was keeps its results comparable. @default its package's version
   */
  readonly version?: string;
  /**
   * The skip axis: each variant with a line and the skips it has. Must include `plain`: the ablation with no
   * identity, carry or concatenation path, `block(h) = F(h)`, also where the other variants scale or gate
   * the branch; other ablations say which skip variants they ablate.
   */
  readonly variants: Readonly<Record<string, Variant>>;
  readonly defaults: Omit<ModelConfig, 'seed'>;
  readonly choices: { readonly norm: readonly string[]; readonly init: readonly string[] };
  /** What `inputSize` counts for this family. */
  readonly inputSizeMeaning: string;
  /** The default task. */
  readonly task: { readonly id: string; readonly summary: string };
  /** Other tasks `config.task` may name (e.g. a real data set beside the synthetic one), id → summary. */
  readonly tasks?: Readonly<Record<string, string>>;
  /**
   * Capabilities known before building, so benchmarks leave out the probes a model could only answer with
   * `not-applicable`: `false` for one no model of this architecture has. The stream layouts `tokens` and
   * `graph` are opt-in: a family whose models have one must declare it `true`, and families that do not
   * declare them never get their probes. The kit checks both.
   */
  readonly capabilities?: Readonly<Partial<Capabilities>>;
  /**
   * The family's PyTorch reference: the path of a Python module that rebuilds the model from a reference
   * case (see the engine's `exportReference` and `@skipbench/engine/reference/referee.py`), so `skipbench reference` checks its
   * gradients against PyTorch's on identical weights. @default none: `skipbench reference` skips it
   */
  readonly reference?: string;
  /** Settings of this architecture alone, by name; `skipbench run --option name=v1,v2` sweeps them. */
  readonly options?: Readonly<Record<string, ArchitectureOption>>;
  build(config: ModelConfig, context: BuildContext): Model;
}
