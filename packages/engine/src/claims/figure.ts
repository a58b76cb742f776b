import type { CaseResult, ResultsDocument } from '../results/schema.js';
import type { Claim, PassRange } from '@skipbench/core';
import { passRange } from './decide.js';
import { summarise, type Interval } from '../statistics.js';
import { describeRegime, settingsKey, settingsOf, varyingAxes, type Setting } from './regime.js';
import { declarationsIn, roleOf } from './roles.js';
import { claimFamilies, distinctCases, familyOf } from './scorecard.js';

/** A line's value at one axis value: the mean over its seeds' cases there, or one seed's value. */
export interface FigurePoint {
  /** The depth, or the trend's axis value. */
  readonly x: number;
  readonly y: number;
  /** Which of the figure's metrics the cases had. */
  readonly metric: string;
  /** How many seeds' cases the point stands for. */
  readonly n: number;
  /** The seed of a point of one case. */
  readonly seed?: number;
  /** The 95% Student-t interval of the mean, for a point of several seeds. */
  readonly interval?: Interval;
}

/** One skip variant, or a plain variant it is compared with, in one regime: its metric across the axis. */
export interface FigureLine {
  readonly variant: string;
  readonly role: 'skip' | 'plain';
  /** The regime by its settings that vary between the family's lines, its variant first: `preact, norm=batch`. */
  readonly regime: string;
  readonly points: readonly FigurePoint[];
}

export interface FamilyFigure {
  readonly family: string;
  readonly lines: readonly FigureLine[];
}

/** What a claim's figure plots: the numbers its rule reads, per family, a line per variant and regime. */
export interface ClaimFigure {
  /** Per case the first of these it has; the axis is named by the first. */
  readonly metrics: readonly string[];
  /** The first metric's unit, as its cases record it. */
  readonly unit?: string;
  readonly axis: 'depth' | 'branchScale';
  /** Where the rule's test passes, for a rule with a threshold. */
  readonly passes?: PassRange;
  readonly families: readonly FamilyFigure[];
}

/** The metrics a rule reads and the range its test passes in; a label's stand-in comes from the claim's `figure`. */
function plotted(claim: Claim): Pick<ClaimFigure, 'metrics' | 'passes'> {
  const { rule } = claim;
  if ((rule.kind === 'contrast' || rule.kind === 'each') && rule.test.op !== 'one-of') return { metrics: [rule.test.metric], passes: passRange(rule.test) };
  if (rule.kind === 'versus-plain' || rule.kind === 'trend') return { metrics: [rule.metric] };
  return claim.figure ?? { metrics: (claim.shows ?? []).slice(0, 1) };
}

type Reading = Pick<FigurePoint, 'metric' | 'y'>;

/**
 * A line's points: at each axis value its seeds' cases (for a trend those of the deepest depth there, as its
 * rule reads them), their mean with its interval. A bound is never averaged: where a seed has only a bound
 * (or another of the figure's metrics), each seed's value is a point of its own.
 */
function linePoints(cases: readonly CaseResult[], axis: ClaimFigure['axis'], read: (c: CaseResult) => Reading | undefined, firstMetric: string): FigurePoint[] {
  const position = (c: CaseResult) => (axis === 'depth' ? c.depth : c.config.branchScale);
  const xs = [...new Set(cases.map(position))].sort((a, b) => a - b);
  return xs.flatMap((x): FigurePoint[] => {
    const there = cases.filter((c) => position(c) === x);
    const deepest = Math.max(...there.map((c) => c.depth));
    const replicates = there.filter((c) => c.depth === deepest).sort((a, b) => a.config.seed - b.config.seed);
    const readings = replicates.map((c) => read(c)!);
    if (replicates.length === 1 || readings.some((r) => r.metric !== firstMetric)) return replicates.map((c, i) => ({ x, ...readings[i]!, n: 1, seed: c.config.seed }));
    const { n, mean, interval } = summarise(readings.map((r) => r.y));
    return [{ x, y: mean, metric: firstMetric, n, ...(interval === undefined ? {} : { interval }) }];
  });
}

/**
 * The figure of a claim, from the same cases its scorecard reads: per family (those it names, or every family
 * its probe measured) a line per skip variant and regime, with the plain variants of those regimes where the
 * rule compares with them; points at every depth measured, or for a trend at each axis value, its deepest cases,
 * each the mean over seeds.
 */
export function claimFigure(claim: Claim, documents: readonly ResultsDocument[]): ClaimFigure {
  const { metrics, passes } = plotted(claim);
  const axis = claim.rule.kind === 'trend' ? claim.rule.axis : 'depth';
  const leaveOut = axis === 'depth' ? [] : [axis];
  const comparesPlain = claim.rule.kind === 'contrast' || claim.rule.kind === 'versus-plain';
  const declared = declarationsIn(documents);
  const roleIn = (c: CaseResult) => roleOf(claim, declared.get(c.arch), c.arch, c.variant);
  const regimeOf = (c: CaseResult) => settingsKey(settingsOf(c, [...leaveOut, 'variant']));
  const measured = distinctCases(documents).filter((c) => c.probe === claim.probe && c.status === 'ok');
  const readValue = (c: CaseResult): Reading | undefined => {
    const metric = metrics.find((m) => c.metrics[m] !== undefined);
    return metric === undefined ? undefined : { metric, y: c.metrics[metric]! };
  };
  const unit = measured.find((c) => c.units[metrics[0]!] !== undefined)?.units[metrics[0]!];

  const families = claimFamilies(claim, measured).map((family): FamilyFigure => {
    const cases = measured.filter((c) => familyOf(c.arch) === family && readValue(c) !== undefined);
    const skips = cases.filter((c) => roleIn(c).role === 'skip');
    // Each regime's ablations: those its skip variants are compared with.
    const ablationsAt = new Map<string, Set<string>>();
    for (const c of skips) {
      const role = roleIn(c);
      if (role.role === 'skip') ablationsAt.set(regimeOf(c), new Set([...(ablationsAt.get(regimeOf(c)) ?? []), ...role.ablations]));
    }
    const plains = comparesPlain ? cases.filter((c) => ablationsAt.get(regimeOf(c))?.has(c.variant) === true) : [];
    const groups = new Map<string, { settings: readonly Setting[]; role: FigureLine['role']; cases: CaseResult[] }>();
    for (const [role, group] of [['skip', skips], ['plain', plains]] as const) {
      for (const c of group) {
        const settings = settingsOf(c, leaveOut);
        const key = settingsKey(settings);
        if (!groups.has(key)) groups.set(key, { settings, role, cases: [] });
        groups.get(key)!.cases.push(c);
      }
    }
    const varying = varyingAxes([...groups.values()].map((g) => g.settings));
    const lines = [...groups.values()].map(({ settings, role, cases: own }): FigureLine => ({
      variant: own[0]!.variant,
      role,
      regime: describeRegime(settings, varying),
      points: linePoints(own, axis, readValue, metrics[0]!),
    }));
    return { family, lines };
  });
  return { metrics, ...(unit === undefined ? {} : { unit }), axis, ...(passes === undefined ? {} : { passes }), families };
}
