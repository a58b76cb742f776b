import type { Contributor, RegisteredClaim } from '../registry.js';
import type { CaseResult, ResultsDocument } from '../results/schema.js';
import type { CaseTest, Claim, VariantDeclarations } from '@skipbench/core';
import { declarationsIn, roleOf } from './roles.js';
import { AXES, type AxisTable } from '../axes.js';
import { groupBy } from '../group-by.js';
import { conditionByAxis, describeRegime, separatingCondition, settingsKey, settingsOf, varyingAxes, type Setting } from './regime.js';
import { bySeed, decideLabelTest, decideMetricTest, decidePaired, describeValues, describeVariant, powerProblem, type Decision } from './decide.js';


/**
 * What would decide an undecided regime: a benchmark to run (its probe alone, where no benchmark has it) over
 * an architecture (an id, or a family's glob), with the regime's settings by axis and architecture option.
 */
export interface RunSuggestion {
  readonly benchmark: string;
  readonly arch?: string;
  /** Settings of the table's axes, by axis id: `{ variant: 'plain', norm: 'batch' }`. */
  readonly axes: Readonly<Record<string, string>>;
  /** Architecture options, by name. */
  readonly options: Readonly<Record<string, string>>;
  readonly preset?: string;
  readonly probe?: string;
}

/** How many of a family's regimes each outcome took, and over how many seeds they were decided. */
export interface Tally {
  readonly held: number;
  readonly notHeld: number;
  readonly inconclusive: number;
  /** The fewest and most seeds a decided or inconclusive regime rests on. */
  readonly seeds: { readonly min: number; readonly max: number };
  /** Every decided regime rests on too few seeds for an interval or a count: a point verdict, shown apart. */
  readonly point: boolean;
}

/** A claim's verdict in one family. */
export type Verdict =
  | { readonly status: 'held'; readonly tally: Tally }
  | { readonly status: 'not-held'; readonly tally: Tally }
  | { readonly status: 'holds-only-when'; readonly when: string; readonly tally: Tally }
  /** Regimes were measured, and none was decided either way: the reasons. */
  | { readonly status: 'inconclusive'; readonly reason: string; readonly tally: Tally }
  | { readonly status: 'not-enough-data'; readonly reason: string }
  /** No skip variant of the family has the kinds of skip the claim is about. */
  | { readonly status: 'not-applicable'; readonly reason: string };

/** The outcome in one regime of a family. */
export interface Finding {
  /** The regime by its varying settings, its variant first: `preact, norm=batch`. */
  readonly regime: string;
  readonly status: 'held' | 'not-held' | 'inconclusive' | 'not-enough-data' | 'not-applicable';
  /** The deciding numbers, or why there are none. */
  readonly detail: string;
  /** The seeds it was decided over (held, not held or inconclusive). */
  readonly seeds?: number;
  /** Decided from too few seeds for an interval or a count. */
  readonly point?: true;
}

export interface ScorecardRow {
  /** An architecture family (`resnet`), or `any family` for a claim on any family when none ran. */
  readonly family: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  /** The runs that would decide what is undecided. */
  readonly toRun: readonly RunSuggestion[];
}

export interface ScoredClaim extends Contributor {
  readonly claim: Claim;
  /** The rule in words. */
  readonly rule: string;
  readonly rows: readonly ScorecardRow[];
}

export interface Scorecard {
  readonly claims: readonly ScoredClaim[];
}

export const ANY_FAMILY = 'any family';

export const familyOf = (arch: string) => arch.split('.')[0]!;

/** `5 seeds`, `1–5 seeds`, `1 seed, no interval`. */
export function describeSeeds({ seeds: { min, max }, point }: Tally): string {
  const range = min === max ? `${min} seed${min === 1 ? '' : 's'}` : `${min}–${max} seeds`;
  return point ? `${range}, no interval` : range;
}

/** `in all 14 regimes`, `in 12 of 14 regimes, inconclusive in 2`; nothing for one regime. */
function describeRegimes(count: number, { held, notHeld, inconclusive }: Tally): string {
  const total = held + notHeld + inconclusive;
  if (total === 1) return '';
  if (count === total) return total === 2 ? ' in both regimes' : ` in all ${total} regimes`;
  return ` in ${count} of ${total} regimes${inconclusive > 0 ? `, inconclusive in ${inconclusive}` : ''}`;
}

export function describeVerdict(verdict: Verdict): string {
  switch (verdict.status) {
    case 'held':
      return `held${describeRegimes(verdict.tally.held, verdict.tally)} (${describeSeeds(verdict.tally)})`;
    case 'not-held':
      return `not held${describeRegimes(verdict.tally.notHeld, verdict.tally)} (${describeSeeds(verdict.tally)})`;
    case 'holds-only-when': {
      const { held, notHeld, inconclusive } = verdict.tally;
      const counts = `held in ${held}, not held in ${notHeld}${inconclusive > 0 ? `, inconclusive in ${inconclusive}` : ''} of ${held + notHeld + inconclusive} regimes`;
      return `holds only when ${conditionByAxis(verdict.when) ?? verdict.when} (${counts}; ${describeSeeds(verdict.tally)})`;
    }
    case 'inconclusive':
      return `inconclusive${describeRegimes(verdict.tally.inconclusive, verdict.tally)} (${describeSeeds(verdict.tally)}): ${verdict.reason}`;
    case 'not-enough-data':
      return `not enough data: ${verdict.reason}`;
    case 'not-applicable':
      return `not applicable: ${verdict.reason}`;
  }
}

function describeTest(test: CaseTest): string {
  switch (test.op) {
    case 'within':
      return `|${test.metric}| ≤ ${test.value}`;
    case 'at-most':
      return `${test.metric} ≤ ${test.value}`;
    case 'at-least':
      return `${test.metric} ≥ ${test.value}`;
    case 'one-of':
      return `${test.label} ${test.values.join(' or ')}`;
  }
}

/** The rule of a claim in words, naming its probe and the variants it compares. */
export function describeRule({ rule, probe, plain, skip, requires, power }: Claim): string {
  const skips = skip === undefined ? `each ${requires === undefined ? '' : `${requires.join(' and ')} `}skip variant` : skip.join(', ');
  const ablations = plain === undefined ? 'its ablation' : `its ablations (${plain.length === 0 ? 'none' : plain.join(', ')})`;
  const fails = plain === undefined ? 'does not' : 'do not';
  const both = power?.learnt === undefined ? 'both ran' : 'both ran and learnt';
  switch (rule.kind) {
    case 'contrast':
      return `${probe}: at the deepest depth ${both}, ${skips} has ${describeTest(rule.test)} and ${ablations} ${fails}`;
    case 'each':
      return `${probe}: at its deepest depth, ${skips} has ${describeTest(rule.test)}`;
    case 'versus-plain':
      return `${probe}: at the deepest depth ${both}, ${skips} has a ${rule.better} ${rule.metric} than ${ablations}`;
    case 'trend':
      return `${probe}: ${skips}'s ${rule.metric} ${rule.direction} from the smallest ${rule.axis} measured to the largest`;
  }
}

/**
 * The run that repeats a regime: its settings of the axes that name regimes (leaving out values their label
 * omits, a branch scale of 1), and its architecture options; other config fields are the plan's own.
 */
function suggestion(run: RegisteredClaim['run'], settings: readonly Setting[], chosen: Readonly<Record<string, string>> = {}): RunSuggestion {
  const axes: Record<string, string> = { ...chosen };
  const options: Record<string, string> = {};
  for (const [name, value] of settings.slice(1)) {
    const axis = (AXES as AxisTable)[name];
    if (axis === undefined) options[name] = value;
    else if (axis.regime && !(name in axes) && axis.label?.(value) !== undefined) axes[name] = value;
  }
  return { benchmark: run.benchmark, arch: settings[0]![1], axes, options, ...(run.preset ? { preset: run.preset } : {}), ...(run.probe ? { probe: run.probe } : {}) };
}

interface Unit {
  readonly settings: readonly Setting[];
  readonly finding: Omit<Finding, 'regime'>;
  readonly toRun?: RunSuggestion;
}

const deepest = (cases: readonly CaseResult[]) => Math.max(...cases.map((c) => c.depth));
const undecided = (detail: string): Unit['finding'] => ({ status: 'not-enough-data', detail });
const found = (outcome: Decision | string, where = ''): Unit['finding'] =>
  typeof outcome === 'string' ? undecided(outcome) : { status: outcome.status, detail: `${outcome.detail}${where}`, seeds: outcome.seeds, ...(outcome.point ? { point: true } : {}) };

/** A test over one variant's seeds: a label's by counting them, a metric's by its interval. */
function decideTest(cases: readonly CaseResult[], test: CaseTest, claim: Claim): Decision | string {
  const label = cases[0]!.variant;
  return test.op === 'one-of' ? decideLabelTest(cases, test, label, claim.shows ?? []) : decideMetricTest(cases, test, label, claim.shows ?? []);
}

/**
 * Joins the decisions of a skip variant's comparisons: `all` must hold for a held verdict, one that does not
 * hold decides not held, anything else is inconclusive.
 */
function joined(decisions: ReadonlyArray<Decision | string>, notHeldIf: (d: Decision, i: number) => boolean, heldIf: (d: Decision, i: number) => boolean): Decision | string {
  const lacking = decisions.find((d) => typeof d === 'string');
  if (lacking !== undefined) return lacking;
  const all = decisions as Decision[];
  const status = all.some(notHeldIf) ? 'not-held' : all.every(heldIf) ? 'held' : 'inconclusive';
  const point = all.some((d) => d.point);
  return { status, detail: all.map((d) => d.detail).join(' vs '), seeds: Math.min(...all.map((d) => d.seeds)), ...(point && status !== 'inconclusive' ? { point: true } : {}) };
}

/** A trend: each seed's value at the largest axis value against its value at the smallest, each at its deepest depth. */
function scoreTrend(registered: RegisteredClaim, settings: readonly Setting[], ok: readonly CaseResult[]): Unit {
  const { rule } = registered.claim as { rule: Extract<Claim['rule'], { kind: 'trend' }> };
  const position = (c: CaseResult) => (rule.axis === 'depth' ? c.depth : c.config.branchScale);
  const positions = [...new Set(ok.map(position))].sort((a, b) => a - b);
  if (positions.length < 2) return { settings, finding: undecided(`one ${rule.axis} measured (${positions[0]}), the trend needs two`), toRun: suggestion(registered.run, settings, { variant: settings[1]![1] }) };
  const [low, high] = [positions[0]!, positions.at(-1)!].map((p) => {
    const at = ok.filter((c) => position(c) === p);
    return bySeed(at.filter((c) => c.depth === deepest(at)), rule.metric);
  }) as [Map<number, number>, Map<number, number>];
  if (low.size === 0 || high.size === 0) return { settings, finding: undecided(`the ${ok[0]!.variant} cases at ${rule.axis} ${low.size === 0 ? positions[0] : positions.at(-1)} have no '${rule.metric}'`) };
  const describe = (difference: string) => `${ok[0]!.variant} ${rule.metric} ${describeValues([...low.values()])} at ${rule.axis} ${positions[0]} → ${describeValues([...high.values()])} at ${positions.at(-1)}: ${difference}`;
  return { settings, finding: found(decidePaired(high, low, rule.direction === 'rises' ? 'higher' : 'lower', describe)) };
}

/** Decides one skip variant in one regime, over its seeds. */
function scoreUnit(registered: RegisteredClaim, settings: readonly Setting[], own: readonly CaseResult[], plain: readonly string[], plains: readonly CaseResult[]): Unit {
  const { claim, run } = registered;
  const { rule } = claim;
  const ok = own.filter((c) => c.status === 'ok');
  if (ok.length === 0) return { settings, finding: undecided(`its ${own.length === 1 ? 'case' : 'cases'} ${[...new Set(own.map((c) => c.status))].join(', ')}: ${own[0]!.error ?? own[0]!.notes[0] ?? 'no numbers'}`) };
  if (rule.kind === 'trend') return scoreTrend(registered, settings, ok);
  if (rule.kind === 'each') {
    const depth = deepest(ok);
    return { settings, finding: found(decideTest(ok.filter((c) => c.depth === depth), rule.test, claim), ` at depth ${depth}`) };
  }

  const plainOk = plains.filter((c) => c.status === 'ok');
  if (plainOk.length === 0) return { settings, finding: undecided(`no ${plain.join(' or ')} case in this regime`), toRun: suggestion(run, settings, { variant: plain[0]! }) };
  const common = [...new Set(ok.map((c) => c.depth))].filter((d) => plainOk.some((c) => c.depth === d));
  if (common.length === 0) {
    const depthsOf = (cases: readonly CaseResult[]) => [...new Set(cases.map((c) => c.depth))].sort((a, b) => a - b).join(',');
    return { settings, finding: undecided(`no depth where both ran (${settings[1]![1]}: ${depthsOf(ok)}; ${plain.join(', ')}: ${depthsOf(plainOk)})`), toRun: suggestion(run, settings, { variant: plain[0]!, depth: depthsOf(ok) }) };
  }
  const learnt = claim.power?.learnt;
  const weakAt = (d: number) => (learnt === undefined ? undefined : powerProblem([...ok, ...plainOk].filter((c) => c.depth === d), learnt));
  // A comparison of trained models is made where both learnt: the deepest such depth, else the deepest one.
  const deepestFirst = common.sort((a, b) => b - a).map((d) => ({ depth: d, weak: weakAt(d) }));
  const { depth, weak } = deepestFirst.find((at) => at.weak === undefined) ?? deepestFirst[0]!;
  const mine = ok.filter((c) => c.depth === depth);
  const theirs = [...groupBy(plainOk.filter((c) => c.depth === depth), (c) => c.variant).values()];
  const where = ` at depth ${depth}`;
  if (weak !== undefined) {
    const tried = deepestFirst.length === 1 ? '' : ` (nor at ${deepestFirst.slice(1).map((at) => at.depth).join(', ')})`;
    return { settings, finding: { status: 'inconclusive', detail: `${weak}${where}${tried}`, seeds: mine.length } };
  }
  if (rule.kind === 'contrast') {
    const decisions = [decideTest(mine, rule.test, claim), ...theirs.map((cases) => decideTest(cases, rule.test, claim))];
    return { settings, finding: found(joined(decisions, (d, i) => (i === 0 ? d.status === 'not-held' : d.status === 'held'), (d, i) => (i === 0 ? d.status === 'held' : d.status === 'not-held')), where) };
  }
  const mineBySeed = bySeed(mine, rule.metric);
  if (mineBySeed.size === 0) return { settings, finding: undecided(`the ${mine[0]!.variant} case at depth ${depth} has no '${rule.metric}'`) };
  const decisions = theirs.map((cases) => {
    const theirsBySeed = bySeed(cases, rule.metric);
    if (theirsBySeed.size === 0) return `the ${cases[0]!.variant} case at depth ${depth} has no '${rule.metric}'`;
    const shown = (own: readonly CaseResult[], values: ReadonlyMap<number, number>) => describeVariant(own, values, rule.metric, claim.shows ?? []);
    return decidePaired(mineBySeed, theirsBySeed, rule.better, (difference) => `${shown(mine, mineBySeed)} vs ${shown(cases, theirsBySeed)}: ${difference}`);
  });
  return { settings, finding: found(joined(decisions, (d) => d.status === 'not-held', (d) => d.status === 'held'), where) };
}

function tallyOf(units: readonly Unit[]): Tally {
  const counted = units.map((u) => u.finding).filter((f) => f.seeds !== undefined);
  const decided = counted.filter((f) => f.status !== 'inconclusive');
  const seeds = counted.map((f) => f.seeds!);
  const count = (status: Finding['status']) => counted.filter((f) => f.status === status).length;
  return { held: count('held'), notHeld: count('not-held'), inconclusive: count('inconclusive'), seeds: { min: Math.min(...seeds), max: Math.max(...seeds) }, point: decided.length > 0 && decided.every((f) => f.point) };
}

function verdictOf(units: readonly Unit[]): Verdict {
  const held = units.filter((u) => u.finding.status === 'held').map((u) => u.settings);
  const notHeld = units.filter((u) => u.finding.status === 'not-held').map((u) => u.settings);
  const reasons = (status: Finding['status']) => [...new Set(units.filter((u) => u.finding.status === status).map((u) => u.finding.detail))].join('; ');
  const inconclusive = units.some((u) => u.finding.status === 'inconclusive');
  if (held.length === 0 && notHeld.length === 0) {
    if (inconclusive) return { status: 'inconclusive', reason: reasons('inconclusive'), tally: tallyOf(units) };
    return units.every((u) => u.finding.status === 'not-applicable') ? { status: 'not-applicable', reason: reasons('not-applicable') } : { status: 'not-enough-data', reason: reasons('not-enough-data') };
  }
  const tally = tallyOf(units);
  if (notHeld.length === 0) return { status: 'held', tally };
  if (held.length === 0) return { status: 'not-held', tally };
  return { status: 'holds-only-when', when: separatingCondition(held, notHeld, varyingAxes([...held, ...notHeld])), tally };
}

/** The cases of any number of documents; a case measured twice (same probe, depth, regime and seed) counts once, the first file's. */
export function distinctCases(documents: readonly ResultsDocument[]): CaseResult[] {
  const firsts = new Map<string, CaseResult>();
  for (const c of documents.flatMap((d) => d.cases)) {
    const key = `${c.probe} ${c.depth} ${settingsKey(settingsOf(c))} seed=${c.config.seed}`;
    if (!firsts.has(key)) firsts.set(key, c);
  }
  return [...firsts.values()];
}

/** The families a claim is decided in: those it names, or every family its probe measured. */
export const claimFamilies = (claim: Claim, measured: readonly CaseResult[]): string[] => [...(claim.families ?? [...new Set(measured.map((c) => familyOf(c.arch)))].sort())];

/** Each suggestion once, in first-seen order. */
const uniqueRuns = (runs: readonly RunSuggestion[]) => [...new Map(runs.map((run) => [JSON.stringify(run), run])).values()];

/** One claim in one family, from the cases of its probe there and what the results declare of each variant. */
function scoreFamily(registered: RegisteredClaim, family: string, cases: readonly CaseResult[], declared: ReadonlyMap<string, VariantDeclarations>): ScorecardRow {
  const { claim, run } = registered;
  const everywhere: RunSuggestion = { benchmark: run.benchmark, ...(family === ANY_FAMILY ? {} : { arch: `${family}.*` }), axes: {}, options: {}, ...(run.preset ? { preset: run.preset } : {}), ...(run.probe ? { probe: run.probe } : {}) };
  const lacking = (reason: string, toRun: RunSuggestion[] = [everywhere]): ScorecardRow => ({ family, verdict: { status: 'not-enough-data', reason }, findings: [], toRun });
  if (cases.length === 0) return lacking(family === ANY_FAMILY ? `no ${claim.probe} case in the results` : `no ${claim.probe} case of ${family}`);
  const applicable = cases.filter((c) => c.status !== 'not-applicable');
  if (applicable.length === 0) return lacking(`${claim.probe} does not apply to ${family}: ${cases[0]!.notes[0] ?? 'not-applicable'}`, []);

  const leaveOut = claim.rule.kind === 'trend' ? [claim.rule.axis] : [];
  const roles = new Map(applicable.map((c) => [c, roleOf(claim, declared.get(c.arch), c.arch, c.variant)]));
  const groups = new Map<string, CaseResult[]>();
  for (const c of applicable.filter((c) => ['skip', 'not-applicable', 'undeclared'].includes(roles.get(c)!.role))) {
    const key = settingsKey(settingsOf(c, leaveOut));
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  if (groups.size === 0) return lacking(`no case of a skip variant${claim.skip ? ` (${claim.skip.join(', ')})` : ''}`);
  const units = [...groups.values()].map((own): Unit => {
    const settings = settingsOf(own[0]!, leaveOut);
    const role = roles.get(own[0]!)!;
    if (role.role === 'undeclared') return { settings, finding: undecided(role.reason) };
    if (role.role !== 'skip') return { settings, finding: { status: 'not-applicable', detail: role.role === 'not-applicable' ? role.reason : '' } };
    const regime = settingsKey(settings, ['variant']);
    const plains = applicable.filter((c) => role.ablations.includes(c.variant) && settingsKey(settingsOf(c, [...leaveOut, 'variant'])) === regime);
    return scoreUnit(registered, settings, own, role.ablations, plains);
  });
  const varying = varyingAxes(units.map((u) => u.settings));
  return {
    family,
    verdict: verdictOf(units),
    findings: units.map((u) => ({ regime: describeRegime(u.settings, varying), ...u.finding })),
    toRun: uniqueRuns(units.flatMap((u) => (u.toRun === undefined ? [] : [u.toRun]))),
  };
}

/**
 * The scorecard: every claim's verdict per family, from the cases of any number of results documents
 * (shards, benchmarks, machines). A case measured twice (the same probe, architecture, variant, depth and
 * regime) counts once, the first file's.
 */
export function buildScorecard(documents: readonly ResultsDocument[], claims: Iterable<RegisteredClaim>): Scorecard {
  const cases = distinctCases(documents);
  const declared = declarationsIn(documents);
  return {
    claims: [...claims].map((registered) => {
      const { claim } = registered;
      const measured = cases.filter((c) => c.probe === claim.probe);
      const families = claimFamilies(claim, measured);
      const rows =
        families.length === 0
          ? [scoreFamily(registered, ANY_FAMILY, [], declared)]
          : families.map((family) => scoreFamily(registered, family, measured.filter((c) => familyOf(c.arch) === family), declared));
      return { claim, source: registered.source, version: registered.version, rule: describeRule(claim), rows };
    }),
  };
}
