/**
 * `@skipbench/gan`: GAN discriminators built from plain, residual or pre-activation blocks, trained against a
 * dense generator on a ring of 8 Gaussians. The discriminator is the Model, so core's gradient probes see
 * its stages; the `adversarial-training` probe trains both players and follows the gradient the generator
 * gets, the loss variance, the modes it recovers and divergence.
 */
import { API_VERSION, definePlugin } from '@skipbench/core';
import { adversarialTraining, ganBenchmark } from './adversarial-training.js';
import { ganClaims } from './claims.js';
import { ganMixture } from './architecture.js';

export {
  ADAM_BETA1,
  ADVERSARIAL_TRAINING,
  adversarialTraining,
  CHECKPOINTS,
  checkpointSteps,
  EVALUATION_SAMPLES,
  ganBenchmark,
  lateSteps,
  SEEDS,
  type Checkpoint,
} from './adversarial-training.js';
export { ganClaims } from './claims.js';
export { discriminatorLoss, ganMixture, generatorLoss, inputGradientNorms, isGanModel, sampleLatent, type GanModel, type Generator } from './architecture.js';
export { modeCentres, modeCoverage, NEAR_SIGMAS, RECOVERED_SHARE, RING, sampleMixture, type ModeCoverage, type RingMixture } from './mixture.js';

export default definePlugin({ apiVersion: API_VERSION, architectures: [ganMixture], probes: [adversarialTraining], benchmarks: [ganBenchmark], claims: ganClaims });
