import { claimFigure, CONFIDENCE, describeVerdict, formatNumber, type ClaimFigure, type FamilyFigure, type FigureLine, type FigurePoint, type ResultsDocument, type ScoredClaim } from '@skipbench/engine';
import { BAND, escapeXml, lineChart, metricAxisLabel, wantsLogAxis, type Band, type Series } from './svg.js';

const ROLE_COLOUR: Record<FigureLine['role'], string> = { skip: '#1f77b4', plain: '#d62728' };
const AXIS_NAME: Record<ClaimFigure['axis'], string> = { depth: 'depth', branchScale: 'branch scale' };
const PERCENT = `${CONFIDENCE * 100}%`;

const pointsOf = (figure: ClaimFigure) => figure.families.flatMap((f) => f.lines.flatMap((l) => l.points));

/** `-2 ≤ log10-ratio-first-last ≤ 2`, `mean-openness ≤ 0.5`. */
function rangeText({ metrics, passes }: ClaimFigure): string | undefined {
  if (passes === undefined) return undefined;
  return [passes.min === undefined ? '' : `${formatNumber(passes.min)} ≤ `, metrics[0], passes.max === undefined ? '' : ` ≤ ${formatNumber(passes.max)}`].join('');
}

/** Whether a figure reads better on a log10 axis: its values, their intervals' and its range's ends all positive, over two decades apart. */
function logAxis(figure: ClaimFigure): boolean {
  const ends = [figure.passes?.min, figure.passes?.max].filter((end): end is number => end !== undefined);
  const intervalEnds = pointsOf(figure).flatMap((p) => (p.interval ? [p.interval.low, p.interval.high] : []));
  return [...ends, ...intervalEnds].every((end) => end > 0) && wantsLogAxis(pointsOf(figure).map((p) => p.y));
}

/** `preact, norm=batch: depth 32, log10-rms-ratio-first-last 1.94 (95% interval 1.64 to 2.24, 5 seeds)`. */
function pointLabel(line: FigureLine, p: FigurePoint, axis: string): string {
  const interval = p.interval ? `${PERCENT} interval ${formatNumber(p.interval.low)} to ${formatNumber(p.interval.high)}, ` : '';
  return `${line.regime}: ${axis} ${p.x}, ${p.metric} ${formatNumber(p.y)} (${interval}${p.n === 1 ? `seed ${p.seed}` : `${p.n} seeds`})`;
}

/** Far from a two-sided range the distance does not matter: the axis stops five widths beyond it, so the range stays readable. */
const REACH = 5;

function yLimits(band: Band | undefined): { min: number; max: number } | undefined {
  if (band === undefined || !Number.isFinite(band.from) || !Number.isFinite(band.to)) return undefined;
  const width = band.to - band.from;
  return { min: band.from - REACH * width, max: band.to + REACH * width };
}

/** The rule's range on the figure's axis. */
function bandOf({ passes }: ClaimFigure, log: boolean): Band | undefined {
  if (passes === undefined) return undefined;
  const scale = (v: number) => (log ? Math.log10(v) : v);
  return { from: passes.min === undefined ? -Infinity : scale(passes.min), to: passes.max === undefined ? Infinity : scale(passes.max) };
}

function familyChart(figure: ClaimFigure, family: FamilyFigure, log: boolean): string {
  const scale = (v: number) => (log ? Math.log10(v) : v);
  const axis = AXIS_NAME[figure.axis];
  const series: Series[] = family.lines.map((line) => ({
    name: line.regime,
    colour: ROLE_COLOUR[line.role],
    dashed: line.role === 'plain',
    data: { role: line.role, variant: line.variant, regime: line.regime },
    endLabel: line.variant,
    points: line.points.map((p) => ({
      x: p.x,
      y: scale(p.y),
      hollow: p.metric !== figure.metrics[0],
      ...(p.interval ? { interval: { low: scale(p.interval.low), high: scale(p.interval.high) } } : {}),
      label: pointLabel(line, p, axis),
    })),
  }));
  const band = bandOf(figure, log);
  const limits = yLimits(band);
  const roles = [...new Set(family.lines.map((l) => l.role))];
  return lineChart({
    title: family.family,
    xLabel: axis,
    yLabel: metricAxisLabel(figure.metrics[0]!, figure.unit, log),
    categoricalX: true,
    series,
    bands: band === undefined ? [] : [band],
    ...(limits === undefined ? {} : { yLimits: limits }),
    legend: [...roles.map((role) => ({ name: `${role} (${family.lines.filter((l) => l.role === role).length})`, colour: ROLE_COLOUR[role] })), ...(band === undefined ? [] : [{ name: 'test passes', colour: BAND }])],
  });
}

/** What the figure draws, in one line under the claim's statement. */
function legendText(figure: ClaimFigure, log: boolean): string {
  const limits = yLimits(bandOf(figure, log));
  const comparesPlain = figure.families.some((f) => f.lines.some((l) => l.role === 'plain'));
  if (figure.metrics.length === 0) return 'its rule reads a label and the claim names no metric beside it to plot';
  const range = rangeText(figure);
  const others = figure.metrics.slice(1);
  const replicated = pointsOf(figure).some((p) => p.n > 1);
  return [
    `${metricAxisLabel(figure.metrics[0]!, figure.unit, log)} against ${AXIS_NAME[figure.axis]}${figure.axis === 'depth' ? '' : ' (each value’s deepest case)'}, a line per variant and regime: skip variants solid blue${comparesPlain ? ', the plain variants the rule compares them with dashed red' : ''}`,
    range === undefined ? undefined : `shaded where the rule’s test passes (${range})`,
    others.length === 0 ? undefined : `open points: ${others.join(', ')}, where a case has no ${figure.metrics[0]}`,
    replicated ? `a point is the mean over seeds, its band the ${PERCENT} interval of the mean where there are several` : undefined,
    replicated && others.length > 0 ? `a bound is never averaged: where a seed has no ${figure.metrics[0]}, each seed is a point of its own` : undefined,
    limits === undefined ? undefined : `the axis stops at ${formatNumber(limits.min)} and ${formatNumber(limits.max)}, ${REACH} widths of the range beyond it: a point farther out sits on the edge, an arrow pointing off the chart`,
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * One figure per claim: the numbers its rule reads, per family a chart of skip against plain lines with the
 * rule's range shaded, and the family's verdict as the chart's caption.
 */
export function claimFigures(claims: readonly ScoredClaim[], documents: readonly ResultsDocument[]): string {
  return claims
    .map((scored) => {
      const figure = claimFigure(scored.claim, documents);
      const log = logAxis(figure);
      const families = scored.rows.map((row) => {
        const family = figure.families.find((f) => f.family === row.family && f.lines.length > 0);
        const chart = family === undefined ? `<p class="empty">No ${escapeXml(figure.metrics.join(' or ') || 'metric')} to plot.</p>` : familyChart(figure, family, log);
        return `<figure class="family" data-family="${escapeXml(row.family)}">${chart}<figcaption class="verdict" data-status="${row.verdict.status}">${escapeXml(`${row.family}: ${describeVerdict(row.verdict)}`)}</figcaption></figure>`;
      });
      const caption = `<figcaption><b>${escapeXml(scored.claim.id)}</b>: ${escapeXml(scored.claim.statement)}<br><small>${escapeXml(legendText(figure, log))}.</small></figcaption>`;
      return `<figure class="claim" id="figure-${escapeXml(scored.claim.id)}" data-claim="${escapeXml(scored.claim.id)}">${caption}<div class="charts">${families.join('')}</div></figure>`;
    })
    .join('\n');
}
