import type { ModelConfig } from '@skipbench/core';
import { testAgainstReference } from '@skipbench/kit';
import { beforeAll, describe, it } from 'vitest';
import { transformerBlockArchitecture } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/transformer_block.py), on identical weights and batch. Debian's
// python3-torch runs it; CI installs it, so there its absence is a failure, not a skip.
type Case = Pick<ModelConfig, 'variant' | 'norm' | 'depth' | 'width' | 'branchScale'>;
// Width 16: two heads of 8, so the head split is checked; 4 tokens, a batch of 4.
const at = (variant: string, norm: string, depth: number, extra: Partial<Case> = {}): Case => ({ variant, norm, depth, width: 16, branchScale: 1, ...extra });
const name = (c: Case) => `${c.variant} ${c.norm} depth ${c.depth} width ${c.width} scale ${c.branchScale}`;

// Left out, as no float32 comparison of them is honest: without a norm, the residual variants' stream grows
// without bound at branch scale 1 (|h| reaches 6e7 at depth 32 in preln and in postln, the same function there
// in exact arithmetic; 9e5 in attention-skip), so every late attention score is ~1e12 and each softmax is
// one-hot. The gap between a query's two best keys (down to ~1e4) is below its scores' float32 rounding
// (~4e5): which key a query selects flips with the last bit of the forward pass, and the gradient with it.
// Against PyTorch in float64, PyTorch's own float32 gradients are 6e-2 off in preln and 1e-1 in
// attention-skip (skipbench's 1e-1 too); skipbench's are 6e5 off in preln only because its forward (2.5e-6
// from float64 at stage 31) flips other selections: from skipbench's own stage 31, PyTorch's float64 gradient
// of the last block agrees with skipbench's to 1e-7. The same variants agree at depth 8 (below 3e-5).
const unfit = new Set(['preln', 'postln', 'attention-skip'].map((variant) => name(at(variant, 'none', 32))));
const cases: Case[] = [
  ...Object.keys(transformerBlockArchitecture.variants).flatMap((variant) => ['layer', 'none'].flatMap((norm) => [8, 32].map((depth) => at(variant, norm, depth)))),
  // Where the branch scale enters each variant (twice in plain, inside preln's MLP input).
  ...Object.keys(transformerBlockArchitecture.variants).flatMap((variant) => ['layer', 'none'].map((norm) => at(variant, norm, 8, { branchScale: 0.5 }))),
  // A width that is not a multiple of the head width: one head of 12.
  at('preln', 'layer', 8, { width: 12 }),
].filter((c) => !unfit.has(name(c)));

// plain with layer norm at depth 32 amplifies float32 rounding through the stack: PyTorch's float32 stream is
// 3e-8 from float64 at stage 0 and 2e-5 at stage 32, and its gradients 5.9e-4 from float64 at worst, while
// skipbench's are 5.0e-5 (wasm; 2.7e-4 on the cpu backend) and float64 finite differences side with float64
// autograd to 8e-6. The referee's float32 reference itself cannot be closer than 6e-4, so this case alone is
// held to 1e-3 (measured 6.3e-4).
const LOOSER: Record<string, number> = { [name(at('plain', 'layer', 32))]: 1e-3 };

testAgainstReference(
  { describe, beforeAll, it },
  transformerBlockArchitecture,
  cases.map((c) => ({ name: name(c), config: { ...c, inputSize: 4, seed: 5 }, ...(LOOSER[name(c)] === undefined ? {} : { tolerance: LOOSER[name(c)] }) })),
  { batch: 4, seed: 9 },
);
