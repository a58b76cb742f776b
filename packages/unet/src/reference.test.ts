import type { ModelConfig } from '@skipbench/core';
import { testAgainstReference } from '@skipbench/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { unet } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/unet_segment.py), on identical weights and batch. Debian's
// python3-torch runs it; CI installs it, so there its absence is a failure, not a skip.

interface Case {
  variant: string;
  norm: string;
  padding: 'same' | 'valid';
  depth: number;
  levels: number;
  inputSize: number;
}
/**
 * Depth counts decoder stages (levels up-sampling ones, the rest same-level extras): 1, 2 and 3 with as many
 * levels, then 8 and 32 on top of them. Each valid input is the smallest side that keeps every map positive
 * (unetGeometry); valid depths 8 and 32 run on one level, whose 46- and 142-pixel inputs are the cheapest that
 * fit (three levels would need 148 and 372 pixels).
 */
const shapes: ReadonlyArray<Omit<Case, 'variant' | 'norm'>> = [
  { padding: 'same', depth: 1, levels: 1, inputSize: 16 },
  { padding: 'same', depth: 2, levels: 2, inputSize: 16 },
  { padding: 'same', depth: 3, levels: 3, inputSize: 16 },
  { padding: 'same', depth: 8, levels: 3, inputSize: 16 },
  { padding: 'same', depth: 32, levels: 3, inputSize: 16 },
  { padding: 'valid', depth: 1, levels: 1, inputSize: 18 },
  { padding: 'valid', depth: 2, levels: 2, inputSize: 44 },
  { padding: 'valid', depth: 3, levels: 3, inputSize: 92 },
  { padding: 'valid', depth: 8, levels: 1, inputSize: 46 },
  { padding: 'valid', depth: 32, levels: 1, inputSize: 142 },
];
const all: Case[] = Object.keys(unet.variants).flatMap((variant) => ['none', 'batch'].flatMap((norm) => shapes.map((shape) => ({ variant, norm, ...shape }))));
const name = (c: Case) => `${c.variant} ${c.norm} ${c.padding} depth ${c.depth}`;
/**
 * Left out: no float32 implementation can be held to these, because the gradient itself is not determined to
 * float32 precision. Multiplying every weight by (1 + 1e-7 ε), ε ~ N(0, 1) (about one float32 rounding),
 * moves float64 PyTorch's gradients by the relative amount noted: a ReLU pre-activation within rounding of
 * its kink flips which pixels pass (no residual path past 64 convolutions of 4 channels), or batch norm
 * without a skip explodes the gradient with depth. Measured at width 4, batch 2, seeds 5 and 9; float32
 * PyTorch disagrees with float64 PyTorch by as much as skipbench does (in brackets: skipbench on wasm).
 */
const illConditioned = new Set([
  'plain none valid depth 32', // 4e-2 (1e-1)
  'plain batch same depth 32', // 3.5 (2.3)
  'plain batch valid depth 32', // 3.0 (4.5)
  'skip none same depth 32', // 6.4e-2 (7e-6: here float32 PyTorch is the one 6.4e-2 off)
  'skip none valid depth 32', // 1.8e-2 (1.5e-2)
  'skip batch same depth 32', // 3.2 (1.4)
  'skip batch valid depth 32', // 2.3 (6.1)
  'residual batch valid depth 32', // 1.8e-3 (2.8e-3)
]);
/**
 * Batch norm with no skip, 8 decoder stages on 2 × 2 to 16 × 16 maps: the weight noise above moves float64
 * PyTorch's gradients by 1.0e-4 and float32 PyTorch is 2.2e-4 off float64; skipbench on wasm disagrees with
 * float32 PyTorch by 1.7e-4, so this case is held to 2.5e-4, the float32 floor of its conditioning.
 * (Batch norm's gradient subtracts per-channel means of nearly cancelling terms; wasm's own Sum and Mean
 * add in one float32 accumulator and were 3.2e-4 off here, and 6.4e-2 on the three-level valid U-Net with
 * batch norm, until core's gap-fill summed in doubles: see core's kernels/reduction.ts.)
 */
const loosened = new Map([['plain batch same depth 8', 2.5e-4]]);
const cases = all.filter((c) => !illConditioned.has(name(c)));
const config = (c: Case): Partial<ModelConfig> & { depth: number } => ({
  variant: c.variant,
  norm: c.norm,
  depth: c.depth,
  inputSize: c.inputSize,
  width: 4,
  seed: 5,
  options: { levels: c.levels, valid: c.padding === 'valid' ? 1 : 0 },
});

describe('unet.segment reference cases', () => {
  it('leaves out only depth-8 and depth-32 cases', () => {
    expect(all.filter((c) => illConditioned.has(name(c))).every((c) => c.depth >= 8)).toBe(true);
    expect(cases.length + illConditioned.size).toBe(all.length);
  });
});

testAgainstReference(
  { describe, beforeAll, it },
  unet,
  cases.map((c) => ({ name: name(c), config: config(c), ...(loosened.has(name(c)) ? { tolerance: loosened.get(name(c))! } : {}) })),
  { batch: 2, seed: 9 },
);
