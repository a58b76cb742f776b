import type { Tensor, Variable } from './tf.js';
import type { SkipKind } from './variants.js';

/** A piece without a skip: a stem, a head, a normalisation. */
export interface Layer {
  apply(x: Tensor): Tensor;
  readonly params: Variable[];
}

/**
 * How a block combines its input `h` with its branch output `F(h)`: `block(h) = merge(h, F(h))`. A rule says
 * what kind of skip it is with `kind` (the conformance kit checks it against the variant's declared skips),
 * and one that is exactly `h + F(h)` says so with `additive: true` (core's `skip.add` does both).
 */
export type SkipRule = ((h: Tensor, branchOut: Tensor) => Tensor) & { readonly kind?: SkipKind; readonly additive?: boolean };

/**
 * One stage a plugin defines: its branch `F` and its skip rule. Core stacks blocks into a Model.
 *
 * @typeParam C - What the block reads besides the stream: the stack's context for this forward pass (see
 * `StackSpec.context`), the same object for every block. A block that reads none fits any stack as
 * `Block<unknown>`, the default.
 */
export interface Block<C = unknown> {
  /** `F(h)`, reading what it needs from `context` (a recurrent step its x_t, a decoder stage its long skip). */
  branch(h: Tensor, context: C): Tensor;
  merge: SkipRule;
  /**
   * `merge(h, f)` is exactly `h + f`, so the `paths` and `bound` probes apply. @default the merge's own
   * `additive` (true for `skip.add`). Declare it for a hand-written additive merge; put any gain on the
   * branch (`h + α·F(h)` is `merge = skip.add` with `α·F` as the branch). A merge that gates (a highway
   * block's `T·f + (1 − T)·h`) is not additive: leave it unset. The conformance kit checks
   * `block(l)(h) = h + branch(l)(h)` numerically.
   */
  readonly additive?: boolean;
  readonly params: Variable[];
  /**
   * Named pieces of the branch for probes that look inside it (e.g. `attention`, `mlp`), each with the
   * stream's shape. Optional: probes report on the whole branch when absent.
   */
  parts?(h: Tensor, context: C): Record<string, Tensor>;
}
