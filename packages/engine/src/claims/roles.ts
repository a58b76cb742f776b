import { ablationOf, isAblation, type Claim, type VariantDeclarations } from '@skipbench/core';
import type { ResultsDocument } from '../results/schema.js';

/** What one variant is to a claim, read from its architecture's declarations. */
export type Role =
  /** A skip variant the claim is about, compared with these ablations. */
  | { readonly role: 'skip'; readonly ablations: readonly string[] }
  /** A no-skip ablation: compared with, never judged. */
  | { readonly role: 'ablation' }
  /** A skip variant without a kind of skip the claim requires. */
  | { readonly role: 'not-applicable'; readonly reason: string }
  /** A skip variant the claim's `skip` leaves out. */
  | { readonly role: 'left-out' }
  /** A variant no results file declares: nothing can be judged of it. */
  | { readonly role: 'undeclared'; readonly reason: string };

/**
 * Each architecture's variant declarations as the documents record them: every variant any of them declares,
 * the first document's declaration where two declare one variant.
 */
export function declarationsIn(documents: readonly ResultsDocument[]): Map<string, VariantDeclarations> {
  const declared = new Map<string, VariantDeclarations>();
  for (const { sources } of documents) {
    for (const [arch, { variants }] of Object.entries(sources.architectures)) declared.set(arch, { ...variants, ...declared.get(arch) });
  }
  return declared;
}

/**
 * The role of `variant` of an architecture with `declarations` in `claim`: the claim's `skip`, where it has
 * one, names the variants judged (a family's own claim may name an ablation: "with or without skips").
 */
export function roleOf(claim: Claim, declarations: VariantDeclarations | undefined, arch: string, variant: string): Role {
  const declared = declarations?.[variant];
  if (declared === undefined) return { role: 'undeclared', reason: `no results file declares the skips of ${arch} ${variant}` };
  if (claim.skip === undefined ? isAblation(declared) : !claim.skip.includes(variant)) return isAblation(declared) ? { role: 'ablation' } : { role: 'left-out' };
  const lacking = (claim.requires ?? []).filter((kind) => !declared.skips.includes(kind));
  if (lacking.length > 0) {
    return { role: 'not-applicable', reason: `${variant} declares ${declared.skips.join(' and ')} skips, and the claim is about ${claim.requires!.join(' and ')} ones` };
  }
  return { role: 'skip', ablations: claim.plain ?? [ablationOf(declarations!, variant)] };
}
