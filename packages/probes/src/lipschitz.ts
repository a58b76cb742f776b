import { defineNames, type Model, blockMaps, defineProbe, MeasurementBuilder, type Tensor, type TF } from '@skipbench/core';
import { jacobianNorms, type LinearisedMap } from './jacobian.js';

/**
 * Lanczos steps per Jacobian at most. Eight from the power iteration's start leave about half the error
 * twelve power-iteration steps did (1–4% low) in two thirds of the passes.
 */
export const LIPSCHITZ_ITERATIONS = 8;
/** An estimate stops earlier once two successive ones agree within this relative tolerance. */
export const LIPSCHITZ_CONVERGENCE = 1e-3;
/** Relative slack for `K_G ≤ 1 + K_F`, since both sides are estimates. */
export const LIPSCHITZ_TOLERANCE = 0.02;

/** The names `lipschitz` writes in its results. */
export const LIPSCHITZ = defineNames({
  metrics: {
    maxBranchLipschitz: { name: 'max-branch-lipschitz', unit: '1' },
    maxBlockLipschitz: { name: 'max-block-lipschitz', unit: '1' },
    log10ProductBound: { name: 'log10-product-bound', unit: 'log10' },
    boundViolations: { name: 'bound-violations', unit: 'blocks' },
  },
  series: {
    branchLipschitz: { name: 'branch-lipschitz', unit: '1' },
    blockLipschitz: { name: 'block-lipschitz', unit: '1' },
    bound1PlusBranch: { name: 'bound-1-plus-branch', unit: '1' },
    branchIterations: { name: 'branch-iterations', unit: 'steps' },
    blockIterations: { name: 'block-iterations', unit: 'steps' },
  },
  labels: { boundHeld: 'bound-held' },
});
const { metrics: M, series: S, labels: L } = LIPSCHITZ;

/** Per block, K_F and K_G, and the power-iteration steps each took. */
export interface BlockLipschitz {
  branch: number[];
  block: number[];
  branchIterations: number[];
  blockIterations: number[];
}

/**
 * Per block l, K_F = ‖J_F‖ of its branch and K_G = ‖J‖ of the whole block at the stream `forward(x)` gives,
 * by the Lanczos method on JJᵀ (at most LIPSCHITZ_ITERATIONS steps, fewer once converged to
 * LIPSCHITZ_CONVERGENCE), all blocks' maps stepping together (`jacobianNorms`). A block that is its
 * branch alone (`Model.branchOnly`) has K_G = K_F from the one iteration. Shared by the probes that bound the network by these norms.
 */
export async function blockLipschitz(tf: TF, model: Model, x: Tensor, seed: number): Promise<BlockLipschitz> {
  const stream = tf.tidy(() => model.forward(x).stream);
  // What the blocks read from x (a decoder's encoder maps) is made once, not at every step of every map.
  const atInput = blockMaps(model, x);
  try {
    // Every map is linearised at its own recorded stream, so the iterations are independent and step together.
    const maps: LinearisedMap[] = [];
    const indices = Array.from({ length: model.depth }, (_, l) => {
      const at = { h: stream[l]!, seed: seed + l };
      const branch = maps.push({ f: atInput.branch(l), ...at }) - 1;
      const block = model.branchOnly?.(l) === true ? branch : maps.push({ f: atInput.block(l), ...at }) - 1;
      return { branch, block };
    });
    const norms = await jacobianNorms(tf, maps, { maxIterations: LIPSCHITZ_ITERATIONS, tolerance: LIPSCHITZ_CONVERGENCE });
    const of = (which: 'branch' | 'block') => indices.map((index) => norms[index[which]]!);
    return {
      branch: of('branch').map((n) => n.sigma),
      block: of('block').map((n) => n.sigma),
      branchIterations: of('branch').map((n) => n.iterations),
      blockIterations: of('block').map((n) => n.iterations),
    };
  } finally {
    atInput.dispose();
    tf.dispose(stream);
  }
}

/**
 * Per block, the Jacobian norms of the branch (K_F) and of the whole block (K_G) at the sampled stream, by
 * the Lanczos method; checks K_G ≤ 1 + K_F, which holds for h + F(h) (and for F alone, or ReLU(h + F)).
 */
export const lipschitz = defineProbe({
  id: 'lipschitz',
  version: '1',
  summary: 'per-block Jacobian norms K_F (branch) and K_G (block) by the Lanczos method; checks K_G ≤ 1 + K_F',
  requires: ['blocks'],
  names: LIPSCHITZ,
  headline: [M.maxBranchLipschitz, M.log10ProductBound, L.boundHeld],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    let norms: BlockLipschitz;
    try {
      norms = await blockLipschitz(tf, model, x, seed);
    } finally {
      tf.dispose([x, y]);
    }
    const { branch: kF, block: kG } = norms;
    const violations = kG.filter((g, l) => g > (1 + kF[l]!) * (1 + LIPSCHITZ_TOLERANCE)).length;
    return new MeasurementBuilder(LIPSCHITZ)
      .series(S.branchLipschitz, kF)
      .series(S.blockLipschitz, kG)
      .series(S.bound1PlusBranch, kF.map((k) => 1 + k))
      .series(S.branchIterations, norms.branchIterations)
      .series(S.blockIterations, norms.blockIterations)
      .metric(M.maxBranchLipschitz, Math.max(...kF))
      .metric(M.maxBlockLipschitz, Math.max(...kG))
      .metric(M.log10ProductBound, kG.reduce((sum, k) => sum + Math.log10(k), 0))
      .metric(M.boundViolations, violations)
      .label(L.boundHeld, violations === 0 ? 'yes' : 'no')
      .note(
        `K estimated by the Lanczos method on JJᵀ of the batched map at the sampled stream (started from J v, v seeded normal), stopped once two successive estimates agree within ${LIPSCHITZ_CONVERGENCE} (relative) or after ${LIPSCHITZ_ITERATIONS} steps (${S.branchIterations}, ${S.blockIterations}); ` +
          'a block that is its branch alone shares K_F\'s estimate for K_G; ' +
          `K_G ≤ (1 + K_F)(1 + ${LIPSCHITZ_TOLERANCE}) counts as held; the network's bound is the product of K_G`,
      )
      .build();
  },
});
