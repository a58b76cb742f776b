import standardProbes from '@skipbench/probes';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../registry.js';
import { document, measured } from '../results/test-documents.js';
import { claimFigure } from './figure.js';

const { claims } = createRegistry([standardProbes]);
const figureOf = (claim: string, cases: ReturnType<typeof measured>[]) => claimFigure(claims.get(claim)!.claim, [document(cases)]);

describe('claimFigure', () => {
  it("plots a label rule's stand-in metrics and range: skip and plain lines per regime, the bound where the ratio underflowed", () => {
    const ratio = (variant: string, depth: number, norm: string, value: number, metric = 'log10-rms-ratio-first-last') =>
      measured('gradient-profile', 'resnet.basic', variant, depth, { config: { norm }, metrics: { [metric]: value } });
    const figure = figureOf('gradient-stays-healthy', [
      ratio('preact', 8, 'batch', 0.5),
      ratio('preact', 32, 'batch', 1.5),
      ratio('plain', 8, 'batch', 3),
      ratio('plain', 32, 'batch', -43.2, 'log10-rms-ratio-first-last-below'),
      ratio('preact', 32, 'none', 3.27),
      ratio('plain', 32, 'none', -19.8),
      // a plain regime no skip variant ran is not compared, and a failed case has no numbers
      ratio('plain', 32, 'spectral', -40),
      { ...ratio('postact', 32, 'batch', 9), status: 'failed' as const },
    ]);
    expect(figure).toEqual({
      metrics: ['log10-rms-ratio-first-last', 'log10-rms-ratio-first-last-below'],
      unit: '1',
      axis: 'depth',
      passes: { min: -2, max: 2 },
      families: [
        {
          family: 'resnet',
          lines: [
            { variant: 'preact', role: 'skip', regime: 'preact, norm=batch', points: [{ x: 8, y: 0.5, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 }, { x: 32, y: 1.5, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 }] },
            { variant: 'preact', role: 'skip', regime: 'preact, norm=none', points: [{ x: 32, y: 3.27, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 }] },
            { variant: 'plain', role: 'plain', regime: 'plain, norm=batch', points: [{ x: 8, y: 3, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 }, { x: 32, y: -43.2, metric: 'log10-rms-ratio-first-last-below', n: 1, seed: 1 }] },
            { variant: 'plain', role: 'plain', regime: 'plain, norm=none', points: [{ x: 32, y: -19.8, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 }] },
          ],
        },
      ],
    });
  });

  it("plots a metric rule's metric and its test's range, and no plain line where the rule reads none", () => {
    const share = (variant: string, depth: number, value: number) => measured('gradient-split', 'gnn.gcn', variant, depth, { metrics: { 'mean-identity-share': value } });
    const figure = figureOf('identity-carries-gradient', [share('residual', 2, 0.9), share('residual', 16, 0.7), share('plain', 16, 0.1)]);
    expect(figure.passes).toEqual({ min: 0.5 });
    expect(figure.families).toEqual([{ family: 'gnn', lines: [{ variant: 'residual', role: 'skip', regime: 'residual', points: [{ x: 2, y: 0.9, metric: 'mean-identity-share', n: 1, seed: 1 }, { x: 16, y: 0.7, metric: 'mean-identity-share', n: 1, seed: 1 }] }] }]);
  });

  it("plots a trend against its axis, each value's deepest case, with no range", () => {
    const bound = (depth: number, branchScale: number, value: number) => measured('robustness', 'resnet.basic', 'preact', depth, { config: { branchScale }, metrics: { 'log10-branch-bound': value } });
    const figure = figureOf('branch-scale-bound', [bound(4, 0.1, 0.2), bound(8, 0.1, 0.4), bound(8, 1, 3.4)]);
    expect(figure).toMatchObject({ metrics: ['log10-branch-bound'], axis: 'branchScale' });
    expect(figure.passes).toBeUndefined();
    expect(figure.families[0]!.lines.map((l) => [l.regime, l.points.map((p) => [p.x, p.y])])).toEqual([['preact', [[0.1, 0.4], [1, 3.4]]]]);
  });

  describe('over seeds', () => {
    const ratio = (variant: string, depth: number, seed: number, value: number, metric = 'log10-rms-ratio-first-last') => {
      const c = measured('gradient-profile', 'resnet.basic', variant, depth, { config: { seed }, metrics: { [metric]: value } });
      return { ...c, id: `${c.id}/seed=${seed}` };
    };
    const linesOf = (figure: ReturnType<typeof figureOf>) => Object.fromEntries(figure.families[0]!.lines.map((l) => [l.variant, l.points]));

    it('plots at each depth the mean of its seeds, with n and the 95% t-interval', () => {
      const figure = figureOf('gradient-stays-healthy', [ratio('preact', 8, 1, 1), ratio('preact', 8, 2, 2), ratio('preact', 8, 3, 3), ratio('preact', 32, 1, 1.5)]);
      const [three, one] = linesOf(figure)['preact']!;
      // mean 2, sd 1: 2 ± t(0.975, 2) · 1/√3 = 2 ± 4.303 · 0.577
      expect(three).toMatchObject({ x: 8, y: 2, metric: 'log10-rms-ratio-first-last', n: 3 });
      expect(three!.seed).toBeUndefined();
      expect(three!.interval!.low).toBeCloseTo(-0.484, 3);
      expect(three!.interval!.high).toBeCloseTo(4.484, 3);
      expect(one).toEqual({ x: 32, y: 1.5, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 });
    });

    it('never averages a bound: where a seed has only the bound, each seed is a point of its own', () => {
      const below = 'log10-rms-ratio-first-last-below';
      const figure = figureOf('gradient-stays-healthy', [
        ratio('preact', 32, 1, 1),
        ratio('plain', 8, 1, 3), ratio('plain', 8, 2, 4),
        ratio('plain', 32, 2, -43.2, below), ratio('plain', 32, 1, -30), ratio('plain', 32, 3, -44, below),
      ]);
      expect(linesOf(figure)['plain']).toEqual([
        // 3.5 ± t(0.975, 1) · 0.707/√2 = 3.5 ± 12.71 · 0.5
        { x: 8, y: 3.5, metric: 'log10-rms-ratio-first-last', n: 2, interval: { low: expect.closeTo(-2.853, 3), high: expect.closeTo(9.853, 3) } },
        { x: 32, y: -30, metric: 'log10-rms-ratio-first-last', n: 1, seed: 1 },
        { x: 32, y: -43.2, metric: below, n: 1, seed: 2 },
        { x: 32, y: -44, metric: below, n: 1, seed: 3 },
      ]);
    });

    it("averages a trend's seeds at each axis value's deepest depth only", () => {
      const bound = (depth: number, seed: number, value: number) => {
        const c = measured('robustness', 'resnet.basic', 'preact', depth, { config: { branchScale: 0.1, seed }, metrics: { 'log10-branch-bound': value } });
        return { ...c, id: `${c.id}/seed=${seed}` };
      };
      const figure = figureOf('branch-scale-bound', [bound(4, 1, 9), bound(8, 1, 0.2), bound(8, 2, 0.4)]);
      expect(figure.families[0]!.lines[0]!.points).toMatchObject([{ x: 0.1, y: expect.closeTo(0.3, 9), n: 2 }]);
    });
  });
});
