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

  it("draws points' intervals as a translucent band in the series' colour, a run of them one polygon, a lone one a narrow bar", () => {
    const points = [{ x: 2, y: 0, interval: { low: -1, high: 1 } }, { x: 8, y: 1, interval: { low: 0, high: 2 } }, { x: 32, y: 3 }, { x: 64, y: 2, interval: { low: 1, high: 3 } }];
    const svg = chart({ series: [{ name: 'skip', colour: '#123456', points }] });
    const grid = [...svg.matchAll(/<line class="grid" data-value="(-?[\d.]+)"[^>]* y1="([\d.]+)"/g)].map((m) => ({ value: Number(m[1]), y: Number(m[2]) }));
    const [a, b] = [grid[0]!, grid.at(-1)!];
    const valueAt = (y: number) => a.value + ((y - a.y) / (b.y - a.y)) * (b.value - a.value);
    const bands = [...svg.matchAll(/<polygon class="interval" points="([^"]+)" fill="#123456" fill-opacity="0.18"\/>/g)].map((m) => m[1]!.split(' ').map((vertex) => valueAt(Number(vertex.split(',')[1]))));
    // Out along the highs, back along the lows.
    const near = (values: number[]) => values.map((value) => expect.closeTo(value, 1));
    expect(bands).toEqual([near([1, 2, 0, -1]), near([3, 3, 1, 1])]);
    expect([...svg.matchAll(/<circle class="point"[^>]* data-low="([-\d.]+)" data-high="([-\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([[-1, 1], [0, 2], [1, 3]]);
  });
});
