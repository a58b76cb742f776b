import { describe, expect, it } from 'vitest';
import { lineChart, metricAxisLabel, wantsLogAxis, type ChartOptions } from './svg.js';

const chart = (options: Partial<ChartOptions>) => lineChart({ title: 't', xLabel: 'depth', yLabel: 'y', series: [], categoricalX: true, ...options });
const numbers = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)].map((m) => Number(m[1]));
/** The plot's bottom edge: the chart's height less its bottom margin. */
const PLOT_BOTTOM = 260 - 64;

describe('svg helpers', () => {
  it('reads values on a log10 axis only when all are positive and over two decades apart', () => {
    expect([wantsLogAxis([1, 1000]), wantsLogAxis([1, 50]), wantsLogAxis([0, 1000]), wantsLogAxis([])]).toEqual([true, false, false, false]);
  });

  it('names an axis by its metric and unit, leaving out a unit of 1', () => {
    expect([metricAxisLabel('input-amplification', 'x', true), metricAxisLabel('loss-ratio', '1', false), metricAxisLabel('mean-openness', undefined, false)]).toEqual([
      'log10 input-amplification (x)',
      'loss-ratio',
      'mean-openness',
    ]);
  });

  it('shades a band whose edges lie where points of the same values are drawn, an open end reaching the plot edge', () => {
    const series = [{ name: 'skip', points: [{ x: 2, y: -2 }, { x: 8, y: 2 }, { x: 32, y: -7 }] }];
    const svg = chart({ series, bands: [{ from: -2, to: 2 }] });
    const [low, high] = numbers(svg, /<circle class="point" cx="[\d.]+" cy="([\d.]+)"/g);
    const [top, height] = [numbers(svg, /<rect class="band"[^>]* y="([\d.]+)"/g)[0]!, numbers(svg, /<rect class="band"[^>]* height="([\d.]+)"/g)[0]!];
    expect(top).toBeCloseTo(high!, 1);
    expect(top + height).toBeCloseTo(low!, 1);
    expect(numbers(svg, /<line class="threshold" data-value="(-?[\d.]+)"/g)).toEqual([-2, 2]);

    const open = chart({ series, bands: [{ from: -Infinity, to: 2 }] });
    const [openTop, openHeight] = [numbers(open, /<rect class="band"[^>]* y="([\d.]+)"/g)[0]!, numbers(open, /<rect class="band"[^>]* height="([\d.]+)"/g)[0]!];
    expect(openTop + openHeight).toBeCloseTo(PLOT_BOTTOM, 6);
    expect(numbers(open, /<line class="threshold" data-value="(-?[\d.]+)"/g)).toEqual([2]);
  });

  it('puts a point beyond the y limits on the edge, where a point at the limit sits, with an arrow off the chart', () => {
    const svg = chart({ series: [{ name: 'plain', points: [{ x: 2, y: -10 }, { x: 8, y: -300 }] }], yLimits: { min: -10, max: 10 } });
    expect(svg.match(/<circle class="point beyond"/g)).toHaveLength(1);
    const [atLimit, beyond] = numbers(svg, /<circle class="point[^"]*" cx="[\d.]+" cy="([\d.]+)"/g);
    expect(beyond).toBe(atLimit);
    // The arrow points down, below the edge: its tip 9 px under the point.
    expect(svg).toMatch(new RegExp(`<path class="arrow" d="M[\\d.]+,${(beyond! + 9).toFixed(1)}l-3.5,-5h7z"`));
  });

  it('writes the legend given instead of one entry per series', () => {
    const series = ['a', 'b', 'c'].map((name) => ({ name, colour: '#123456', points: [{ x: 1, y: 1 }] }));
    expect([...chart({ series, legend: [{ name: 'skip (3)', colour: '#123456' }] }).matchAll(/class="legend"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['skip (3)']);
    expect([...chart({ series }).matchAll(/class="legend"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['a', 'b', 'c']);
  });
});
