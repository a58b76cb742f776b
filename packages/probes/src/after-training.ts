import { defineNames, defineProbe, deriveSeed, evaluateHeldOut, MeasurementBuilder, trainOnTask, type HeldOut, type MeasurementNames, type Model, type Probe } from '@skipbench/core';

/** The names a probe made by `afterTraining` adds to its inner probe's. */
export const AFTER_TRAINING = defineNames({
  metrics: {
    trainedSteps: { name: 'trained-steps', unit: 'steps' },
    lossInitial: { name: 'trained-loss-initial', unit: 'nats' },
    lossFinal: { name: 'trained-loss-final', unit: 'nats' },
  },
});
const { metrics: T } = AFTER_TRAINING;

/** `inner`'s names and the three `afterTraining` adds, with their units, as one declaration (for listings). */
function withTrainingNames(inner: MeasurementNames | undefined): MeasurementNames {
  if (inner === undefined) return AFTER_TRAINING;
  return {
    metrics: { ...inner.metrics, ...AFTER_TRAINING.metrics },
    ...(inner.series === undefined ? {} : { series: inner.series }),
    ...(inner.labels === undefined ? {} : { labels: inner.labels }),
    units: {
      of: (name) => AFTER_TRAINING.units.of(name) ?? inner.units?.of(name),
      metrics: { ...inner.units?.metrics, ...AFTER_TRAINING.units.metrics },
      series: { ...inner.units?.series },
    },
  };
}

/**
 * `probe`'s measurement taken after `settings.trainSteps` Adam steps on the model's task (`trainOnTask`, as
 * trainability and lesion train), with the step count and the held-out loss before and after training beside
 * it: claims about what training produces are judged on a trained model. After 0 steps it is `probe`'s
 * own measurement exactly, plus those three metrics. Its `version` is its own: the inner probe's and the
 * training's arithmetic both move its fingerprint.
 */
export function afterTraining(probe: Probe, { id, summary, version }: Pick<Probe, 'id' | 'summary' | 'version'>): Probe {
  return defineProbe({
    id,
    summary,
    ...(version === undefined ? {} : { version }),
    requires: probe.requires,
    names: withTrainingNames(probe.names),
    headline: [...(probe.headline ?? []), T.trainedSteps],
    ...(probe.samples ? { samples: (batch: number) => probe.samples!(batch) } : {}),
    ...(probe.appliesTo ? { appliesTo: (model: Model) => probe.appliesTo!(model) } : {}),
    async run(model, context) {
      const { tf, seed, settings, trainedModels } = context;
      const heldOut = model.task.sample(settings.batch, deriveSeed(seed, 'held-out'), 'held-out');
      let initial: HeldOut;
      let trainLoss: number[];
      let final: HeldOut;
      try {
        initial = await evaluateHeldOut(tf, model, heldOut);
        trainLoss = await trainOnTask(tf, model, settings, seed, trainedModels);
        final = await evaluateHeldOut(tf, model, heldOut);
      } finally {
        tf.dispose([heldOut.x, heldOut.y]);
      }
      const measurement = await probe.run(model, context);
      const added = new MeasurementBuilder(AFTER_TRAINING)
        .metric(T.trainedSteps, settings.trainSteps)
        .metric(T.lossInitial, initial.loss)
        .metric(T.lossFinal, final.loss)
        .note(`measured after ${settings.trainSteps} Adam steps (learning rate ${settings.learningRate}) on the task; ${T.lossInitial} and ${T.lossFinal} on one held-out batch`)
        .build();
      const diverged = measurement.diverged || !Number.isFinite(final.loss) || trainLoss.some((v) => !Number.isFinite(v));
      return {
        metrics: { ...measurement.metrics, ...added.metrics },
        series: measurement.series,
        units: { ...measurement.units, ...added.units },
        labels: measurement.labels,
        notes: [...measurement.notes, ...added.notes],
        ...(diverged ? { diverged: true } : {}),
      };
    },
  });
}
