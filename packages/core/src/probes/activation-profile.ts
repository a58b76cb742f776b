import { defineProbe, MeasurementBuilder } from '../probe.js';
import { l2Norm, meanAndVariance } from './norms.js';
import { settled } from './settled.js';

/** Signal propagation: how the size of the stream changes stage by stage. */
export const activationProfile = defineProbe({
  id: 'activation-profile',
  summary: 'per-sample norm, mean and variance of every stream stage',
  requires: [],
  headline: ['log10-norm-growth'],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const norms: number[] = [];
    const means: number[] = [];
    const variances: number[] = [];
    const stream = tf.tidy(() => model.forward(x).stream);
    try {
      await settled(stream);
      for (const stage of stream) {
        const values = stage.dataSync();
        norms.push(l2Norm(values) / Math.sqrt(stage.shape[0]!));
        const { mean, variance } = meanAndVariance(values);
        means.push(mean);
        variances.push(variance);
      }
    } finally {
      tf.dispose([x, y, ...stream]);
    }
    const last = norms[norms.length - 1]!;
    // A stream may start from zero (a recurrent state h_0 = 0): growth counts from its first non-zero stage.
    const from = norms.findIndex((n) => n > 0);
    const builder = new MeasurementBuilder()
      .series('norm', norms, '1')
      .series('mean', means, '1')
      .series('variance', variances, '1')
      .metric('norm-first', norms[0]!, '1')
      .metric('norm-last', last, '1')
      .note('norm is the Frobenius norm of a stage divided by sqrt(batch): the typical per-sample norm');
    if (from < 0) return builder.note('every stage is zero, so there is no growth to measure').build();
    if (from > 0) builder.note(`stages 0…${from - 1} are zero: log10-norm-growth counts from stage ${from}`);
    return builder.metric('log10-norm-growth', Math.log10(last / norms[from]!), 'log10').build();
  },
});
