import { defineNames, defineProbe, deriveSeed, MeasurementBuilder, readBack, SkipbenchError, type BenchmarkDefinition, type ProbeSettings, type TF, meanAndVariance } from '@skipbench/core';
import { measureGradientProfile } from '@skipbench/probes';
import { generatorLoss, inputGradientNorms, isGanModel, sampleLatent, type GanModel } from './architecture.js';
import { modeCoverage, NEAR_SIGMAS, RECOVERED_SHARE } from './mixture.js';

/** Independent trainings per case, each with its own weights and data (seeds derived from the case's seed). */
export const SEEDS = 3;

/** Where in training the probe stops to measure, as a fraction of the steps (rounded to a step). */
export const CHECKPOINTS = [
  ['start', 0],
  ['quarter', 0.25],
  ['half', 0.5],
  ['three-quarters', 0.75],
  ['end', 1],
] as const;
export type Checkpoint = (typeof CHECKPOINTS)[number][0];

/** Generated points each checkpoint evaluates (modes covered, ‖∇ₓD‖), from one fixed set of latents per seed. */
export const EVALUATION_SAMPLES = 512;

/** Adam's β₁ for both players: 0.5, as GANs are trained since Radford et al. (2016); β₂ 0.999. */
export const ADAM_BETA1 = 0.5;

/** The names `adversarial-training` writes in its results. */
export const ADVERSARIAL_TRAINING = defineNames({
  metrics: {
    seeds: { name: 'seeds', unit: 'seeds' },
    steps: { name: 'steps', unit: 'steps' },
    divergedSeeds: { name: 'diverged-seeds', unit: 'seeds' },
    modesRecoveredMean: { name: 'modes-recovered-mean', unit: 'modes' },
    modesRecoveredMin: { name: 'modes-recovered-min', unit: 'modes' },
    modesRecoveredMax: { name: 'modes-recovered-max', unit: 'modes' },
    nearModeShareMean: { name: 'near-mode-share-mean', unit: '1' },
    generatorGradNormInitial: { name: 'generator-grad-norm-initial', unit: '1' },
    generatorGradNormFinal: { name: 'generator-grad-norm-final', unit: '1' },
    generatorGradNormMax: { name: 'generator-grad-norm-max', unit: '1' },
    discLossLate: { name: 'disc-loss-late', unit: 'nats' },
    genLossLate: { name: 'gen-loss-late', unit: 'nats' },
    discLossVarianceLate: { name: 'disc-loss-variance-late', unit: 'nats²' },
    genLossVarianceLate: { name: 'gen-loss-variance-late', unit: 'nats²' },
    discLog10RatioFinal: { name: 'disc-log10-ratio-first-last-final', unit: 'log10' },
    seedModesRecovered: { name: (seed: number) => `seed-${seed}-modes-recovered` as const, unit: 'modes' },
    seedNearModeShare: { name: (seed: number) => `seed-${seed}-near-mode-share` as const, unit: '1' },
    seedGeneratorGradNormFinal: { name: (seed: number) => `seed-${seed}-generator-grad-norm-final` as const, unit: '1' },
    seedDiscLossVarianceLate: { name: (seed: number) => `seed-${seed}-disc-loss-variance-late` as const, unit: 'nats²' },
    seedGenLossVarianceLate: { name: (seed: number) => `seed-${seed}-gen-loss-variance-late` as const, unit: 'nats²' },
    seedDiverged: { name: (seed: number) => `seed-${seed}-diverged` as const, unit: '1' },
    seedDivergedAtStep: { name: (seed: number) => `seed-${seed}-diverged-at-step` as const, unit: 'steps' },
  },
  series: {
    checkpointSteps: { name: 'checkpoint-steps', unit: 'steps' },
    generatorGradNorm: { name: 'generator-grad-norm', unit: '1' },
    modesRecovered: { name: 'modes-recovered', unit: 'modes' },
    discStageGradLog10: { name: (checkpoint: Checkpoint) => `disc-stage-grad-log10-${checkpoint}` as const, unit: 'log10' },
    seedGeneratorGradNorm: { name: (seed: number) => `seed-${seed}-generator-grad-norm` as const, unit: '1' },
    seedModesRecovered: { name: (seed: number) => `seed-${seed}-modes-recovered` as const, unit: 'modes' },
    seedDiscStageGradLog10: { name: (seed: number, checkpoint: Checkpoint) => `seed-${seed}-disc-stage-grad-log10-${checkpoint}` as const, unit: 'log10' },
    seedDiscLoss: { name: (seed: number) => `seed-${seed}-disc-loss` as const, unit: 'nats' },
    seedGenLoss: { name: (seed: number) => `seed-${seed}-gen-loss` as const, unit: 'nats' },
  },
  labels: {},
});
const { metrics: M, series: S } = ADVERSARIAL_TRAINING;

/** What one checkpoint measured; null where the training had diverged before it. */
interface CheckpointValues {
  modesRecovered: number;
  nearModeShare: number;
  /** Mean over the evaluation points of ‖∇ₓD(x)‖ at generated x. */
  generatorGradNorm: number;
  /** log10 ‖dL_D/dstream[l]‖ per discriminator stage. */
  stageLog10: Array<number | null>;
  log10RatioFirstLast: number | null;
}

interface SeedRun {
  discLoss: number[];
  genLoss: number[];
  /** The step whose loss was non-finite (training stopped there), or null. */
  divergedAtStep: number | null;
  checkpoints: Array<CheckpointValues | null>;
}

/** The step each checkpoint measures after (0: before any step). */
export function checkpointSteps(steps: number): number[] {
  return CHECKPOINTS.map(([, fraction]) => Math.round(fraction * steps));
}

/** The last quarter of the steps, at least one: where the loss variance says whether training settled. */
export function lateSteps(steps: number): number {
  return Math.max(1, Math.ceil(steps / 4));
}

const finite = (values: ReadonlyArray<number | null>) => values.filter((v): v is number => v !== null && Number.isFinite(v));
const mean = (values: readonly number[]) => (values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length);

async function measureCheckpoint(tf: TF, model: GanModel, settings: ProbeSettings, seed: number, checkpoint: number): Promise<CheckpointValues> {
  const { generator, mixture } = model;
  const generated = tf.tidy(() => generator.generate(sampleLatent(tf, EVALUATION_SAMPLES, generator.latentSize, deriveSeed(seed, 'evaluation'))));
  const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'profile', checkpoint), 'held-out');
  try {
    const [points] = await readBack(tf, () => [tf.clone(generated)]);
    const coverage = modeCoverage(mixture, points!);
    const gradients = await inputGradientNorms(tf, model, generated);
    const profile = await measureGradientProfile(tf, model, x, y);
    const first = profile.streamLog10[0];
    const last = profile.streamLog10[model.depth];
    return {
      modesRecovered: coverage.recovered,
      nearModeShare: coverage.nearAnyMode,
      generatorGradNorm: mean(gradients),
      stageLog10: profile.streamLog10,
      log10RatioFirstLast: first === null || first === undefined || last === null || last === undefined ? null : first - last,
    };
  } finally {
    tf.dispose([generated, x, y]);
  }
}

/** Alternating Adam steps, one for the discriminator then one for the generator, from a fresh model of `seed`. */
async function trainSeed(tf: TF, model: GanModel, settings: ProbeSettings, seed: number): Promise<SeedRun> {
  const { generator } = model;
  const measureAt = checkpointSteps(settings.trainSteps);
  const run: SeedRun = { discLoss: [], genLoss: [], divergedAtStep: null, checkpoints: measureAt.map(() => null) };
  const discriminatorOptimizer = tf.train.adam(settings.learningRate, ADAM_BETA1, 0.999);
  const generatorOptimizer = tf.train.adam(settings.learningRate, ADAM_BETA1, 0.999);
  const measureDue = async (step: number) => {
    for (const [i, at] of measureAt.entries()) if (at === step) run.checkpoints[i] = await measureCheckpoint(tf, model, settings, seed, i);
  };
  try {
    await measureDue(0);
    for (let step = 0; step < settings.trainSteps; step++) {
      const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'discriminator', step));
      const z = sampleLatent(tf, settings.batch, generator.latentSize, deriveSeed(seed, 'generator', step));
      try {
        const discCost = discriminatorOptimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params)!;
        const genCost = generatorOptimizer.minimize(() => generatorLoss(tf, model.forward(generator.generate(z)).out), true, generator.params)!;
        const [discLoss, genLoss] = await readBack(tf, () => [discCost, genCost]);
        run.discLoss.push(discLoss![0]!);
        run.genLoss.push(genLoss![0]!);
      } finally {
        tf.dispose([x, y, z]);
      }
      if (!Number.isFinite(run.discLoss[step]!) || !Number.isFinite(run.genLoss[step]!)) {
        run.divergedAtStep = step;
        break;
      }
      await measureDue(step + 1);
    }
  } finally {
    discriminatorOptimizer.dispose();
    generatorOptimizer.dispose();
  }
  return run;
}

/** Population variance of the last `lateSteps` losses; NaN for a run that stopped early. */
function lateVariance(losses: readonly number[], steps: number): number {
  return losses.length < steps ? Number.NaN : meanAndVariance(losses.slice(-lateSteps(steps))).variance;
}

function lateMean(losses: readonly number[], steps: number): number {
  return losses.length < steps ? Number.NaN : mean(losses.slice(-lateSteps(steps)));
}

/**
 * Trains the generator and the discriminator adversarially, from `SEEDS` fresh models, and follows what the
 * seed's claim is about: the discriminator's per-stage gradient (log10, from core's gradient profile), the
 * gradient its output passes to the generated points (‖∇ₓD(x)‖), how much the losses still swing at the end,
 * how many of the ring's modes the generator covers, and whether training diverged.
 */
export const adversarialTraining = defineProbe({
  id: 'adversarial-training',
  summary: 'alternating Adam on generator and discriminator over seeds: stage gradients, ‖∇ₓD‖ at generated points, loss variance, modes recovered, divergence',
  requires: [],
  names: ADVERSARIAL_TRAINING,
  headline: [M.modesRecoveredMean, M.generatorGradNormFinal, M.divergedSeeds],
  version: '1',
  appliesTo: (model) => (isGanModel(model) ? undefined : 'the model has no generator (only gan.* architectures train adversarially)'),
  async run(model, { tf, seed, settings, rebuild }) {
    const steps = settings.trainSteps;
    const runs: SeedRun[] = [];
    for (let i = 0; i < SEEDS; i++) {
      const runSeed = deriveSeed(seed, 'adversarial-training', i);
      // Fresh weights for both players from each seed; the case's own model stays untouched.
      const fresh = rebuild({ seed: runSeed });
      try {
        if (!isGanModel(fresh)) throw new SkipbenchError(`Expected ${model.config.variant} rebuilt with another seed to be a GAN model, but it has no generator.`, 'plugin');
        runs.push(await trainSeed(tf, fresh, settings, runSeed));
      } finally {
        fresh.dispose();
      }
    }
    const builder = new MeasurementBuilder(ADVERSARIAL_TRAINING)
      .metric(M.seeds, SEEDS)
      .metric(M.steps, steps)
      .series(S.checkpointSteps, checkpointSteps(steps))
      .note(
        `each of ${SEEDS} seeds trains fresh weights: per step one Adam step (lr ${settings.learningRate}, β₁ ${ADAM_BETA1}) on the discriminator's ` +
          `cross-entropy over ${settings.batch} rows (half real, half generated), then one on the generator's non-saturating loss −log σ(D(G(z)))`,
      )
      .note(
        `a mode is recovered when at least ${(RECOVERED_SHARE * 100).toFixed(1)}% of ${EVALUATION_SAMPLES} generated points lie within ` +
          `${NEAR_SIGMAS}σ of its centre; generator-grad-norm is the mean over those points of ‖∇ₓD(x)‖, D the discriminator's logit`,
      )
      .note(`loss variance and late loss are over the last ${lateSteps(steps)} steps; the aggregates are means over seeds that did not diverge`);
    const last = CHECKPOINTS.length - 1;
    const atEnd = runs.map((run) => run.checkpoints[last] ?? null);
    runs.forEach((run, i) => {
      const end = atEnd[i];
      builder
        .metric(M.seedDiverged(i), run.divergedAtStep === null ? 0 : 1)
        .metric(M.seedModesRecovered(i), end?.modesRecovered ?? Number.NaN)
        .metric(M.seedNearModeShare(i), end?.nearModeShare ?? Number.NaN)
        .metric(M.seedGeneratorGradNormFinal(i), end?.generatorGradNorm ?? Number.NaN)
        .metric(M.seedDiscLossVarianceLate(i), lateVariance(run.discLoss, steps))
        .metric(M.seedGenLossVarianceLate(i), lateVariance(run.genLoss, steps))
        .series(S.seedGeneratorGradNorm(i), run.checkpoints.map((c) => c?.generatorGradNorm ?? null))
        .series(S.seedModesRecovered(i), run.checkpoints.map((c) => c?.modesRecovered ?? null))
        .series(S.seedDiscLoss(i), run.discLoss)
        .series(S.seedGenLoss(i), run.genLoss);
      for (const [c, [name]] of CHECKPOINTS.entries()) builder.series(S.seedDiscStageGradLog10(i, name), run.checkpoints[c]?.stageLog10 ?? Array(model.depth + 1).fill(null));
      if (run.divergedAtStep !== null) {
        builder
          .metric(M.seedDivergedAtStep(i), run.divergedAtStep)
          .note(`seed ${i} diverged: a non-finite loss at step ${run.divergedAtStep}; training stopped there, so its later checkpoints are null`)
          .diverged();
      }
    });
    const settledRuns = runs.filter((run) => run.divergedAtStep === null);
    const modes = finite(atEnd.map((c) => c?.modesRecovered ?? null));
    builder
      .metric(M.divergedSeeds, runs.length - settledRuns.length)
      .metric(M.modesRecoveredMean, mean(modes))
      .metric(M.modesRecoveredMin, Math.min(...modes))
      .metric(M.modesRecoveredMax, Math.max(...modes))
      .metric(M.nearModeShareMean, mean(finite(atEnd.map((c) => c?.nearModeShare ?? null))))
      .metric(M.generatorGradNormInitial, mean(finite(runs.map((run) => run.checkpoints[0]?.generatorGradNorm ?? null))))
      .metric(M.generatorGradNormFinal, mean(finite(atEnd.map((c) => c?.generatorGradNorm ?? null))))
      .metric(M.generatorGradNormMax, Math.max(...finite(runs.flatMap((run) => run.checkpoints.map((c) => c?.generatorGradNorm ?? null)))))
      .metric(M.discLossLate, mean(settledRuns.map((run) => lateMean(run.discLoss, steps))))
      .metric(M.genLossLate, mean(settledRuns.map((run) => lateMean(run.genLoss, steps))))
      .metric(M.discLossVarianceLate, mean(settledRuns.map((run) => lateVariance(run.discLoss, steps))))
      .metric(M.genLossVarianceLate, mean(settledRuns.map((run) => lateVariance(run.genLoss, steps))))
      .metric(M.discLog10RatioFinal, mean(finite(atEnd.map((c) => c?.log10RatioFirstLast ?? null))))
      .series(S.generatorGradNorm, CHECKPOINTS.map((_, c) => meanOrNull(runs.map((run) => run.checkpoints[c]?.generatorGradNorm ?? null))))
      .series(S.modesRecovered, CHECKPOINTS.map((_, c) => meanOrNull(runs.map((run) => run.checkpoints[c]?.modesRecovered ?? null))));
    // The mean of log10 over seeds: the geometric mean of the stage gradient norms.
    for (const [c, [name]] of CHECKPOINTS.entries()) {
      const stages = Array.from({ length: model.depth + 1 }, (_, stage) => meanOrNull(runs.map((run) => run.checkpoints[c]?.stageLog10[stage] ?? null)));
      builder.series(S.discStageGradLog10(name), stages);
    }
    const stageNulls = runs.some((run) => run.checkpoints.some((c) => c?.stageLog10.includes(null)));
    if (stageNulls) builder.note('a stage gradient is null where it is exactly zero even in log space (the forward signal underflowed or every ReLU is off)');
    if (settledRuns.length < runs.length) builder.note('an aggregated series is null where every seed had diverged before that checkpoint');
    return builder.build();
  },
});

/** Mean of the finite values, null where there are none. */
function meanOrNull(values: ReadonlyArray<number | null>): number | null {
  const kept = finite(values);
  return kept.length === 0 ? null : mean(kept);
}

/** The GAN benchmark: adversarial training over the depth sweep, plain against residual discriminators. */
export const ganBenchmark: BenchmarkDefinition = {
  id: 'gan',
  summary: 'adversarial training over a depth sweep of discriminators: gradients to the generator, loss variance, modes recovered, divergence',
  probes: [adversarialTraining.id],
  sweep: 'depths',
  sweepRegimes: [],
};
