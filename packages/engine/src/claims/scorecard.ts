import { formatNumber } from '../format.js';
import type { Contributor, RegisteredClaim } from '../registry.js';
import type { CaseResult, ResultsDocument } from '../results/schema.js';
import type { CaseTest, Claim, VariantDeclarations } from '@skipbench/core';
import { declarationsIn, roleOf } from './roles.js';
import { AXES, type AxisTable } from '../axes.js';
import { describeRegime, separatingCondition, settingsKey, settingsOf, varyingAxes, type Setting } from './regime.js';


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

/** A claim's verdict in one family. */
export type Verdict =
  | { readonly status: 'held' }
  | { readonly status: 'not-held' }
  | { readonly status: 'holds-only-when'; readonly when: string }
  | { readonly status: 'not-enough-data'; readonly reason: string }
  /** No skip variant of the family has the kinds of skip the claim is about. */
  | { readonly status: 'not-applicable'; readonly reason: string };

/** The outcome in one regime of a family. */
export interface Finding {
  /** The regime by its varying settings, its variant first: `preact, norm=batch`. */
  readonly regime: string;
  readonly status: 'held' | 'not-held' | 'not-enough-data' | 'not-applicable';
  /** The deciding numbers, or why there are none. */
  readonly detail: string;
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

export function describeVerdict(verdict: Verdict): string {
  switch (verdict.status) {
    case 'held':
      return 'held';
    case 'not-held':
      return 'not held';
    case 'holds-only-when':
      return `holds only when ${verdict.when}`;
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
export function describeRule({ rule, probe, plain, skip, requires }: Claim): string {
  const skips = skip === undefined ? `each ${requires === undefined ? '' : `${requires.join(' and ')} `}skip variant` : skip.join(', ');
  const ablations = plain === undefined ? 'its ablation' : `its ablations (${plain.length === 0 ? 'none' : plain.join(', ')})`;
  const fails = plain === undefined ? 'does not' : 'do not';
  switch (rule.kind) {
    case 'contrast':
      return `${probe}: at the deepest depth both ran, ${skips} has ${describeTest(rule.test)} and ${ablations} ${fails}`;
    case 'each':
      return `${probe}: at its deepest depth, ${skips} has ${describeTest(rule.test)}`;
    case 'versus-plain':
      return `${probe}: at the deepest depth both ran, ${skips} has a ${rule.better} ${rule.metric} than ${ablations}`;
    case 'trend':
      return `${probe}: ${skips}'s ${rule.metric} ${rule.direction} from the smallest ${rule.axis} measured to the largest`;
  }
}

const subject = (c: CaseResult, test: CaseTest) => (test.op === 'one-of' ? c.labels[test.label] : c.metrics[test.metric]);

function passes(c: CaseResult, test: CaseTest): boolean | undefined {
  const value = subject(c, test);
  if (value === undefined) return undefined;
  switch (test.op) {
    case 'within':
      return Math.abs(value as number) <= test.value;
    case 'at-most':
      return (value as number) <= test.value;
    case 'at-least':
      return (value as number) >= test.value;
    case 'one-of':
      return test.values.includes(value as string);
  }
}

const lacks = (c: CaseResult, name: string) => `the ${c.variant} case at depth ${c.depth} has no '${name}'`;

/** `preact healthy (log10-rms-ratio-first-last 1.66)`: the value a rule read, and the claim's `shows`. */
function describeCase(c: CaseResult, claim: Claim, read: CaseTest | string): string {
  const value = typeof read === 'string' ? `${read} ${formatNumber(c.metrics[read]!)}` : read.op === 'one-of' ? `${c.labels[read.label]}` : `${read.metric} ${formatNumber(c.metrics[read.metric]!)}`;
  const shown = (claim.shows ?? []).filter((name) => c.metrics[name] !== undefined && name !== read).map((name) => `${name} ${formatNumber(c.metrics[name]!)}`);
  return `${c.variant} ${value}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`;
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
const atDepth = (cases: readonly CaseResult[], depth: number) => cases.find((c) => c.depth === depth)!;
const decided = (status: 'held' | 'not-held', detail: string): Unit['finding'] => ({ status, detail });
const undecided = (detail: string): Unit['finding'] => ({ status: 'not-enough-data', detail });

/** Decides one skip variant in one regime. */
function scoreUnit(registered: RegisteredClaim, settings: readonly Setting[], own: readonly CaseResult[], plain: readonly string[], plains: readonly CaseResult[]): Unit {
  const { claim, run } = registered;
  const { rule } = claim;
  const command = (chosen: Record<string, string>) => suggestion(run, settings, chosen);
  const ok = own.filter((c) => c.status === 'ok');
  if (ok.length === 0) return { settings, finding: undecided(`its ${own.length === 1 ? 'case' : 'cases'} ${own.map((c) => c.status).join(', ')}: ${own[0]!.error ?? own[0]!.notes[0] ?? 'no numbers'}`) };

  if (rule.kind === 'each') {
    const c = atDepth(ok, deepest(ok));
    const pass = passes(c, rule.test);
    if (pass === undefined) return { settings, finding: undecided(lacks(c, rule.test.op === 'one-of' ? rule.test.label : rule.test.metric)) };
    return { settings, finding: decided(pass ? 'held' : 'not-held', `${describeCase(c, claim, rule.test)} at depth ${c.depth}`) };
  }

  if (rule.kind === 'trend') {
    const position = (c: CaseResult) => (rule.axis === 'depth' ? c.depth : c.config.branchScale);
    const positions = [...new Set(ok.map(position))].sort((a, b) => a - b);
    if (positions.length < 2) {
      return { settings, finding: undecided(`one ${rule.axis} measured (${positions[0]}), the trend needs two`), toRun: command({ variant: settings[1]![1] }) };
    }
    const [low, high] = [positions[0]!, positions.at(-1)!].map((p) => {
      const at = ok.filter((c) => position(c) === p);
      return atDepth(at, deepest(at));
    }) as [CaseResult, CaseResult];
    const [from, to] = [low.metrics[rule.metric], high.metrics[rule.metric]];
    if (from === undefined || to === undefined) return { settings, finding: undecided(lacks(from === undefined ? low : high, rule.metric)) };
    const held = rule.direction === 'rises' ? to > from : to < from;
    return { settings, finding: decided(held ? 'held' : 'not-held', `${low.variant} ${rule.metric} ${formatNumber(from)} at ${rule.axis} ${positions[0]} → ${formatNumber(to)} at ${positions.at(-1)}`) };
  }

  const plainOk = plains.filter((c) => c.status === 'ok');
  if (plainOk.length === 0) return { settings, finding: undecided(`no ${plain.join(' or ')} case in this regime`), toRun: command({ variant: plain[0]! }) };
  const common = [...new Set(ok.map((c) => c.depth))].filter((d) => plainOk.some((c) => c.depth === d));
  if (common.length === 0) {
    const depths = [...new Set(ok.map((c) => c.depth))].sort((a, b) => a - b).join(',');
    return { settings, finding: undecided(`no depth where both ran (${settings[1]![1]}: ${depths}; ${plain.join(', ')}: ${[...new Set(plainOk.map((c) => c.depth))].sort((a, b) => a - b).join(',')})`), toRun: command({ variant: plain[0]!, depth: depths }) };
  }
  const depth = Math.max(...common);
  const skipCase = atDepth(ok, depth);
  const plainCases = [...new Map(plainOk.filter((c) => c.depth === depth).map((c) => [c.variant, c])).values()];
  const read = rule.kind === 'contrast' ? rule.test : rule.metric;
  const detail = `${describeCase(skipCase, claim, read)} vs ${plainCases.map((c) => describeCase(c, claim, read)).join(', ')} at depth ${depth}`;
  if (rule.kind === 'contrast') {
    const results = [skipCase, ...plainCases].map((c) => ({ c, pass: passes(c, rule.test) }));
    const unread = results.find((r) => r.pass === undefined);
    if (unread) return { settings, finding: undecided(lacks(unread.c, rule.test.op === 'one-of' ? rule.test.label : rule.test.metric)) };
    return { settings, finding: decided(results[0]!.pass && results.slice(1).every((r) => !r.pass) ? 'held' : 'not-held', detail) };
  }
  const values = [skipCase, ...plainCases].map((c) => ({ c, value: c.metrics[rule.metric] }));
  const unread = values.find((v) => v.value === undefined);
  if (unread) return { settings, finding: undecided(lacks(unread.c, rule.metric)) };
  const [mine, ...theirs] = values.map((v) => v.value!);
  const better = theirs.every((v) => (rule.better === 'lower' ? mine! < v : mine! > v));
  return { settings, finding: decided(better ? 'held' : 'not-held', detail) };
}

function verdictOf(units: readonly Unit[]): Verdict {
  const held = units.filter((u) => u.finding.status === 'held').map((u) => u.settings);
  const notHeld = units.filter((u) => u.finding.status === 'not-held').map((u) => u.settings);
  const reasons = (status: Finding['status']) => [...new Set(units.filter((u) => u.finding.status === status).map((u) => u.finding.detail))].join('; ');
  if (held.length === 0 && notHeld.length === 0) {
    return units.every((u) => u.finding.status === 'not-applicable') ? { status: 'not-applicable', reason: reasons('not-applicable') } : { status: 'not-enough-data', reason: reasons('not-enough-data') };
  }
  if (notHeld.length === 0) return { status: 'held' };
  if (held.length === 0) return { status: 'not-held' };
  return { status: 'holds-only-when', when: separatingCondition(held, notHeld, varyingAxes([...held, ...notHeld])) };
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
