import { deriveSeed, defineProbe, MeasurementBuilder, type MeasurementNames, evaluateHeldOut, trainOnTask, type HeldOut } from '@skipbench/core';

/** The names `trainability` writes in its results. */
export const TRAINABILITY = {
  metrics: {
    lossInitial: 'loss-initial',
    lossFinal: 'loss-final',
    lossRatio: 'loss-ratio',
    steps: 'steps',
    learningRate: 'learning-rate',
    /** The task's `chanceLoss`: what a model that learnt nothing scores. */
    lossChance: 'loss-chance',
    lossFinalOverChance: 'loss-final-over-chance',
    /** Below this `loss-final-over-chance` the model counts as having learnt something. */
    learntBelow: 'learnt-below',
    accuracyInitial: 'accuracy-initial',
    accuracyFinal: 'accuracy-final',
    /** The task's own scores (`Task.scores`), by score name. */
    scoreInitial: (score: string) => `${score}-initial` as const,
    scoreFinal: (score: string) => `${score}-final` as const,
  },
  series: { trainLoss: 'train-loss' },
  /** `learnt` where the final loss is below `learnt-below` times the chance loss, `chance` otherwise. */
  labels: { learning: 'learning' },
} as const satisfies MeasurementNames;
const { metrics: M, series: S, labels: L } = TRAINABILITY;

/** A final loss below this share of the chance loss counts as learnt. */
export const LEARNT_BELOW_CHANCE = 0.95;

/**
 * Does the architecture learn its task? Adam for `trainSteps` steps on fresh batches; the loss on one fixed
 * held-out batch before and after, with the task's accuracy and its own scores (e.g. boundary F1) where it has them.
 */
export const trainability = defineProbe({
  id: 'trainability',
  summary: 'held-out loss (accuracy, task scores) after N Adam steps on the task, against step 0',
  requires: [],
  headline: [M.lossInitial, M.lossFinal, M.accuracyFinal],
  async run(model, { tf, seed, settings, trainedModels }) {
    const { trainSteps, learningRate, batch } = settings;
    const heldOut = model.task.sample(batch, deriveSeed(seed, 'held-out'), 'held-out');
    const evaluate = () => evaluateHeldOut(tf, model, heldOut, { scores: true });
    let initial: HeldOut;
    let trainLoss: number[];
    let final: HeldOut;
    try {
      initial = await evaluate();
      trainLoss = await trainOnTask(tf, model, settings, seed, trainedModels);
      final = await evaluate();
    } finally {
      tf.dispose([heldOut.x, heldOut.y]);
    }
    const builder = new MeasurementBuilder(TRAINABILITY)
      .metric(M.lossInitial, initial.loss, 'nats')
      .metric(M.lossFinal, final.loss, 'nats')
      .metric(M.lossRatio, final.loss / initial.loss, '1')
      .metric(M.steps, trainSteps, 'steps')
      .metric(M.learningRate, learningRate, '1')
      .series(S.trainLoss, trainLoss, 'nats')
      .note(`${M.lossInitial} and ${M.lossFinal} are on one held-out batch; ${S.trainLoss} is per step on fresh batches`);
    if (initial.accuracy !== undefined && final.accuracy !== undefined) {
      builder.metric(M.accuracyInitial, initial.accuracy, '1').metric(M.accuracyFinal, final.accuracy, '1');
    }
    const chance = model.task.chanceLoss;
    if (chance === undefined) {
      builder.note(`the task '${model.task.id}' declares no chance loss, so whether the model learnt anything is not judged`);
    } else {
      const overChance = final.loss / chance;
      builder.metric(M.lossChance, chance, 'nats').metric(M.lossFinalOverChance, overChance, '1').metric(M.learntBelow, LEARNT_BELOW_CHANCE, '1');
      if (Number.isFinite(overChance)) builder.label(L.learning, overChance < LEARNT_BELOW_CHANCE ? 'learnt' : 'chance');
      builder.note(
        `${M.lossChance}: the loss of a model that learnt nothing (the task's chanceLoss); ${L.learning} is learnt where ` +
          `${M.lossFinal} / ${M.lossChance} is below ${LEARNT_BELOW_CHANCE}, chance otherwise`,
      );
    }
    for (const [name, { value, unit }] of Object.entries(final.scores)) {
      builder.metric(M.scoreInitial(name), initial.scores[name]?.value ?? Number.NaN, unit).metric(M.scoreFinal(name), value, unit);
    }
    if (!Number.isFinite(final.loss) || trainLoss.some((v) => !Number.isFinite(v))) builder.diverged();
    return builder.build();
  },
});
