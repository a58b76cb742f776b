import { defineClaim } from '@skipbench/core';
import { TOKEN_REACH } from '@skipbench/probes';

/** The claim about identity through time, judged on this family: `gru` and `residual-rnn` against `plain`. */
export const gruClaims = [
  defineClaim(TOKEN_REACH, {
    id: 'identity-through-time',
    statement: 'A recurrent net loses the first token’s gradient step by step unless time has an identity path: with one it decays by at most 0.05 decades per step.',
    probe: 'token-reach',
    rule: { kind: 'contrast', test: { op: 'at-least', metric: TOKEN_REACH.metrics.decayPerStep, value: -0.05 } },
    shows: [TOKEN_REACH.metrics.firstTokenShare],
    families: ['gru'],
  }),
];
