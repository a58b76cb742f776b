import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { skipbench, workspace } from './test-cli.js';

const torchFound = spawnSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

// The workspace's families ship the PyTorch references (a fixture has none): these run them, except the refusal.
describe('skipbench reference', () => {
  it('names the missing interpreter in one line, exit 2', () => {
    const { code, stdout, stderr } = skipbench(['reference', '--arch', 'resnet.basic', '--python', '/no/such/python'], workspace);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe("skipbench: /no/such/python cannot import torch and numpy: install Debian's python3-torch, or name another interpreter with --python.\n");
  });

  it('refuses architectures that ship no reference', () => {
    const { code, stderr } = skipbench(['reference', '--arch', 'toy.*']);
    expect([code, stderr]).toEqual([2, "skipbench: No architecture matching 'toy.*' ships a PyTorch reference (Architecture.reference).\n"]);
  });

  // CI installs python3-torch: there the referee always runs.
  it.runIf(torchFound || process.env['CI'] === 'true')('checks resnet.basic against PyTorch on identical weights: every case within 1e-4', () => {
    const { code, stdout } = skipbench(['reference', '--arch', 'resnet.basic', '--variant', 'plain,preact', '--norm', 'batch', '--depths', '2,4', '--width', '4', '--input-size', '6', '--json'], workspace);
    expect(code).toBe(0);
    const { cases } = JSON.parse(stdout) as { cases: Array<{ variant: string; depth: number; agreement: string; verdict: { streamGradRelative: number[] } }> };
    expect(cases.map((c) => [c.variant, c.depth, c.agreement, c.verdict.streamGradRelative.length])).toEqual([
      ['plain', 2, 'agrees', 3],
      ['plain', 4, 'agrees', 5],
      ['preact', 2, 'agrees', 3],
      ['preact', 4, 'agrees', 5],
    ]);
  });

  // A family that stops shipping its reference fails here wherever torch is installed (and in CI, always).
  it.runIf(torchFound || process.env['CI'] === 'true')('resnet.basic, transformer.block, gru.recurrent, gnn.gcn and unet.segment each ship a reference, every variant agreeing at depth 1', () => {
    const { code, stdout } = skipbench(['reference', '--depths', '1', '--batch', '2', '--json'], workspace);
    expect(code).toBe(0);
    const { cases } = JSON.parse(stdout) as { cases: Array<{ arch: string; variant: string; agreement: string }> };
    expect([...new Set(cases.map((c) => c.arch))].sort()).toEqual(['gnn.gcn', 'gru.recurrent', 'resnet.basic', 'transformer.block', 'unet.segment']);
    expect(cases.filter((c) => c.agreement !== 'agrees').map((c) => `${c.arch} ${c.variant}`)).toEqual([]);
    expect(cases.find((c) => c.arch === 'transformer.block' && c.variant === 'postln')).toBeDefined();
  }, 120_000);
});
