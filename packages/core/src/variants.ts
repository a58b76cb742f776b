/**
 * How a skip connection joins what comes before to what a branch computes: `additive` adds the input
 * (`h + F(h)`, also with a norm or ReLU after the sum), `gated` mixes them by a weight (`T·F(h) + (1 − T)·h`, a
 * GRU's update, GCNII's initial residual), `concatenation` puts them side by side (`concat(h, F(h))`, a U-Net's
 * long skip, a DenseNet block), and `none` is the ablation with no skip at all.
 */
export const SKIP_KINDS = ['additive', 'gated', 'concatenation', 'none'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

/** One value of an architecture's skip axis: what it computes and what it is. */
export interface Variant {
  /** What the variant computes, in one line. */
  readonly summary: string;
  /**
   * The kinds of skip it has, e.g. `['concatenation', 'additive']` for a U-Net whose units are residual
   * blocks; `['none']` for an ablation. The conformance kit checks them against the model's merges.
   */
  readonly skips: readonly SkipKind[];
  /**
   * For an ablation (`skips: ['none']`) other than `plain`: the skip variants it removes the skips of (a
   * shared-weight plain stack ablates the shared-weight residual one). `plain` ablates every skip variant no
   * other ablation names. @default none
   */
  readonly ablates?: readonly string[];
}

/** The declarations of one architecture's variants, by name: all a scorecard needs to read its results. */
export type VariantDeclarations = Readonly<Record<string, Pick<Variant, 'skips' | 'ablates'>>>;

/** Whether a variant is a no-skip ablation. */
export const isAblation = (declaration: Pick<Variant, 'skips'>): boolean => declaration.skips.includes('none');

/** The ablation a skip variant is compared with: the one that names it, else `plain`. */
export function ablationOf(variants: VariantDeclarations, skipVariant: string): string {
  const named = Object.entries(variants).find(([, declaration]) => declaration.ablates?.includes(skipVariant));
  return named === undefined ? 'plain' : named[0];
}

/** What is wrong with an architecture's variant declarations, one line each, each starting with where (`at`). */
export function variantProblems(at: string, variants: unknown): string[] {
  if (typeof variants !== 'object' || variants === null || !('plain' in variants)) return [`${at}: expected an object with a 'plain' variant (the ablation without skips)`];
  const declared = variants as Record<string, Partial<Variant>>;
  const validKinds = (skips: unknown) => Array.isArray(skips) && skips.length > 0 && skips.every((kind) => (SKIP_KINDS as readonly unknown[]).includes(kind));
  const skipVariants = Object.keys(declared).filter((name) => name !== 'plain' && validKinds(declared[name]?.skips) && !declared[name]!.skips!.includes('none'));
  const ablatedBy = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, variant] of Object.entries(declared)) {
    const where = `${at}.${name}`;
    if (typeof variant?.summary !== 'string' || variant.summary === '') problems.push(`${where}.summary: expected a non-empty string`);
    const skips = variant?.skips;
    if (!validKinds(skips)) {
      problems.push(`${where}.skips: expected a non-empty list of ${SKIP_KINDS.join(', ')}, but got ${JSON.stringify(skips)}`);
      continue;
    }
    if (skips!.includes('none') && skips!.length > 1) problems.push(`${where}.skips: 'none' stands alone, but got ${JSON.stringify(skips)}`);
    if (name === 'plain' && !skips!.includes('none')) problems.push(`${where}.skips: plain is the ablation without skips, so ['none'], but got ${JSON.stringify(skips)}`);
    if (variant.ablates === undefined) continue;
    if (!Array.isArray(variant.ablates)) {
      problems.push(`${where}.ablates: expected a list of skip variants, but got ${JSON.stringify(variant.ablates)}`);
      continue;
    }
    if (name === 'plain') {
      problems.push(`${where}.ablates: plain ablates every skip variant no other ablation names, so it declares none`);
      continue;
    }
    if (!skips!.includes('none')) problems.push(`${where}.ablates: only an ablation (skips ['none']) ablates, but ${name} has ${skips!.join(', ')} skips`);
    for (const target of variant.ablates) {
      if (!skipVariants.includes(target)) problems.push(`${where}.ablates: '${target}' is not a skip variant of this architecture (${skipVariants.join(', ')})`);
      else if (ablatedBy.has(target)) problems.push(`${where}.ablates: '${target}' is already ablated by ${ablatedBy.get(target)}`);
      else ablatedBy.set(target, name);
    }
  }
  return problems;
}
