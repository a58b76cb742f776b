import { defineClaim } from '@skipbench/core';
import { ADVERSARIAL_TRAINING, adversarialTraining } from './adversarial-training.js';

const M = ADVERSARIAL_TRAINING.metrics;

/** The two halves of the GAN claim, as docs/findings/gan.md reads `adversarial-training`. */
export const ganClaims = [
  defineClaim(ADVERSARIAL_TRAINING, {
    id: 'gan-generator-gradient',
    statement: 'Skips in a deep discriminator keep the gradient the generator gets from vanishing: ‖∇ₓD‖ at initialisation is larger than without them.',
    probe: adversarialTraining.id,
    rule: { kind: 'versus-plain', metric: M.generatorGradNormInitial, better: 'higher' },
    shows: [M.generatorGradNormFinal],
    families: ['gan'],
  }),
  defineClaim(ADVERSARIAL_TRAINING, {
    id: 'gan-stable-training',
    statement: 'Skips in the discriminator make adversarial training converge: more of the 8 modes recovered than without them.',
    probe: adversarialTraining.id,
    rule: { kind: 'versus-plain', metric: M.modesRecoveredMean, better: 'higher' },
    shows: [M.discLossVarianceLate, M.divergedSeeds],
    families: ['gan'],
  }),
];
