import type { ModelConfig } from '@skipbench/core';
import { testAgainstReference } from '@skipbench/kit';
import { beforeAll, describe, it } from 'vitest';
import { gruRecurrent } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/gru_recurrent.py), on identical weights and batch. The stream is
// the hidden state through time, h_0 … h_T with T = depth steps. Debian's python3-torch runs it; CI installs
// it, so there its absence is a failure, not a skip.
// The kit's default bound, 1e-4 (float32 on both sides). Every case stays well inside it (about 3e-7), but
// residual-rnn at depth 32 reaches about 1e-5: its dL/dh grows some 2000-fold from h_32 back to h_0, and
// float32 rounding grows with it. Against float64 on the same weights, skipbench (wasm) is 2e-5 off and
// PyTorch's float32 1e-5 off, so neither side is wrong.
type Case = Partial<ModelConfig> & { depth: number };
const small = { width: 8, inputSize: 4, seed: 5 };
const cases: Case[] = [
  ...Object.keys(gruRecurrent.variants).flatMap((variant) => [8, 32].map((depth) => ({ variant, depth, ...small }))),
  // The update gate starts closed (b_z = −2): each step keeps about 88% of the state.
  ...[8, 32].map((depth) => ({ variant: 'gru', depth, options: { 'gate-bias': 2 }, ...small })),
  // A scaled branch: core's stackModel multiplies it before the merge.
  { variant: 'residual-rnn', depth: 8, branchScale: 0.5, ...small },
];
const name = (c: Case) => `${c.variant} depth ${c.depth}${c.options ? ' gate-bias 2' : ''}${c.branchScale ? ` branch scale ${c.branchScale}` : ''}`;

// The gated cell has one weight set more than the plain and residual cells.
testAgainstReference(
  { describe, beforeAll, it },
  gruRecurrent,
  cases.map((config) => ({ name: name(config), config })),
  { batch: 4, seed: 9, parameterGradients: ({ variant }) => (variant === 'gru' ? 6 : 5) },
);
