import { defineNames, defineProbe, MeasurementBuilder, type Tensor, l2Norm } from '@skipbench/core';
import { walkBackward } from './backward-chain.js';
import { vjp } from './jacobian.js';

/** The names `gradient-split` writes in its results; the `part` families take a part the blocks name (e.g. `attention`). */
export const GRADIENT_SPLIT = defineNames({
  metrics: {
    meanIdentityShare: { name: 'mean-identity-share', unit: '1' },
    minIdentityShare: { name: 'min-identity-share', unit: '1' },
    meanBranchIdentityRatio: { name: 'mean-branch-identity-ratio', unit: '1' },
    maxBranchIdentityRatio: { name: 'max-branch-identity-ratio', unit: '1' },
    meanBranchIdentityCos: { name: 'mean-branch-identity-cos', unit: '1' },
    meanPartIdentityRatio: { name: (part: string) => `mean-${part}-identity-ratio` as const, unit: '1' },
    meanPartShare: { name: (part: string) => `mean-${part}-share` as const, unit: '1' },
  },
  series: {
    identityGradLog10: { name: 'identity-grad-log10', unit: 'log10' },
    branchGradLog10: { name: 'branch-grad-log10', unit: 'log10' },
    branchIdentityRatio: { name: 'branch-identity-ratio', unit: '1' },
    branchIdentityCos: { name: 'branch-identity-cos', unit: '1' },
    identityShare: { name: 'identity-share', unit: '1' },
    partIdentityRatio: { name: (part: string) => `${part}-identity-ratio` as const, unit: '1' },
    partShare: { name: (part: string) => `${part}-share` as const, unit: '1' },
  },
  labels: {},
});
const { metrics: M, series: S } = GRADIENT_SPLIT;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};
const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * The two routes of the gradient through an additive block: with g = dL/dh_{l+1}, dL/dh_l = g + J_Fᵀg, the
 * identity part g and the branch part J_Fᵀg (a VJP of branch l at stream[l]). Per block: both norms (log10),
 * their ratio and the angle between them, and for the parts a block names (`attention`, `mlp`) each part's
 * VJP against g and its share of the parts' sum. The g_l are chained block by block in log space, so the
 * split stays measurable where float32's gradient underflows.
 */
export const gradientSplit = defineProbe({
  id: 'gradient-split',
  version: '1',
  summary: 'per block, dL/dh_l split into the identity part g = dL/dh_{l+1} and the branch part J_Fᵀg: norms, ratio, angle, named parts',
  requires: ['blocks', 'additive'],
  names: GRADIENT_SPLIT,
  headline: [M.meanIdentityShare, M.maxBranchIdentityRatio],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const partNames: string[][] = [];
    let walk: Awaited<ReturnType<typeof walkBackward>>;
    try {
      // One flat tensor per block: the unit direction u = g/‖g‖, J_Fᵀu, then J_pᵀu for every named part.
      walk = await walkBackward(tf, model, x, y, ({ l, input, direction }) => {
        const parts = model.parts?.(l, x);
        const names = Object.keys(parts?.(input) ?? {});
        partNames[l] = names;
        const partVjps = names.map((name) => vjp(tf, (h: Tensor) => parts!(h)[name]!, input, direction));
        return tf.concat([direction, vjp(tf, model.branch(l, x), input, direction), ...partVjps].map((t) => tf.reshape(t, [-1])));
      });
    } finally {
      tf.dispose([x, y]);
    }
    const names = [...new Set(partNames.flat())];
    const ratio: Array<number | null> = [];
    const cos: Array<number | null> = [];
    const branchLog10: Array<number | null> = [];
    const partRatio = new Map<string, Array<number | null>>(names.map((name) => [name, []]));
    const partShare = new Map<string, Array<number | null>>(names.map((name) => [name, []]));
    for (let l = 0; l < model.depth; l++) {
      const values = walk.measuredValues[l];
      const identityLog10 = walk.log10[l + 1];
      const own = partNames[l] ?? [];
      if (values === null || values === undefined || identityLog10 === null || identityLog10 === undefined) {
        ratio.push(null);
        cos.push(null);
        branchLog10.push(null);
        for (const name of names) {
          partRatio.get(name)!.push(null);
          partShare.get(name)!.push(null);
        }
        continue;
      }
      const n = values.length / (2 + own.length);
      const slice = (k: number) => values.subarray(k * n, (k + 1) * n);
      const u = slice(0);
      const uNorm = l2Norm(u);
      const branchNorm = l2Norm(slice(1));
      ratio.push(branchNorm / uNorm);
      cos.push(branchNorm > 0 ? dot(u, slice(1)) / (uNorm * branchNorm) : null);
      branchLog10.push(branchNorm > 0 ? identityLog10 + Math.log10(branchNorm / uNorm) : null);
      const partNorms = own.map((_, k) => l2Norm(slice(2 + k)) / uNorm);
      const partSum = partNorms.reduce((a, b) => a + b, 0);
      for (const name of names) {
        const k = own.indexOf(name);
        partRatio.get(name)!.push(k < 0 ? null : partNorms[k]!);
        partShare.get(name)!.push(k < 0 || partSum === 0 ? null : partNorms[k]! / partSum);
      }
    }
    const identityShare = ratio.map((r) => (r === null ? null : 1 / (1 + r)));
    const builder = new MeasurementBuilder(GRADIENT_SPLIT)
      .series(S.identityGradLog10, walk.log10.slice(1))
      .series(S.branchGradLog10, branchLog10)
      .series(S.branchIdentityRatio, ratio)
      .series(S.branchIdentityCos, cos)
      .series(S.identityShare, identityShare)
      .note(
        'per block l, with g = dL/dh_{l+1}: identity part g, branch part J_Fᵀg (dL/dh_l = g + J_Fᵀg); ' +
          `${S.branchIdentityRatio} = ‖J_Fᵀg‖/‖g‖, ${S.branchIdentityCos} the cosine between them, ${S.identityShare} = ‖g‖/(‖g‖ + ‖J_Fᵀg‖); ` +
          'g is chained block by block in log space',
      );
    const measured = present(ratio);
    if (measured.length < model.depth) builder.note('every series is null at and below a block whose output gradient is exactly zero');
    if (present(cos).length < measured.length) builder.note(`${S.branchGradLog10} and ${S.branchIdentityCos} are null where the branch part is exactly zero (all of the gradient takes the identity)`);
    if (measured.length > 0) {
      builder
        .metric(M.meanIdentityShare, mean(present(identityShare)))
        .metric(M.minIdentityShare, Math.min(...present(identityShare)))
        .metric(M.meanBranchIdentityRatio, mean(measured))
        .metric(M.maxBranchIdentityRatio, Math.max(...measured));
      if (present(cos).length > 0) builder.metric(M.meanBranchIdentityCos, mean(present(cos)));
    }
    for (const name of names) {
      const ratios = partRatio.get(name)!;
      const shares = partShare.get(name)!;
      builder.series(S.partIdentityRatio(name), ratios).series(S.partShare(name), shares);
      if (present(ratios).length > 0) builder.metric(M.meanPartIdentityRatio(name), mean(present(ratios)));
      if (present(shares).length > 0) builder.metric(M.meanPartShare(name), mean(present(shares)));
    }
    if (names.length > 0) {
      builder.note(
        `parts (${names.join(', ')}): ‖J_pᵀg‖/‖g‖ per part and its share of Σ_p ‖J_pᵀg‖; a part that reads another (an MLP after the ` +
          "attention's addition) includes that route; null where a block names no such part (shares: or all its parts' VJPs are zero)",
      );
    }
    return builder.build();
  },
});
