import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RefereedCase, refereeCases, selectBackend, tf, torchAvailable, worstDisagreement } from '@skipbench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resnetBasic } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/resnet_basic.py), on identical weights and batch. Debian's
// python3-torch runs it; CI installs it, so there its absence is a failure, not a skip.
/** float32 on both sides: the bound on the largest relative disagreement. */
const TOLERANCE = 1e-4;
const cases = Object.keys(resnetBasic.variants).flatMap((variant) => ['none', 'batch'].flatMap((norm) => [2, 8].map((depth) => ({ variant, norm, depth, width: 8, inputSize: 8, seed: 5 }))));
const name = (c: (typeof cases)[number]) => `${c.variant} ${c.norm} depth ${c.depth}`;

describe.runIf(torchAvailable() || process.env['CI'] === 'true')('resnet.basic against its PyTorch reference', () => {
  const refereed = new Map<string, RefereedCase>();
  beforeAll(async () => {
    expect(torchAvailable(), "/usr/bin/python3 cannot import torch: install Debian's python3-torch").toBe(true);
    await selectBackend('wasm');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-referee-'));
    try {
      const results = await refereeCases(tf, resnetBasic, cases, { batch: 4, seed: 9, dir });
      for (const [i, c] of cases.entries()) refereed.set(name(c), results[i]!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const agrees = (c: (typeof cases)[number]) => {
    const { verdict } = refereed.get(name(c))!;
    expect(verdict.streamGradRelative).toHaveLength(c.depth + 1);
    expect(worstDisagreement(verdict)).toBeLessThan(TOLERANCE);
  };
  // Open (issue 16): on wasm, plain with batch norm at depth 8 disagrees by about 5% from the last block down,
  // while the cpu backend agrees to 4e-6 and float64 finite differences side with PyTorch. Expected to fail
  // until the wasm gradient is found and mended; it then passes and this line must go.
  const knownWrong = new Set(['plain batch depth 8']);
  it.each(cases.filter((c) => !knownWrong.has(name(c))))('$variant, norm $norm, depth $depth: loss and every gradient agree within 1e-4', agrees);
  it.fails.each(cases.filter((c) => knownWrong.has(name(c))))('$variant, norm $norm, depth $depth: disagrees on wasm (open)', agrees);
});
