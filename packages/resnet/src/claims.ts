import { defineClaim } from '@skipbench/core';
import { ERROR_CORRECTION, EULER } from '@skipbench/probes';

/** The claims about residual stacks as ODE solvers and error correctors, judged on this family. */
export const resnetClaims = [
  defineClaim(EULER, {
    id: 'euler-converges',
    statement: 'A shared-weight residual stack is a forward-Euler ODE solver: doubling its depth converges at order about 1, where the plain stack does not converge.',
    probe: 'euler',
    rule: { kind: 'contrast', test: { op: 'at-least', metric: EULER.metrics.convergenceOrder, value: 0.5 } },
    shows: [EULER.metrics.relativeChangeLastDoubling],
    families: ['resnet'],
    // Against its declared ablation, ode-plain.
    skip: ['ode'],
  }),
  defineClaim(ERROR_CORRECTION, {
    id: 'residual-corrects-errors',
    statement: 'Trained on noisy signals, a residual stack learns to cancel the error: cos(G(ε), ε) ≤ −0.9 for pure errors ε.',
    probe: 'error-correction',
    rule: { kind: 'each', test: { op: 'at-most', metric: ERROR_CORRECTION.metrics.stackErrorCosine, value: -0.9 } },
    shows: [ERROR_CORRECTION.metrics.relativeOutputError],
    families: ['resnet'],
  }),
];
