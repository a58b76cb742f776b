import type { Batch, ForwardOptions, Model } from '../block.js';
import { defineProbe, MeasurementBuilder, type MeasurementNames, type Probe, type ProbeSettings, type TrainedModels } from '../probe.js';
import { deriveSeed } from '../random.js';
import type { Optimizer } from '@tensorflow/tfjs';
import type { Tensor, TF } from '../tf.js';
import { settled } from './settled.js';

/**
 * Trains `model` with Adam for `settings.trainSteps` steps, each on a fresh training batch drawn from `seed`,
 * and returns the loss of every step (read back asynchronously, as every device allows). Probes that train (trainability, lesion) share it so they train alike.
 * Given the run's `trainedModels` (`ProbeContext.trainedModels`), a training this run already did is restored instead.
 */
export async function trainOnTask(tf: TF, model: Model, settings: ProbeSettings, seed: number, trainedModels?: TrainedModels): Promise<number[]> {
  if (trainedModels === undefined || settings.trainSteps === 0) return adamOnTask(tf, model, settings, seed);
  const { trainSteps, learningRate, batch } = settings;
  return trainedModels.reuse(model, { method: 'trainOnTask', trainSteps, learningRate, batch, seed }, () => adamOnTask(tf, model, settings, seed));
}

/** One optimizer step on every weight of `model` for the batch (x, y); resolves to the loss, read back. */
export async function trainStep(model: Model, optimizer: Optimizer, x: Tensor, y: Tensor): Promise<number> {
  const cost = optimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params)!;
  try {
    return (await cost.data())[0]!;
  } finally {
    cost.dispose();
  }
}

async function adamOnTask(tf: TF, model: Model, settings: ProbeSettings, seed: number): Promise<number[]> {
  const optimizer = tf.train.adam(settings.learningRate);
  const losses: number[] = [];
  try {
    for (let step = 0; step < settings.trainSteps; step++) {
      const { x, y } = model.task.sample(settings.batch, deriveSeed(seed, 'train', step));
      try {
        losses.push(await trainStep(model, optimizer, x, y));
      } finally {
        tf.dispose([x, y]);
      }
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}

export interface HeldOut {
  loss: number;
  /** Where the task has an accuracy. */
  accuracy?: number;
  /** The task's own scores (see `Task.scores`), when asked for. */
  scores: Record<string, { value: number; unit: string }>;
}

/**
 * Loss and accuracy on a held-out batch (with `bypass`, of the lesioned model, computed from `intactStream` where
 * given), and with `scores` the task's
 * own scores: read back asynchronously, so it runs on every backend. Shared by the probes that train.
 */
export async function evaluateHeldOut(tf: TF, model: Model, heldOut: Batch, { bypass, intactStream, scores = false }: ForwardOptions & { scores?: boolean } = {}): Promise<HeldOut> {
  const { task } = model;
  const { out, loss, accuracy } = tf.tidy(() => {
    const { out } = model.forward(heldOut.x, { ...(bypass === undefined ? {} : { bypass }), ...(intactStream === undefined ? {} : { intactStream }) });
    return { out, loss: task.loss(out, heldOut.y), accuracy: task.accuracy?.(out, heldOut.y) ?? tf.zeros([0]) };
  });
  try {
    // Read back first: the task's scores then read `out` and `y` synchronously from the cache.
    await settled(scores ? [out, loss, accuracy, heldOut.y] : [loss, accuracy]);
    return {
      loss: loss.dataSync()[0]!,
      ...(task.accuracy ? { accuracy: accuracy.dataSync()[0]! } : {}),
      scores: scores ? (task.scores?.(out, heldOut.y) ?? {}) : {},
    };
  } finally {
    // With every block bypassed, a model with an identity stem and head returns the held-out input itself, or a
    // stage of the intact stream: the caller's.
    tf.dispose([out, loss, accuracy].filter((t) => t !== heldOut.x && !(intactStream?.includes(t) ?? false)));
  }
}

/** The names a probe made by `afterTraining` adds to its inner probe's. */
export const AFTER_TRAINING = {
  metrics: { trainedSteps: 'trained-steps', lossInitial: 'trained-loss-initial', lossFinal: 'trained-loss-final' },
} as const satisfies MeasurementNames;
const { metrics: T } = AFTER_TRAINING;

/**
 * `probe`'s measurement taken after `settings.trainSteps` Adam steps on the model's task (`trainOnTask`, as
 * trainability and lesion train), with the step count and the held-out loss before and after training beside
 * it: claims about what training produces are judged on a trained model. After 0 steps it is `probe`'s
 * own measurement exactly, plus those three metrics.
 */
export function afterTraining(probe: Probe, { id, summary }: { id: Probe['id']; summary: string }): Probe {
  return defineProbe({
    id,
    summary,
    requires: probe.requires,
    headline: [...(probe.headline ?? []), T.trainedSteps],
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
        .metric(T.trainedSteps, settings.trainSteps, 'steps')
        .metric(T.lossInitial, initial.loss, 'nats')
        .metric(T.lossFinal, final.loss, 'nats')
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
