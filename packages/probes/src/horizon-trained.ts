import { horizon } from './horizon.js';
import { afterTraining } from './after-training.js';

/**
 * `horizon` after `trainSteps` Adam steps on the task: the seed's "residual layers push the message
 * horizon further" is a claim about trained models, so it is judged on one.
 */
export const horizonTrained = afterTraining(horizon, {
  id: 'horizon-trained',
  version: '1',
  summary: 'horizon after N Adam steps on the task: influence by hop distance, mean hop and 90% reach',
});
