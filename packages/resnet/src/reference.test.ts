import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { buildModel, exportReference, selectBackend, tf } from '@skipbench/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resnetBasic } from './index.js';

// The referee: skipbench's loss and every stream and parameter gradient against a PyTorch reference written
// out from the same equations (reference/resnet_basic.py), on identical weights and batch. Debian's
// python3-torch runs it; CI installs it, so there its absence is a failure, not a skip.
const PYTHON = '/usr/bin/python3';
const torchFound = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;
const referee = createRequire(import.meta.url).resolve('@skipbench/core/reference/referee.py');
const family = resnetBasic.reference!;
/** float32 on both sides: the bound on the largest relative disagreement. */
const TOLERANCE = 1e-4;

const cases = Object.keys(resnetBasic.variants).flatMap((variant) => ['none', 'batch'].flatMap((norm) => [2, 8].map((depth) => ({ variant, norm, depth }))));
const name = (c: { variant: string; norm: string; depth: number }) => `${c.variant} ${c.norm} depth ${c.depth}`;
interface Verdict {
  lossRelative: number;
  streamGradRelative: number[];
  paramGradRelative: number[];
}

describe.runIf(torchFound || process.env['CI'] === 'true')('resnet.basic against its PyTorch reference', () => {
  const verdicts = new Map<string, Verdict>();
  beforeAll(async () => {
    expect(torchFound, `${PYTHON} cannot import torch: install Debian's python3-torch`).toBe(true);
    await selectBackend('wasm');
    const root = mkdtempSync(path.join(os.tmpdir(), 'skipbench-referee-'));
    const dirs = [];
    for (const c of cases) {
      const model = buildModel(resnetBasic, { ...resnetBasic.defaults, ...c, width: 8, inputSize: 8, seed: 5 });
      const dir = path.join(root, name(c).replaceAll(' ', '-'));
      await exportReference(tf, model, { arch: resnetBasic.id, batch: 4, seed: 9, dir });
      model.dispose();
      dirs.push(dir);
    }
    const run = spawnSync(PYTHON, [referee, '--family', family, '--case', ...dirs], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    for (const [i, line] of run.stdout.trim().split('\n').entries()) verdicts.set(name(cases[i]!), JSON.parse(line) as Verdict);
  }, 120_000);

  const agrees = (c: (typeof cases)[number]) => {
    const verdict = verdicts.get(name(c))!;
    expect(verdict.streamGradRelative).toHaveLength(c.depth + 1);
    expect(verdict.lossRelative).toBeLessThan(TOLERANCE);
    expect(Math.max(...verdict.streamGradRelative)).toBeLessThan(TOLERANCE);
    expect(Math.max(...verdict.paramGradRelative)).toBeLessThan(TOLERANCE);
  };
  // Open (issue 16): on wasm, plain with batch norm at depth 8 disagrees by about 5% from the last block down,
  // while the cpu backend agrees to 4e-6 and float64 finite differences side with PyTorch. Expected to fail
  // until the wasm gradient is found and mended; it then passes and this line must go.
  const knownWrong = new Set(['plain batch depth 8']);
  it.each(cases.filter((c) => !knownWrong.has(name(c))))('$variant, norm $norm, depth $depth: loss and every gradient agree within 1e-4', agrees);
  it.fails.each(cases.filter((c) => knownWrong.has(name(c))))('$variant, norm $norm, depth $depth: disagrees on wasm (open)', agrees);
});
