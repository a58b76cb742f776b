/** Minimal, dependency-free SVG charts, so a report is one self-contained file. */

export interface Point {
  x: number;
  y: number | null;
  /** Half-height of an error bar, in y units. */
  error?: number;
  /** A confidence interval of y, in y units: consecutive points with one are joined by a translucent band. */
  interval?: { low: number; high: number };
  /** Drawn open: a bound, not a measured value. */
  hollow?: boolean;
  /** The point's tooltip. @default `series: x, y` */
  label?: string;
}

export interface Series {
  name: string;
  points: Point[];
  dashed?: boolean;
  /** @default plain (the ablation every family has) red, the others from a palette in order */
  colour?: string;
  /** Written as `data-*` attributes on the series' group, for readers of the page. */
  data?: Record<string, string>;
  /** Written beside the series' last point, so lines of one colour can be told apart. @default none */
  endLabel?: string;
}

/** A shaded range of y, `from` below `to`; an infinite end reaches the plot's edge, a finite one is drawn as a line. */
export interface Band {
  from: number;
  to: number;
}

export interface LegendEntry {
  name: string;
  colour: string;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Spread x values evenly by rank (batch sizes, depths) instead of linearly. */
  categoricalX?: boolean;
  /** Shaded behind the lines; their finite ends count in the y range. @default none */
  bands?: Band[];
  /** @default one entry per series */
  legend?: LegendEntry[];
  /** The y range drawn: a point beyond it sits on the edge, with an arrow pointing off the chart. @default all points */
  yLimits?: { min: number; max: number };
}

const WIDTH = 420;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 12, top: 28, bottom: 64 };
const PALETTE: Record<string, string> = { plain: '#d62728' };
/** Where a claim's test passes. */
export const BAND = '#2ca02c';
const FALLBACK = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f'];

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colour(name: string, index: number): string {
  const key = Object.keys(PALETTE).find((k) => name === k || name.startsWith(`${k} `));
  return key ? PALETTE[key]! : FALLBACK[index % FALLBACK.length]!;
}

function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) return [min];
  const step = 10 ** Math.floor(Math.log10((max - min) / count));
  const multiple = [1, 2, 5, 10].find((m) => (max - min) / (m * step) <= count) ?? 10;
  const size = multiple * step;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / size) * size; t <= max + size * 1e-9; t += size) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const label = (value: number) => (Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-2) ? value.toExponential(0) : String(Number(value.toPrecision(3))));

/** Whether values are better read on a log10 axis: all positive and more than two decades apart. */
export const wantsLogAxis = (values: readonly number[]) => values.length > 0 && values.every((v) => v > 0) && Math.max(...values) / Math.min(...values) > 100;

/** A y axis named by its metric and unit (none where it is a plain ratio): `log10 input-amplification (x)`. */
export const metricAxisLabel = (metric: string, unit: string | undefined, log: boolean) => `${log ? 'log10 ' : ''}${metric}${unit && unit !== '1' ? ` (${unit})` : ''}`;

const dataAttributes = (data: Record<string, string> = {}) => Object.entries(data).map(([key, value]) => ` data-${key}="${escapeXml(value)}"`).join('');

type Drawn = Point & { y: number };

/** The runs of consecutive points that have an interval, each drawn as one band. */
function intervalRuns(points: readonly Drawn[]): Drawn[][] {
  const runs: Drawn[][] = [[]];
  for (const p of points) {
    if (p.interval) runs.at(-1)!.push(p);
    else runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/** A translucent band along a run's interval ends, out along its highs and back along its lows; a lone point's is a narrow bar. */
function intervalBand(run: readonly Drawn[], xPos: (x: number) => number, yPos: (y: number) => number, colour: string): string {
  const columns = run.length === 1 ? [-3, 3].map((dx) => ({ x: xPos(run[0]!.x) + dx, interval: run[0]!.interval! })) : run.map((p) => ({ x: xPos(p.x), interval: p.interval! }));
  const vertex = (x: number, y: number) => `${x.toFixed(1)},${yPos(y).toFixed(1)}`;
  const highs = columns.map(({ x, interval }) => vertex(x, interval.high));
  const lows = columns.map(({ x, interval }) => vertex(x, interval.low)).reverse();
  return `<polygon class="interval" points="${[...highs, ...lows].join(' ')}" fill="${colour}" fill-opacity="0.18"/>`;
}

export function lineChart({ title, xLabel, yLabel, series, categoricalX = false, bands = [], legend, yLimits }: ChartOptions): string {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const clip = (y: number) => (yLimits === undefined ? y : Math.min(Math.max(y, yLimits.min), yLimits.max));
  const ys = [
    ...series.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y - (p.error ?? 0), p.y + (p.error ?? 0), ...(p.interval ? [p.interval.low, p.interval.high] : [])]))),
    ...bands.flatMap((b) => [b.from, b.to].filter(Number.isFinite)),
  ].map(clip);
  const [yMin, yMax] = ys.length > 0 ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const pad = (yMax - yMin || Math.abs(yMax) || 1) * 0.08;
  const yTicks = niceTicks(yMin - pad, yMax + pad);
  const [lo, hi] = [Math.min(yMin - pad, ...yTicks), Math.max(yMax + pad, ...yTicks)];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const xPos = (x: number) => {
    if (categoricalX || xs.length === 1) return MARGIN.left + (xs.length === 1 ? plotW / 2 : (xs.indexOf(x) / (xs.length - 1)) * plotW);
    return MARGIN.left + ((x - xs[0]!) / (xs.at(-1)! - xs[0]!)) * plotW;
  };
  const yPos = (y: number) => MARGIN.top + (1 - (Math.min(Math.max(y, lo), hi) - lo) / (hi - lo)) * plotH;
  const xTicks = categoricalX || xs.length <= 10 ? xs : niceTicks(xs[0]!, xs.at(-1)!);
  const [left, right] = [MARGIN.left, WIDTH - MARGIN.right];
  const parts: string[] = [
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<text x="${WIDTH / 2}" y="16" text-anchor="middle" class="title">${escapeXml(title)}</text>`,
    ...yTicks.map((t) => `<line class="grid" data-value="${t}" x1="${left}" x2="${right}" y1="${yPos(t)}" y2="${yPos(t)}"/><text class="tick" x="${left - 4}" y="${yPos(t) + 3}" text-anchor="end">${label(t)}</text>`),
    ...bands.map(({ from, to }) => {
      const [top, bottom] = [yPos(to), yPos(from)];
      const edges = [from, to].filter(Number.isFinite).map((v) => `<line class="threshold" data-value="${v}" x1="${left}" x2="${right}" y1="${yPos(v)}" y2="${yPos(v)}" stroke="${BAND}" stroke-dasharray="3 2"/>`);
      return `<rect class="band" data-from="${from}" data-to="${to}" x="${left}" width="${plotW}" y="${top}" height="${bottom - top}" fill="${BAND}" fill-opacity="0.14"/>${edges.join('')}`;
    }),
    ...xTicks.map((t) => `<text class="tick" x="${xPos(t)}" y="${MARGIN.top + plotH + 12}" text-anchor="middle">${label(t)}</text>`),
    `<text class="axis" x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 26}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text class="axis" transform="translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  ];
  const legendItem = (name: string, stroke: string, i: number) => {
    const legendY = HEIGHT - 24 + Math.floor(i / 3) * 12;
    const legendX = MARGIN.left + (i % 3) * 120;
    return `<rect x="${legendX}" y="${legendY - 7}" width="10" height="3" fill="${stroke}"/><text class="legend" x="${legendX + 14}" y="${legendY - 2}">${escapeXml(name)}</text>`;
  };
  series.forEach((s, i) => {
    const stroke = s.colour ?? colour(s.name, i);
    const drawn = s.points.filter((p): p is Drawn => p.y !== null && Number.isFinite(p.y));
    const d = drawn.map((p, k) => `${k === 0 ? 'M' : 'L'}${xPos(p.x).toFixed(1)},${yPos(clip(p.y)).toFixed(1)}`).join('');
    parts.push(`<g class="series" data-name="${escapeXml(s.name)}" data-points="${drawn.length}"${dataAttributes(s.data)}>`);
    parts.push(...intervalRuns(drawn).map((run) => intervalBand(run, xPos, (y) => yPos(clip(y)), stroke)));
    if (drawn.length > 1) parts.push(`<path d="${d}" fill="none" stroke="${stroke}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    for (const p of drawn) {
      if (p.error) {
        parts.push(`<line class="error-bar" x1="${xPos(p.x)}" x2="${xPos(p.x)}" y1="${yPos(p.y - p.error)}" y2="${yPos(p.y + p.error)}" stroke="${stroke}"/>`);
      }
      const fill = p.hollow ? `fill="#fff" stroke="${stroke}"` : `fill="${stroke}"`;
      const [cx, cy] = [xPos(p.x).toFixed(1), yPos(clip(p.y)).toFixed(1)];
      const off = Math.sign(p.y - clip(p.y));
      const ends = p.interval ? ` data-low="${p.interval.low}" data-high="${p.interval.high}"` : '';
      parts.push(`<circle class="point${off === 0 ? '' : ' beyond'}" cx="${cx}" cy="${cy}" r="2.4"${ends} ${fill}><title>${escapeXml(p.label ?? `${s.name}: ${label(p.x)}, ${label(p.y)}`)}</title></circle>`);
      // An arrow off the chart, the way the value lies.
      if (off !== 0) parts.push(`<path class="arrow" d="M${cx},${(Number(cy) - off * 9).toFixed(1)}l-3.5,${off * 5}h7z" fill="${stroke}"/>`);
    }
    const last = drawn.at(-1);
    if (s.endLabel !== undefined && last !== undefined) {
      parts.push(`<text class="end-label" x="${(xPos(last.x) - 4).toFixed(1)}" y="${(yPos(clip(last.y)) - 5).toFixed(1)}" text-anchor="end" fill="${stroke}">${escapeXml(s.endLabel)}</text>`);
    }
    parts.push('</g>');
    if (legend === undefined) parts.push(legendItem(s.name, stroke, i));
  });
  parts.push(...(legend ?? []).map((entry, i) => legendItem(entry.name, entry.colour, i)));
  parts.push('</svg>');
  return parts.join('');
}
