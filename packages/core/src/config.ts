/** Everything that changes the numbers. All of it goes into the results. */
export interface ModelConfig {
  /** The skip axis; every architecture has `plain` (no skips). */
  variant: string;
  /** Number of blocks; the stream has `depth + 1` stages (stage 0 is the stem's output). */
  depth: number;
  /** Channels or features carried by the stream. */
  width: number;
  /** Spatial side, tokens, steps or nodes of one sample: the architecture's `inputSizeMeaning` says which. */
  inputSize: number;
  /** Normalisation inside blocks: one of the architecture's `choices.norm`. */
  norm: string;
  /** Weight initialiser: one of the architecture's `choices.init`. */
  init: string;
  /** Gain on every branch output, `merge(h, branchScale · F(h))`. */
  branchScale: number;
  seed: number;
  /** One of the architecture's `tasks`; its first when absent. */
  task?: string;
  /** Values of the architecture's own numeric settings (see `Architecture.options`); absent ones take their defaults. */
  options?: Readonly<Record<string, number>>;
}

