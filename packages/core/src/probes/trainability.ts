import { deriveSeed } from '../random.js';
import { defineProbe, MeasurementBuilder } from '../probe.js';
import { evaluateHeldOut, trainOnTask, type HeldOut } from './train.js';

/**
 * Does the architecture learn its task? Adam for `trainSteps` steps on fresh batches; the loss on one fixed
 * held-out batch before and after, with the task's accuracy and its own scores (e.g. boundary F1) where it has them.
 */
export const trainability = defineProbe({
  id: 'trainability',
  summary: 'held-out loss (accuracy, task scores) after N Adam steps on the task, against step 0',
  requires: [],
  headline: ['loss-initial', 'loss-final', 'accuracy-final'],
  async run(model, { tf, seed, settings }) {
    const { trainSteps, learningRate, batch } = settings;
    const heldOut = model.task.sample(batch, deriveSeed(seed, 'held-out'), 'held-out');
    const evaluate = () => evaluateHeldOut(tf, model, heldOut, { scores: true });
    let initial: HeldOut;
    let trainLoss: number[];
    let final: HeldOut;
    try {
      initial = await evaluate();
      trainLoss = await trainOnTask(tf, model, settings, seed);
      final = await evaluate();
    } finally {
      tf.dispose([heldOut.x, heldOut.y]);
    }
    const builder = new MeasurementBuilder()
      .metric('loss-initial', initial.loss, 'nats')
      .metric('loss-final', final.loss, 'nats')
      .metric('loss-ratio', final.loss / initial.loss, '1')
      .metric('steps', trainSteps, 'steps')
      .metric('learning-rate', learningRate, '1')
      .series('train-loss', trainLoss, 'nats')
      .note('loss-initial and loss-final are on one held-out batch; train-loss is per step on fresh batches');
    if (initial.accuracy !== undefined && final.accuracy !== undefined) {
      builder.metric('accuracy-initial', initial.accuracy, '1').metric('accuracy-final', final.accuracy, '1');
    }
    for (const [name, { value, unit }] of Object.entries(final.scores)) {
      builder.metric(`${name}-initial`, initial.scores[name]?.value ?? Number.NaN, unit).metric(`${name}-final`, value, unit);
    }
    if (!Number.isFinite(final.loss) || trainLoss.some((v) => !Number.isFinite(v))) builder.diverged();
    return builder.build();
  },
});
