import { defineNames, defineProbe, MeasurementBuilder, l2Norm, meanAndVariance, settled } from '@skipbench/core';

/** The names `activation-profile` writes in its results. */
export const ACTIVATION_PROFILE = defineNames({
  metrics: {
    normFirst: { name: 'norm-first', unit: '1' },
    normLast: { name: 'norm-last', unit: '1' },
    log10NormGrowth: { name: 'log10-norm-growth', unit: 'log10' },
    log10RmsGrowth: { name: 'log10-rms-growth', unit: 'log10' },
  },
  series: {
    norm: { name: 'norm', unit: '1' },
    rms: { name: 'rms', unit: '1' },
    stageElements: { name: 'stage-elements', unit: '1' },
    mean: { name: 'mean', unit: '1' },
    variance: { name: 'variance', unit: '1' },
  },
});
const { metrics: M, series: S } = ACTIVATION_PROFILE;

/**
 * Signal propagation: how the size of the stream changes stage by stage. The per-sample norm grows with a
 * stage's element count as well as with its values (a stream widening from 16 to 144 channels gains
 * log10 √9 = 0.48 decades at equal values), so the per-element RMS, norm / √elements, is what compares
 * stages of different sizes; for stages of one size the two growths are the same number.
 */
export const activationProfile = defineProbe({
  id: 'activation-profile',
  version: '1',
  summary: 'per-sample norm, per-element RMS, mean and variance of every stream stage',
  requires: [],
  names: ACTIVATION_PROFILE,
  headline: [M.log10RmsGrowth],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const norms: number[] = [];
    const elements: number[] = [];
    const means: number[] = [];
    const variances: number[] = [];
    const stream = tf.tidy(() => model.forward(x).stream);
    try {
      await settled(stream);
      for (const stage of stream) {
        const values = stage.dataSync();
        const samples = stage.shape[0]!;
        norms.push(l2Norm(values) / Math.sqrt(samples));
        elements.push(stage.size / samples);
        const { mean, variance } = meanAndVariance(values);
        means.push(mean);
        variances.push(variance);
      }
    } finally {
      tf.dispose([x, y, ...stream]);
    }
    const rms = norms.map((norm, l) => norm / Math.sqrt(elements[l]!));
    const last = norms.length - 1;
    // A stream may start from zero (a recurrent state h_0 = 0): growth counts from its first non-zero stage.
    const from = norms.findIndex((n) => n > 0);
    const builder = new MeasurementBuilder(ACTIVATION_PROFILE)
      .series(S.norm, norms)
      .series(S.rms, rms)
      .series(S.stageElements, elements)
      .series(S.mean, means)
      .series(S.variance, variances)
      .metric(M.normFirst, norms[0]!)
      .metric(M.normLast, norms[last]!)
      .note(
        `${S.norm} is the Frobenius norm of a stage divided by sqrt(batch): the typical per-sample norm; ${S.rms} is it divided by ` +
          `sqrt(${S.stageElements}), the elements of the stage per sample: the per-element root mean square, which compares stages of different sizes`,
      );
    if (from < 0) return builder.note('every stage is zero, so there is no growth to measure').build();
    if (from > 0) builder.note(`stages 0…${from - 1} are zero: ${M.log10NormGrowth} and ${M.log10RmsGrowth} count from stage ${from}`);
    return builder
      .metric(M.log10NormGrowth, Math.log10(norms[last]! / norms[from]!))
      .metric(M.log10RmsGrowth, Math.log10(rms[last]! / rms[from]!))
      .build();
  },
});
