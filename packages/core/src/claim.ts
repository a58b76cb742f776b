import type { LabelName, MeasurementNames, MetricName } from './probe.js';
import type { SkipKind } from './variants.js';

/** What one case must show, read from one metric or label its probe writes. */
export type CaseTest<M extends string = string, L extends string = string> =
  /** |metric| ≤ value */
  | { readonly op: 'within'; readonly metric: M; readonly value: number }
  | { readonly op: 'at-most'; readonly metric: M; readonly value: number }
  | { readonly op: 'at-least'; readonly metric: M; readonly value: number }
  | { readonly op: 'one-of'; readonly label: L; readonly values: readonly string[] };

export const CASE_TEST_OPS = ['within', 'at-most', 'at-least', 'one-of'] as const;

/** Axes a `trend` rule may follow: numeric config fields swept by a benchmark. */
export const TREND_AXES = ['branchScale', 'depth'] as const;

/**
 * How a claim's numbers become a verdict, for each skip variant in each regime (architecture, norm, init,
 * options, …) of a family. Comparisons with the plain variants pair cases of the same regime at the deepest
 * depth both ran; claims are about depth, and the deepest case is where a difference shows.
 */
export type ClaimRule<M extends string = string, L extends string = string> =
  /** Held when the skip variant passes `test` and every plain variant fails it. */
  | { readonly kind: 'contrast'; readonly test: CaseTest<M, L> }
  /** Held when the skip variant passes `test` at its deepest depth (no plain case needed). */
  | { readonly kind: 'each'; readonly test: CaseTest<M, L> }
  /** Held when the skip variant's `metric` is strictly `better` than every plain variant's. */
  | { readonly kind: 'versus-plain'; readonly metric: M; readonly better: 'lower' | 'higher' }
  /** Held when the skip variant's `metric` at the largest `axis` value is above (`rises`) or below (`falls`) its value at the smallest. */
  | { readonly kind: 'trend'; readonly metric: M; readonly axis: (typeof TREND_AXES)[number]; readonly direction: 'rises' | 'falls' };

export const RULE_KINDS = ['contrast', 'each', 'versus-plain', 'trend'] as const;

/** The values of a metric a passing case has: `min ≤ value ≤ max`, an end left out being open. */
export interface PassRange {
  readonly min?: number;
  readonly max?: number;
}

/**
 * That a trained model learnt, read from its case: its held-out loss fell by at least `fallBy` of its
 * initial value, and, where the case has both, its accuracy beat the task's chance accuracy by `margin`.
 */
export interface LearntTest<M extends string = string> {
  readonly loss: { readonly initial: M; readonly final: M; readonly fallBy: number };
  readonly accuracy?: { readonly value: M; readonly chance: M; readonly margin: number };
}

/**
 * What the compared cases must show for a verdict to mean anything; where a case fails it the regime is
 * `inconclusive`, naming the variant and its numbers.
 */
export interface PowerPreconditions<M extends string = string> {
  /** A comparison of trained models: every compared model learnt, at every seed. */
  readonly learnt?: LearntTest<M>;
}

/** A statement about skip connections and the rule that decides it from one probe's results. */
export interface Claim<M extends string = string, L extends string = string> {
  /** Lower-case words joined by `-`, e.g. `gradient-stays-healthy`. */
  readonly id: string;
  /** The claim in one sentence. */
  readonly statement: string;
  /** The probe whose cases decide it. */
  readonly probe: string;
  readonly rule: ClaimRule<M, L>;
  /** Further metrics printed beside the verdict. @default none */
  readonly shows?: readonly M[];
  /**
   * Architecture families (the part of an id before the dot) it is about; a family's own package may name
   * itself, no other should. @default every family with results
   */
  readonly families?: readonly string[];
  /**
   * The kinds of skip a variant must declare for the claim to be about it (`['additive']` for a claim about
   * `h + F(h)`); a family whose skip variants lack them is `not-applicable`, with the reason. @default any kind
   */
  readonly requires?: readonly SkipKind[];
  /**
   * The skip variants it is about, narrowing the declared ones. @default every variant that declares a skip
   * (of the kinds `requires` names)
   */
  readonly skip?: readonly string[];
  /**
   * The ablations each skip variant is compared with, instead of the one its architecture declares for it
   * (`[]`: none, for a rule that needs none). @default each skip variant's declared ablation: the ablation
   * that names it, else `plain`
   */
  readonly plain?: readonly string[];
  /**
   * What its figure plots, for a rule that reads a label: per case the first of `metrics` it has, against
   * depth, and the range of it that the passing label stands for. A rule on a metric plots that metric and
   * its test's range. @default the first of `shows`, no range
   */
  readonly figure?: { readonly metrics: readonly M[]; readonly passes?: PassRange };
  /**
   * What the compared cases must show for the comparison to have power; it is then made at the deepest depth
   * where they all do, and is inconclusive, with the reason, where none does. @default nothing
   */
  readonly power?: PowerPreconditions<M>;
  /**
   * The benchmark that measures it, and the preset it needs where the quick one measures nothing of it (the
   * tradeoff benchmark's branch scales). @default the first benchmark with the probe, at any preset
   */
  readonly run?: { readonly benchmark: string; readonly preset?: string };
}

/**
 * Declares a claim on a probe's results, typed by the probe's `MeasurementNames`: a metric or label the
 * probe does not write does not compile.
 */
export function defineClaim<N extends MeasurementNames>(_names: N, claim: Claim<MetricName<N>, LabelName<N>>): Claim {
  return claim;
}
