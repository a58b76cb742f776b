import { describe, expect, it } from 'vitest';
import { ablationOf, variantProblems, type VariantDeclarations } from './variants.js';

const resnetLike: VariantDeclarations = {
  plain: { skips: ['none'] },
  preact: { skips: ['additive'] },
  ode: { skips: ['additive'] },
  'ode-plain': { skips: ['none'], ablates: ['ode'] },
};
const withSummaries = (variants: Record<string, object>) => Object.fromEntries(Object.entries(variants).map(([name, v]) => [name, { summary: name, ...v }]));

describe('variant declarations', () => {
  it('pair each skip variant with the ablation that names it, else plain', () => {
    expect(ablationOf(resnetLike, 'ode')).toBe('ode-plain');
    expect(ablationOf(resnetLike, 'preact')).toBe('plain');
  });

  it('are accepted as the workspace declares them', () => {
    expect(variantProblems('v', withSummaries(resnetLike))).toEqual([]);
    expect(variantProblems('v', withSummaries({ plain: { skips: ['none'] }, residual: { skips: ['concatenation', 'additive'] } }))).toEqual([]);
  });

  it('name each mistake in one line', () => {
    const variants = withSummaries({
      plain: { skips: ['additive'], ablates: ['dense'] },
      dense: { skips: ['concatenation'] },
      mixed: { skips: ['concatenation', 'none'] },
      wide: { skips: ['sideways'] },
      narrow: { skips: ['none'], ablates: ['dense', 'nothing'] },
      widened: { skips: ['concatenation'], ablates: ['wide'] },
    });
    expect(variantProblems('architectures[0].variants', variants)).toEqual([
      "architectures[0].variants.plain.skips: plain is the ablation without skips, so ['none'], but got [\"additive\"]",
      'architectures[0].variants.plain.ablates: plain ablates every skip variant no other ablation names, so it declares none',
      'architectures[0].variants.mixed.skips: \'none\' stands alone, but got ["concatenation","none"]',
      'architectures[0].variants.wide.skips: expected a non-empty list of additive, gated, concatenation, none, but got ["sideways"]',
      "architectures[0].variants.narrow.ablates: 'nothing' is not a skip variant of this architecture (dense, widened)",
      "architectures[0].variants.widened.ablates: only an ablation (skips ['none']) ablates, but widened has concatenation skips",
      "architectures[0].variants.widened.ablates: 'wide' is not a skip variant of this architecture (dense, widened)",
    ]);
  });

  it('let one skip variant be ablated once', () => {
    const variants = withSummaries({ ...resnetLike, 'ode-frozen': { skips: ['none'], ablates: ['ode'] } });
    expect(variantProblems('v', variants)).toEqual(["v.ode-frozen.ablates: 'ode' is already ablated by ode-plain"]);
  });

  it('want a plain variant', () => {
    expect(variantProblems('v', { residual: { summary: 'r', skips: ['additive'] } })).toEqual(["v: expected an object with a 'plain' variant (the ablation without skips)"]);
  });
});
