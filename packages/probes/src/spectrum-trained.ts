import { spectrum } from './spectrum.js';
import { afterTraining } from './after-training.js';

/**
 * `spectrum` after `trainSteps` Adam steps on the task: the seed's "the stream is a low-pass filter and
 * attention learns the high-frequency detail" is a claim about trained models, so it is judged on one.
 */
export const spectrumTrained = afterTraining(spectrum, {
  id: 'spectrum-trained',
  version: '1',
  summary: 'spectrum after N Adam steps on the task: high-frequency shares of the stream, the branch and its parts',
});
