import { defineNames, deriveSeed, defineProbe, MeasurementBuilder, evaluateHeldOut, trainOnTask, type HeldOut } from '@skipbench/core';

/** The names `trainability` writes in its results. */
export const TRAINABILITY = defineNames({
  metrics: {
    lossInitial: { name: 'loss-initial', unit: 'nats' },
    lossFinal: { name: 'loss-final', unit: 'nats' },
    lossRatio: { name: 'loss-ratio', unit: '1' },
    steps: { name: 'steps', unit: 'steps' },
    learningRate: { name: 'learning-rate', unit: '1' },
    /** The task's `chanceLoss`: what a model that learnt nothing scores. */
    lossChance: { name: 'loss-chance', unit: 'nats' },
    lossFinalOverChance: { name: 'loss-final-over-chance', unit: '1' },
    /** Below this `loss-final-over-chance` the model counts as having learnt something. */
    learntBelow: { name: 'learnt-below', unit: '1' },
    accuracyInitial: { name: 'accuracy-initial', unit: '1' },
    accuracyFinal: { name: 'accuracy-final', unit: '1' },
    /** The task's own scores (`Task.scores`), by score name. */
    scoreInitial: { name: (score: string) => `${score}-initial` as const, unit: null },
    scoreFinal: { name: (score: string) => `${score}-final` as const, unit: null },
  },
  series: { trainLoss: { name: 'train-loss', unit: 'nats' } },
  /** `learnt` where the final loss is below `learnt-below` times the chance loss, `chance` otherwise. */
  labels: { learning: 'learning' },
});
const { metrics: M, series: S, labels: L } = TRAINABILITY;

/** A final loss below this share of the chance loss counts as learnt. */
export const LEARNT_BELOW_CHANCE = 0.95;

/**
 * Does the architecture learn its task? Adam for `trainSteps` steps on fresh batches; the loss on one fixed
 * held-out batch before and after, with the task's accuracy and its own scores (e.g. boundary F1) where it has them.
 */
export const trainability = defineProbe({
  id: 'trainability',
  version: '1',
  summary: 'held-out loss (accuracy, task scores) after N Adam steps on the task, against step 0',
  requires: [],
  names: TRAINABILITY,
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
      .metric(M.lossInitial, initial.loss)
      .metric(M.lossFinal, final.loss)
      .metric(M.lossRatio, final.loss / initial.loss)
      .metric(M.steps, trainSteps)
      .metric(M.learningRate, learningRate)
      .series(S.trainLoss, trainLoss)
      .note(`${M.lossInitial} and ${M.lossFinal} are on one held-out batch; ${S.trainLoss} is per step on fresh batches`);
    if (initial.accuracy !== undefined && final.accuracy !== undefined) {
      builder.metric(M.accuracyInitial, initial.accuracy).metric(M.accuracyFinal, final.accuracy);
    }
    const chance = model.task.chanceLoss;
    if (chance === undefined) {
      builder.note(`the task '${model.task.id}' declares no chance loss, so whether the model learnt anything is not judged`);
    } else {
      const overChance = final.loss / chance;
      builder.metric(M.lossChance, chance).metric(M.lossFinalOverChance, overChance).metric(M.learntBelow, LEARNT_BELOW_CHANCE);
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
