import { defineProbe, MeasurementBuilder, type MeasurementNames, l2Norm, meanAndVariance, settled } from '@skipbench/core';

/** The names `activation-profile` writes in its results. */
export const ACTIVATION_PROFILE = {
  metrics: { normFirst: 'norm-first', normLast: 'norm-last', log10NormGrowth: 'log10-norm-growth' },
  series: { norm: 'norm', mean: 'mean', variance: 'variance' },
} as const satisfies MeasurementNames;
const { metrics: M, series: S } = ACTIVATION_PROFILE;

/** Signal propagation: how the size of the stream changes stage by stage. */
export const activationProfile = defineProbe({
  id: 'activation-profile',
  version: '1',
  summary: 'per-sample norm, mean and variance of every stream stage',
  requires: [],
  headline: [M.log10NormGrowth],
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
    const builder = new MeasurementBuilder(ACTIVATION_PROFILE)
      .series(S.norm, norms, '1')
      .series(S.mean, means, '1')
      .series(S.variance, variances, '1')
      .metric(M.normFirst, norms[0]!, '1')
      .metric(M.normLast, last, '1')
      .note('norm is the Frobenius norm of a stage divided by sqrt(batch): the typical per-sample norm');
    if (from < 0) return builder.note('every stage is zero, so there is no growth to measure').build();
    if (from > 0) builder.note(`stages 0…${from - 1} are zero: ${M.log10NormGrowth} counts from stage ${from}`);
    return builder.metric(M.log10NormGrowth, Math.log10(last / norms[from]!), 'log10').build();
  },
});
