import { defineNames, type Model, defineProbe, MeasurementBuilder, deriveSeed, type Tensor, type TF, meanAndVariance, evaluateHeldOut, trainOnTask } from '@skipbench/core';
import { blockLipschitz, LIPSCHITZ_CONVERGENCE, LIPSCHITZ_ITERATIONS } from './lipschitz.js';

/** Attack sizes ε, as fractions of the held-out input's standard deviation (so one list fits every family's input scale). */
export const ROBUSTNESS_LEVELS = [0.01, 0.03, 0.1, 0.3];
/** PGD steps per attack; each moves by `PGD_STEP_FACTOR · ε / steps` (Madry et al. 2018 use 2.5). */
export const PGD_STEPS = 5;
export const PGD_STEP_FACTOR = 2.5;
/** Held-out samples attacked (at least the probe batch): accuracy on 8 samples moves in steps of 1/8. */
export const ROBUSTNESS_SAMPLES = 32;

/** The names `robustness` writes in its results. */
export const ROBUSTNESS = defineNames({
  metrics: {
    accuracyClean: { name: 'accuracy-clean', unit: '1' },
    lossClean: { name: 'loss-clean', unit: 'nats' },
    /** PGD accuracy at the largest ε. */
    accuracyPgdLargest: { name: 'accuracy-pgd-largest-epsilon', unit: '1' },
    inputStd: { name: 'input-std', unit: 'input units' },
    trainSteps: { name: 'train-steps', unit: 'steps' },
    pgdSteps: { name: 'pgd-steps', unit: 'steps' },
    /** Σ_l log10(1 + K_F,l): the bound K_G ≤ 1 + K_F gives the whole stack. */
    log10BranchBound: { name: 'log10-branch-bound', unit: 'log10' },
    /** Σ_l log10 K_G,l: the lipschitz probe's product bound. */
    log10ProductBound: { name: 'log10-product-bound', unit: 'log10' },
    maxBranchLipschitz: { name: 'max-branch-lipschitz', unit: '1' },
  },
  series: {
    epsilonRelative: { name: 'epsilon-relative', unit: 'input std' },
    epsilon: { name: 'epsilon', unit: 'input units' },
    accuracyFgsm: { name: 'accuracy-fgsm', unit: '1' },
    accuracyPgd: { name: 'accuracy-pgd', unit: '1' },
    lossFgsm: { name: 'loss-fgsm', unit: 'nats' },
    lossPgd: { name: 'loss-pgd', unit: 'nats' },
    branchLipschitz: { name: 'branch-lipschitz', unit: '1' },
    blockLipschitz: { name: 'block-lipschitz', unit: '1' },
  },
});
const { metrics: M, series: S } = ROBUSTNESS;

/** sign(∂L/∂x) of the task loss at `x`: the L∞-steepest ascent direction. */
function lossGradientSign(tf: TF, model: Model, x: Tensor, y: Tensor): Tensor {
  return tf.tidy(() => tf.sign(tf.grad((input: Tensor) => model.task.loss(model.forward(input).out, y))(x)));
}

/** FGSM (Goodfellow et al. 2015): x + ε·sign(∂L/∂x), one step to the corner of the L∞ ball. */
export function fgsm(tf: TF, model: Model, x: Tensor, y: Tensor, epsilon: number): Tensor {
  return tf.tidy(() => tf.add(x, tf.mul(lossGradientSign(tf, model, x, y), epsilon)));
}

/**
 * PGD on the L∞ ball (Madry et al. 2018), from x itself (no random start, so it is deterministic): `steps`
 * sign-gradient steps of `PGD_STEP_FACTOR · ε / steps`, each projected back into [x − ε, x + ε].
 */
export function pgd(tf: TF, model: Model, x: Tensor, y: Tensor, epsilon: number, steps = PGD_STEPS): Tensor {
  const step = (PGD_STEP_FACTOR * epsilon) / steps;
  let adversarial = tf.clone(x);
  for (let i = 0; i < steps; i++) {
    const next = tf.tidy(() => {
      const moved = tf.add(adversarial, tf.mul(lossGradientSign(tf, model, adversarial, y), step));
      return tf.add(x, tf.clipByValue(tf.sub(moved, x), -epsilon, epsilon));
    });
    adversarial.dispose();
    adversarial = next;
  }
  return adversarial;
}

/**
 * Robustness against expressivity: train on the task, then held-out accuracy clean and under FGSM and PGD
 * (L∞, on the model input) at ε = level · std(input), beside the Lipschitz bound of the trained stack,
 * Π(1 + K_F) and Π K_G. A small branch (`--branch-scale`) lowers the bound; the `tradeoff` benchmark sweeps it.
 */
export const robustness = defineProbe({
  id: 'robustness',
  version: '1',
  summary: 'after training: held-out accuracy clean and under FGSM / PGD (L∞ on the input) per ε, beside the bound Π(1 + K_F)',
  requires: [],
  names: ROBUSTNESS,
  headline: [M.accuracyClean, M.accuracyPgdLargest, M.log10BranchBound],
  appliesTo: (model) => (model.task.accuracy === undefined ? `the task '${model.task.id}' has no accuracy, which robust accuracy needs` : undefined),
  async run(model, { tf, seed, settings, trainedModels }) {
    const losses = await trainOnTask(tf, model, settings, seed, trainedModels);
    const heldOut = model.task.sample(Math.max(settings.batch, ROBUSTNESS_SAMPLES), deriveSeed(seed, 'held-out'), 'held-out');
    const evaluate = async (x: Tensor) => {
      const { loss, accuracy } = await evaluateHeldOut(tf, model, { x, y: heldOut.y });
      return { loss, accuracy: accuracy! };
    };
    const attacked = async (attack: (epsilon: number) => Tensor, epsilon: number) => {
      const x = attack(epsilon);
      try {
        return await evaluate(x);
      } finally {
        x.dispose();
      }
    };
    let inputStd: number;
    let clean: Awaited<ReturnType<typeof evaluate>>;
    const underFgsm: Array<Awaited<ReturnType<typeof evaluate>>> = [];
    const underPgd: Array<Awaited<ReturnType<typeof evaluate>>> = [];
    try {
      inputStd = Math.sqrt(meanAndVariance(await heldOut.x.data()).variance);
      clean = await evaluate(heldOut.x);
      for (const level of ROBUSTNESS_LEVELS) {
        underFgsm.push(await attacked((e) => fgsm(tf, model, heldOut.x, heldOut.y, e), level * inputStd));
        underPgd.push(await attacked((e) => pgd(tf, model, heldOut.x, heldOut.y, e), level * inputStd));
      }
    } finally {
      tf.dispose([heldOut.x, heldOut.y]);
    }
    const builder = new MeasurementBuilder(ROBUSTNESS)
      .metric(M.accuracyClean, clean.accuracy)
      .metric(M.lossClean, clean.loss)
      .metric(M.accuracyPgdLargest, underPgd.at(-1)!.accuracy)
      .metric(M.inputStd, inputStd)
      .metric(M.trainSteps, settings.trainSteps)
      .metric(M.pgdSteps, PGD_STEPS)
      .series(S.epsilonRelative, ROBUSTNESS_LEVELS)
      .series(S.epsilon, ROBUSTNESS_LEVELS.map((level) => level * inputStd))
      .series(S.accuracyFgsm, underFgsm.map((r) => r.accuracy))
      .series(S.accuracyPgd, underPgd.map((r) => r.accuracy))
      .series(S.lossFgsm, underFgsm.map((r) => r.loss))
      .series(S.lossPgd, underPgd.map((r) => r.loss))
      .note(
        `trained ${settings.trainSteps} Adam steps; attacks on ${Math.max(settings.batch, ROBUSTNESS_SAMPLES)} held-out samples, L∞ ball of radius ε = ${S.epsilonRelative} · ${M.inputStd} around the model input; ` +
          `PGD: ${PGD_STEPS} sign-gradient steps of ${PGD_STEP_FACTOR}ε/${PGD_STEPS} from the clean input, its last iterate`,
      );
    if (model.capabilities.blocks) {
      const { x, y } = model.task.sample(settings.batch, seed);
      try {
        const { branch, block } = await blockLipschitz(tf, model, x, seed);
        builder
          .series(S.branchLipschitz, branch)
          .series(S.blockLipschitz, block)
          .metric(M.maxBranchLipschitz, Math.max(...branch))
          .metric(M.log10BranchBound, branch.reduce((sum, k) => sum + Math.log10(1 + k), 0))
          .metric(M.log10ProductBound, block.reduce((sum, k) => sum + Math.log10(k), 0))
          .note(`K_F and K_G of the trained blocks at one sampled stream (Lanczos estimates to a relative ${LIPSCHITZ_CONVERGENCE}, at most ${LIPSCHITZ_ITERATIONS} steps): local Jacobian norms, so the bounds are the stack's gain there`);
      } finally {
        tf.dispose([x, y]);
      }
    } else builder.note('no Lipschitz bound: the model does not expose its blocks');
    if (losses.some((v) => !Number.isFinite(v)) || !Number.isFinite(clean.loss)) builder.diverged();
    return builder.build();
  },
});
