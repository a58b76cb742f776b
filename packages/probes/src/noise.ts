import { defineNames, deriveSeed, defineProbe, MeasurementBuilder, type Tensor, readBack } from '@skipbench/core';
import { normalTensor } from './jacobian.js';

/** Noise sizes, relative to the norm of what they are added to. */
export const NOISE_LEVELS = [0.001, 0.01, 0.1, 0.3];

/** The names `noise` writes in its results. */
export const NOISE = defineNames({
  metrics: {
    inputAmplification: { name: 'input-amplification', unit: '1' },
    middleAmplification: { name: 'middle-amplification', unit: '1' },
    middleStage: { name: 'middle-stage', unit: 'stage' },
  },
  series: {
    noiseLevels: { name: 'noise-levels', unit: '1' },
    outputDeviationInputNoise: { name: 'output-deviation-input-noise', unit: '1' },
    outputDeviationMiddleNoise: { name: 'output-deviation-middle-noise', unit: '1' },
  },
});
const { metrics: M, series: S } = NOISE;

/**
 * The error-correction view: Gaussian noise of growing size at the input and at the middle stage, and the
 * relative deviation of the output it causes. Amplification = output deviation / noise size (1 for a linear map).
 */
export const noise = defineProbe({
  id: 'noise',
  version: '1',
  summary: 'relative output deviation from Gaussian noise at the input and at the middle stage, per noise size',
  requires: [],
  names: NOISE,
  headline: [M.inputAmplification, M.middleAmplification],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const middle = Math.floor(model.depth / 2);
    const fromInput: number[] = [];
    const fromMiddle: number[] = [];
    try {
      const [outNorm, ...deviations] = await readBack(tf, () => {
        const clean = model.forward(x);
        const deviation = (out: Tensor) => tf.norm(tf.sub(out, clean.out));
        // Unit-norm directions scaled to the norm of their target, so a level is a relative size.
        const direction = (like: Tensor, label: string) => {
          const z = normalTensor(tf, like.shape, deriveSeed(seed, 'noise', label));
          return tf.mul(z, tf.div(tf.norm(like), tf.norm(z)));
        };
        const inputNoise = direction(x, 'input');
        const middleNoise = direction(clean.stream[middle]!, 'middle');
        const zeros = clean.stream.map((s) => tf.zerosLike(s));
        return [
          tf.norm(clean.out),
          ...NOISE_LEVELS.flatMap((level) => {
            const perturb = zeros.map((z, l) => (l === middle ? tf.mul(middleNoise, level) : z));
            return [deviation(model.forward(tf.add(x, tf.mul(inputNoise, level))).out), deviation(model.forward(x, { perturb }).out)];
          }),
        ];
      });
      NOISE_LEVELS.forEach((_, i) => {
        fromInput.push(deviations[2 * i]![0]! / outNorm![0]!);
        fromMiddle.push(deviations[2 * i + 1]![0]! / outNorm![0]!);
      });
    } finally {
      tf.dispose([x, y]);
    }
    return new MeasurementBuilder(NOISE)
      .series(S.noiseLevels, NOISE_LEVELS)
      .series(S.outputDeviationInputNoise, fromInput)
      .series(S.outputDeviationMiddleNoise, fromMiddle)
      .metric(M.inputAmplification, fromInput[0]! / NOISE_LEVELS[0]!)
      .metric(M.middleAmplification, fromMiddle[0]! / NOISE_LEVELS[0]!)
      .metric(M.middleStage, middle)
      .note('deviation = ‖out(noisy) − out‖ / ‖out‖ for noise of norm level·‖target‖; amplification at the smallest level')
      .build();
  },
});
