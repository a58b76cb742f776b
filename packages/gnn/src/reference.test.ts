import type { ModelConfig } from '@skipbench/core';
import { testAgainstReference } from '@skipbench/kit';
import { beforeAll, describe, it } from 'vitest';
import { gcn } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/gnn_gcn.py), on identical weights, graph and batch. The graph
// travels in the case folder (index.json's `graph`, its edges); the reference rebuilds Â from them and
// defines the task's masked loss (labelled nodes only). Debian's python3-torch runs it; CI installs it, so
// there its absence is a failure, not a skip.
interface Case extends Partial<ModelConfig> {
  name: string;
  variant: string;
  depth: number;
}
const small = { width: 8, inputSize: 40, seed: 5 };
// Every variant at depths 8 and 32. None underflows in float32 at this size: plain at depth 32 has
// dL/dstream[0] of norm ~1e-8 (vanishing, far above float32's least normal) and residual at depth 32 grows
// its stream to a loss of ~3e4 (no normalisation); both are compared relatively and agree to ~1e-7.
const cases: Case[] = [
  ...Object.keys(gcn.variants).flatMap((variant) => [8, 32].map((depth) => ({ name: `${variant} depth ${depth}`, variant, depth, ...small }))),
  // The options the reference reads from the config (its defaults mirror gnn.gcn's), another graph, shortcuts
  // (extra edges, which reach the reference only through the exported graph) and a branch scale.
  { name: 'initial-residual depth 8, alpha 0.2, beta 0.3', variant: 'initial-residual', depth: 8, ...small, options: { alpha: 0.2, beta: 0.3 } },
  { name: 'residual depth 8 on a chain, 3 shortcuts, branch scale 0.5', variant: 'residual', depth: 8, ...small, task: 'chain', options: { shortcuts: 3 }, branchScale: 0.5 },
];

testAgainstReference(
  { describe, beforeAll, it },
  gcn,
  cases.map(({ name, ...config }) => ({ name, config })),
  { batch: 4, seed: 9, parameterGradients: ({ depth }) => depth + 4 },
);
