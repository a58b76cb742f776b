import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atSeed, documentOf, probeCase, writeJson } from './test-documents.js';
import { skipbench } from './test-cli.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-table-'));

/** noise at depth 4 and 16 for plain and preact, preact at 16 not run; shattered, paths and lipschitz beside it. */
function claimsFile(): string {
  const claim = (probe: string, variant: string, depth: number, metrics: Record<string, number>, labels?: Record<string, string>) => probeCase(0, 'claims', probe, 'a.b', variant, depth, metrics, labels);
  const noise = (variant: string, depth: number, amplification: number) => claim('noise', variant, depth, { 'input-amplification': amplification });
  return writeJson(
    path.join(tempDir(), 'claims.json'),
    documentOf('claims', [
      noise('plain', 4, 0.64), noise('plain', 16, 39.53148), noise('preact', 4, 0.2123456),
      claim('shattered', 'plain', 4, { 'neighbour-gradient-correlation': 0.00012345 }),
      claim('shattered', 'preact', 4, { 'neighbour-gradient-correlation': 0.77 }),
      { ...claim('paths', 'plain', 4, {}), status: 'not-applicable', notes: ['no additive skip'] },
      claim('paths', 'preact', 4, { 'effective-length-high': 3 }),
      claim('lipschitz', 'plain', 4, { 'bound-violations': 0 }, { 'bound-held': 'yes' }),
      claim('lipschitz', 'preact', 4, { 'bound-violations': 1 }, { 'bound-held': 'no' }),
    ]),
  );
}

/** gradient-profile of plain at depth 8 and 32 in two inits; at 32 with he, float32 underflowed (only the bound). */
function gradientFile(): string {
  const profile = (init: string, depth: number, metrics: Record<string, number>) =>
    ({ ...probeCase(0, 'gradient', 'gradient-profile', 'a.b', 'plain', depth, metrics), id: `a.b/plain/${init}/d${depth}`, config: { width: 16, inputSize: 16, norm: 'none', init, branchScale: 1, seed: 1 } });
  return writeJson(
    path.join(tempDir(), 'gradient.json'),
    documentOf('gradient', [
      profile('glorot', 8, { 'log10-ratio-first-last': -2.19 }), profile('glorot', 32, { 'log10-ratio-first-last': -9.559 }),
      profile('he', 8, { 'log10-ratio-first-last': 0.5 }), profile('he', 32, { 'log10-ratio-first-last-below': -43.2412 }),
    ]),
  );
}

describe('skipbench table', () => {
  it('lays one metric out as rows by columns, a missing case as – with the command that measures it', () => {
    const { code, stdout, stderr } = skipbench(['table', claimsFile(), '--rows', 'variant', '--columns', 'depth', '--value', 'noise.input-amplification']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'variant  depth 4  depth 16',
        '-------  -------  --------',
        'plain    0.64     39.53',
        'preact   0.2123   –',
        '',
        '–: no case in these results; to measure it:',
        '  skipbench run claims --probe noise --arch a.b --variant preact --depths 16',
        '',
      ].join('\n'),
    );
  });

  it('writes Markdown: several metrics side by side, values over a key joined in one cell, n/a and labels as recorded', () => {
    const { code, stdout } = skipbench([
      'table', claimsFile(), '--rows', 'variant', '--join', 'depth', '--value', 'noise.input-amplification,shattered.neighbour-gradient-correlation,paths.effective-length-high,lipschitz.bound-held', '--md',
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        '| variant | noise.input-amplification (depth 4 / 16) | shattered.neighbour-gradient-correlation (depth 4 / 16) | paths.effective-length-high (depth 4 / 16) | lipschitz.bound-held (depth 4 / 16) |',
        '| --- | --- | --- | --- | --- |',
        '| plain | 0.64 / 39.53 | 1.23e-4 / – | n/a / – | yes / – |',
        '| preact | 0.2123 / – | 0.77 / – | 3 / – | no / – |',
        '',
        '–: no case in these results; to measure them:',
        '',
        '- `skipbench run claims --probe shattered --arch a.b --variant plain,preact --depths 16`',
        '- `skipbench run claims --probe paths --arch a.b --variant plain,preact --depths 16`',
        '- `skipbench run claims --probe lipschitz --arch a.b --variant plain,preact --depths 16`',
        '- `skipbench run claims --probe noise --arch a.b --variant preact --depths 16`',
        '',
      ].join('\n'),
    );
  });

  it('keeps the cases --where names, in its order; a value no case has gets its row, missing, and one command for the gap', () => {
    const { stdout } = skipbench(['table', gradientFile(), '--rows', 'init', '--columns', 'depth', '--value', 'gradient-profile.log10-ratio-first-last', '--where', 'init=he,glorot,depth=8,32,64']);
    expect(stdout).toBe(
      [
        'init    depth 8  depth 32  depth 64',
        '------  -------  --------  --------',
        'he      0.5      < -43.24  –',
        'glorot  -2.19    -9.559    –',
        '',
        '–: no case in these results; to measure it:',
        '  skipbench run gradient --probe gradient-profile --arch a.b --init he,glorot --depths 64',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON: every cell with its case, status and number', () => {
    const { stdout } = skipbench(['table', gradientFile(), '--rows', 'init', '--columns', 'depth', '--value', 'gradient-profile.log10-ratio-first-last', '--where', 'init=he', '--json']);
    expect(JSON.parse(stdout)).toEqual({
      header: ['init', 'depth 8', 'depth 32'],
      body: [['he', '0.5', '< -43.24']],
      cells: [
        { row: { init: 'he' }, column: { depth: '8' }, value: 'gradient-profile.log10-ratio-first-last', case: 'a.b/plain/he/d8', status: 'ok', number: 0.5, text: '0.5' },
        { row: { init: 'he' }, column: { depth: '32' }, value: 'gradient-profile.log10-ratio-first-last', case: 'a.b/plain/he/d32', status: 'ok', text: '< -43.24' },
      ],
      missing: [],
    });
  });

  it("shows a series' element by index: a block's value", () => {
    const split = (variant: string, depth: number, shares: number[]) =>
      ({ ...probeCase(0, 'claims', 'gradient-split', 'a.b', variant, depth, { 'mean-identity-share': shares[0]! }), series: { 'identity-share': shares }, units: { 'mean-identity-share': '1', 'identity-share': '1' } });
    const file = writeJson(path.join(tempDir(), 'split.json'), documentOf('claims', [split('preact', 2, [0.5, 0.25]), split('preact', 3, [0.125, 0.75, 0.5])]));
    const { stdout } = skipbench(['table', file, '--rows', 'depth', '--value', 'gradient-split.identity-share[0],gradient-split.identity-share[2]']);
    expect(stdout).toBe(
      ['depth  gradient-split.identity-share[0]  gradient-split.identity-share[2]', '-----  --------------------------------  --------------------------------', '2      0.5                               n/a', '3      0.125                             0.5', ''].join('\n'),
    );
    expect(skipbench(['table', file, '--rows', 'depth', '--value', 'gradient-split.shares[0]']).stderr).toBe("skipbench: No gradient-split case in these results has series 'shares'; its series: identity-share.\n");
  });

  it('refuses an unknown key, probe or metric, and a cell two cases fall in, in one line with exit 2', () => {
    const file = gradientFile();
    const refusal = (...args: string[]) => {
      const { code, stdout, stderr } = skipbench(['table', file, ...args]);
      return { code, stdout, stderr };
    };
    const value = ['--value', 'gradient-profile.log10-ratio-first-last'];
    const keys = 'benchmark, arch, variant, depth, batch, width, inputSize, norm, init, branchScale, seed, task';
    expect(refusal('--rows', 'variant,colour', ...value)).toEqual({ code: 2, stdout: '', stderr: `skipbench: Unknown key 'colour' in --rows; a case's keys: ${keys}.\n` });
    expect(refusal('--rows', 'init', ...value, '--where', 'size=3').stderr).toBe(`skipbench: Unknown key 'size' in --where; a case's keys: ${keys}.\n`);
    expect(refusal('--rows', 'init', '--value', 'noise.input-amplification')).toEqual({
      code: 2, stdout: '', stderr: "skipbench: No case of probe 'noise' in these results; their probes: gradient-profile.\n",
    });
    expect(refusal('--rows', 'init', '--value', 'gradient-profile.ratio')).toEqual({
      code: 2, stdout: '', stderr: "skipbench: No gradient-profile case in these results has metric 'ratio'; its metrics and labels: log10-ratio-first-last, log10-ratio-first-last-below.\n",
    });
    expect(refusal('--rows', 'init', '--value', 'gradient-profile')).toEqual({
      code: 2, stdout: '', stderr: "skipbench: Expected --value as PROBE.METRIC or PROBE.SERIES[N], comma-separated, e.g. gradient-profile.log10-ratio-first-last, but got 'gradient-profile'.\n",
    });
    expect(refusal('--rows', 'init', ...value)).toEqual({
      code: 2, stdout: '', stderr: 'skipbench: 2 gradient-profile cases fall in one cell (init glorot): they differ in depth; add it to --rows or --columns, or choose with --where (replicates that differ only in seed share a cell).\n',
    });
    expect(refusal('--rows', 'depth', ...value, '--where', 'init=lecun').stderr).toBe('skipbench: No gradient-profile case in these results has init=lecun.\n');
    expect(refusal('--rows', 'depth', '--columns', 'depth', ...value).stderr).toBe('skipbench: depth is named twice in --rows, --columns and --join; a key lays out one of them.\n');
  });
});

describe('skipbench table: replicates', () => {
  it('gives a cell of cases that differ only in seed their mean, 95% interval and n; labels counted; bounds listed, never averaged', () => {
    const at = (seed: number, variant: string, metrics: Record<string, number>, verdict: string) =>
      ({ ...atSeed(probeCase(0, 'gradient', 'gradient-profile', 'a.b', variant, 8, metrics, { verdict }), seed) });
    const file = writeJson(
      path.join(tempDir(), 'seeds.json'),
      documentOf('gradient', [
        // 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) / √3 = 4.303 / 1.732 = 2.484.
        at(1, 'preact', { 'log10-ratio-first-last': 1, spread: 1 }, 'healthy'), at(2, 'preact', { 'log10-ratio-first-last': 2, spread: 1 }, 'healthy'), at(3, 'preact', { 'log10-ratio-first-last': 3, spread: 1 }, 'exploding'),
        at(1, 'plain', { 'log10-ratio-first-last': -9 }, 'vanishing'), at(2, 'plain', { 'log10-ratio-first-last-below': -40 }, 'vanishing'), at(3, 'plain', { 'log10-ratio-first-last': -12 }, 'vanishing'),
      ]),
    );
    const run = (value: string) => skipbench(['table', file, '--rows', 'variant', '--value', value]).stdout;
    expect(run('gradient-profile.log10-ratio-first-last')).toContain('preact   2 [-0.4841, 4.484] n=3');
    expect(run('gradient-profile.log10-ratio-first-last')).toContain('plain    -9, < -40, -12');
    expect(run('gradient-profile.verdict')).toContain('preact   healthy 2, exploding 1 of 3');
    expect(run('gradient-profile.verdict')).toContain('plain    vanishing 3 of 3');
    // A metric no seed of plain has: said once, not once per seed.
    expect(run('gradient-profile.spread').split('\n')).toContain('plain    n/a');
  });
});
