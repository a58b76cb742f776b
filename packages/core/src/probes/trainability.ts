import { deriveSeed } from '../random.js';
import { defineProbe, MeasurementBuilder } from '../probe.js';
import { trainOnTask } from './train.js';

/**
 * Does the architecture learn its task? Adam for `trainSteps` steps on fresh batches; the loss on one fixed
 * held-out batch before and after.
 */
export const trainability = defineProbe({
  id: 'trainability',
  summary: 'held-out loss after N Adam steps on the task, against the loss at step 0',
  requires: [],
  headline: ['loss-initial', 'loss-final'],
  async run(model, { tf, seed, settings }) {
    const { trainSteps, learningRate, batch } = settings;
    const heldOut = model.task.sample(batch, deriveSeed(seed, 'held-out'), 'held-out');
    const evaluate = () => tf.tidy(() => model.task.loss(model.forward(heldOut.x).out, heldOut.y).dataSync()[0]!);
    let initial: number;
    let trainLoss: number[];
    let final: number;
    try {
      initial = evaluate();
      trainLoss = trainOnTask(tf, model, settings, seed);
      final = evaluate();
    } finally {
      tf.dispose([heldOut.x, heldOut.y]);
    }
    const builder = new MeasurementBuilder()
      .metric('loss-initial', initial, 'nats')
      .metric('loss-final', final, 'nats')
      .metric('loss-ratio', final / initial, '1')
      .metric('steps', trainSteps, 'steps')
      .metric('learning-rate', learningRate, '1')
      .series('train-loss', trainLoss, 'nats')
      .note('loss-initial and loss-final are on one held-out batch; train-loss is per step on fresh batches');
    if (!Number.isFinite(final) || trainLoss.some((v) => !Number.isFinite(v))) builder.diverged();
    return builder.build();
  },
});
