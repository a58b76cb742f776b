import { AXES, formatNumber, summarise, type CaseResult, type Interval, type ResultsDocument } from '@skipbench/engine';
import { formatInterval } from './format.js';
import { caseKeyFlag } from './axis-flags.js';
import { UsageError } from '@skipbench/core';
import { parseList } from './parse-args.js';

/**
 * One metric laid out over the cases of results documents: rows and columns are case keys (`variant`,
 * `depth`, `norm`, an architecture option's name), a cell is the one case at that row and column. A cell with
 * no case is missing (`–`) and comes with the `skipbench run` command that would measure it.
 */

/** The keys of a case a table can be laid out by, besides its architecture options (by their names): the axes a case records one value of. */
const CASE_KEYS = ['benchmark', 'arch', ...Object.values(AXES).flatMap((axis) => (axis.field === 'options' || axis.field === 'probeSettings' ? [] : [axis.field]))];
const TEXT_KEYS: ReadonlySet<string> = new Set(['benchmark', 'arch', 'variant', 'norm', 'init', 'task']);

/** `skipbench run`'s flag for a key; options go as `--option name=value`, the benchmark is the command's argument. */
const runFlag = (key: string) => (key === 'arch' ? '--arch' : caseKeyFlag(key));

/** What a case without the key shows (and `--where key=default` matches): its task or option was the architecture's default. */
const DEFAULT = 'default';
export const MISSING = '–';

export interface TableOptions {
  rows: string;
  columns?: string;
  /** Values over this key go in one cell, `a / b / c`. */
  join?: string;
  value: string;
  where?: string;
}

export interface TableCell {
  row: Record<string, string>;
  column: Record<string, string>;
  value: string;
  /** The case's id (the first seed's where replicates share the cell); absent when no case is there. */
  case?: string;
  status: CaseResult['status'] | 'missing';
  /** The value, or the mean over the seeds of replicates. */
  number?: number;
  /** Replicates in the cell: how many seeds, and the 95% interval of their mean where each has a number. */
  seeds?: number;
  interval?: Interval;
  text: string;
}

export interface ResultsTable {
  header: string[];
  body: string[][];
  cells: TableCell[];
  /** The `skipbench run` commands that would measure the missing cells, one per distinct command. */
  missing: string[];
}

interface ValueSpec {
  spec: string;
  probe: string;
  /** A metric or a label, or a series when `stage` is set. */
  metric: string;
  /** `PROBE.SERIES[N]`: the series' element N (e.g. a block's or a stage's value). */
  stage?: number;
}

interface Located {
  kase: CaseResult;
  preset: string;
}

type Tuple = readonly string[];

function keyValue(c: CaseResult, key: string): string {
  switch (key) {
    case 'benchmark': return c.benchmark;
    case 'arch': return c.arch;
    case 'variant': return c.variant;
    case 'depth': return String(c.depth);
    case 'batch': return String(c.batch);
    case 'width': case 'inputSize': case 'norm': case 'init': case 'branchScale': case 'seed': case 'task': {
      const value = c.config[key];
      return value === undefined ? DEFAULT : String(value);
    }
    default: {
      const value = c.config.options?.[key];
      return value === undefined ? DEFAULT : String(value);
    }
  }
}

/** `--where variant=plain,preact,norm=batch`: a part without `=` is one more value of the key before it. */
function parseWhere(where: string | undefined, known: readonly string[]): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  let current: string | undefined;
  for (const part of parseList(where ?? '')) {
    const match = /^([^=]+)=(.+)$/.exec(part);
    if (match !== null) {
      current = match[1]!.trim();
      if (!known.includes(current)) throw unknownKey('--where', current, known);
      if (filters.has(current)) throw new UsageError(`--where names ${current} twice; list its values once, comma-separated.`);
      filters.set(current, []);
    } else if (current === undefined) {
      throw new UsageError(`Expected --where as key=value[,value..][,key=value..], e.g. variant=plain,preact,norm=batch, but got '${where}'.`);
    }
    filters.get(current!)!.push(normalised(current!, (match?.[2] ?? part).trim()));
  }
  return filters;
}

/** `08` and `8`, `1e-1` and `0.1` are one depth, one scale. */
const normalised = (key: string, value: string) => (!TEXT_KEYS.has(key) && value !== DEFAULT && Number.isFinite(Number(value)) ? String(Number(value)) : value);

const unknownKey = (flag: string, key: string, known: readonly string[]) => new UsageError(`Unknown key '${key}' in ${flag}; a case's keys: ${known.join(', ')}.`);

function parseKeys(flag: string, value: string | undefined, known: readonly string[]): string[] {
  const keys = parseList(value ?? '');
  for (const key of keys) if (!known.includes(key)) throw unknownKey(flag, key, known);
  return keys;
}

function parseValue(value: string): ValueSpec[] {
  const specs = parseList(value).map((spec) => {
    const dot = spec.indexOf('.');
    if (dot <= 0 || dot === spec.length - 1) {
      throw new UsageError(`Expected --value as PROBE.METRIC or PROBE.SERIES[N], comma-separated, e.g. gradient-profile.log10-ratio-first-last, but got '${spec}'.`);
    }
    const name = spec.slice(dot + 1);
    const element = /^(.+)\[(\d+)\]$/.exec(name);
    return { spec, probe: spec.slice(0, dot), ...(element === null ? { metric: name } : { metric: element[1]!, stage: Number(element[2]) }) };
  });
  if (specs.length === 0) throw new UsageError('Expected --value to name at least one PROBE.METRIC, but got none.');
  return specs;
}

/** Each metric's probe ran in the files, and some case of it recorded the metric (or the label). */
function checkValues(specs: readonly ValueSpec[], cases: readonly CaseResult[]) {
  for (const { probe, metric, stage } of specs) {
    const ofProbe = cases.filter((c) => c.probe === probe);
    if (ofProbe.length === 0) throw new UsageError(`No case of probe '${probe}' in these results; their probes: ${[...new Set(cases.map((c) => c.probe))].join(', ')}.`);
    if (stage !== undefined) {
      const series = new Set(ofProbe.flatMap((c) => Object.keys(c.series)));
      if (!series.has(metric)) throw new UsageError(`No ${probe} case in these results has series '${metric}'; its series: ${[...series].join(', ') || 'none'}.`);
      continue;
    }
    const names = new Set(ofProbe.flatMap((c) => [...Object.keys(c.metrics), ...Object.keys(c.labels)]));
    if (!names.has(metric)) throw new UsageError(`No ${probe} case in these results has metric '${metric}'; its metrics and labels: ${[...names].join(', ')}.`);
  }
}

/** A key's values in table order: those --where lists in its order, else numbers ascending and names as the plan met them. */
function axisOrder(key: string, cases: readonly CaseResult[], filters: Map<string, string[]>): string[] {
  const listed = filters.get(key);
  if (listed !== undefined) return listed;
  const seen = [...new Set(cases.map((c) => keyValue(c, key)))];
  return TEXT_KEYS.has(key) || seen.some((v) => !Number.isFinite(Number(v))) ? seen : seen.sort((a, b) => Number(a) - Number(b));
}

/**
 * The rows (or columns) over `keys`: every combination some case has, and for a value --where lists that no
 * case has, that value in place of the key's in each of them, so asking for depth 64 shows what is missing.
 */
function axis(keys: readonly string[], cases: readonly CaseResult[], filters: Map<string, string[]>): Tuple[] {
  if (keys.length === 0) return [[]];
  const orders = keys.map((key) => axisOrder(key, cases, filters));
  const tuples = new Map<string, Tuple>();
  const add = (tuple: Tuple) => tuples.set(JSON.stringify(tuple), tuple);
  const seen = cases.map((c) => keys.map((key) => keyValue(c, key)));
  for (const tuple of seen) add(tuple);
  keys.forEach((key, i) => {
    for (const value of filters.get(key) ?? []) {
      if (seen.some((t) => t[i] === value)) continue;
      for (const tuple of seen.length > 0 ? seen : [orders.map((o) => o[0]!)]) add(tuple.map((v, j) => (j === i ? value : v)));
    }
  });
  const rank = (tuple: Tuple) => tuple.map((value, i) => orders[i]!.indexOf(value));
  return [...tuples.values()].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    const differs = ra.findIndex((r, i) => r !== rb[i]);
    return differs === -1 ? 0 : ra[differs]! - rb[differs]!;
  });
}

const labelOf = (keys: readonly string[], tuple: Tuple) => keys.map((key, i) => `${key} ${tuple[i]}`).join(', ');
const record = (keys: readonly string[], tuple: Tuple) => Object.fromEntries(keys.map((key, i) => [key, tuple[i]!]));

function cellText(c: CaseResult, { metric, stage }: ValueSpec): Pick<TableCell, 'number' | 'text'> {
  if (stage !== undefined) {
    const element = c.series[metric]?.[stage];
    return typeof element === 'number' ? { number: element, text: formatNumber(element) } : { text: c.status === 'ok' || c.status === 'not-applicable' ? 'n/a' : c.status };
  }
  const number = c.metrics[metric];
  if (number !== undefined) return { number, text: formatNumber(number) };
  const label = c.labels[metric];
  if (label !== undefined) return { text: label };
  // Where float32 underflowed, a probe records the bound the metric is under instead (`…-below`).
  const below = c.metrics[`${metric}-below`];
  if (below !== undefined) return { text: `< ${formatNumber(below)}` };
  return { text: c.status === 'ok' || c.status === 'not-applicable' ? 'n/a' : c.status };
}

/**
 * Replicates (cases that differ only in seed) in one cell: the mean of their numbers with its 95% interval and
 * n; labels counted (`healthy 4, exploding 1 of 5`); where a seed has no number (a bound, a failure), each
 * seed's text, never averaged.
 */
function replicatesText(cases: readonly CaseResult[], spec: ValueSpec): Pick<TableCell, 'number' | 'text' | 'seeds' | 'interval'> {
  const each = cases.map((c) => cellText(c, spec));
  const seeds = cases.length;
  if (each.every((e) => e.number !== undefined)) {
    const { mean, interval } = summarise(each.map((e) => e.number!));
    return { number: mean, seeds, ...(interval ? { interval } : {}), text: `${formatNumber(mean)} ${interval ? `${formatInterval(interval)} ` : ''}n=${seeds}` };
  }
  const isLabel = cases.every((c) => c.labels[spec.metric] !== undefined);
  // The same text at every seed (`n/a`, a status) is said once.
  if (!isLabel) return { seeds, text: new Set(each.map((e) => e.text)).size === 1 ? each[0]!.text : each.map((e) => e.text).join(', ') };
  const counts = new Map<string, number>();
  for (const { text } of each) counts.set(text, (counts.get(text) ?? 0) + 1);
  return { seeds, text: `${[...counts].map(([label, n]) => `${label} ${n}`).join(', ')} of ${seeds}` };
}

/** A `skipbench run` command: its benchmark and probe, and each flag with its values. */
interface RunCommand {
  head: string;
  flags: Map<string, string[]>;
}

/** The command that measures the case at `fixed` (its row, column and --where's single values) of `probe`. */
function runCommand(probe: string, fixed: Map<string, string>, ofProbe: readonly Located[]): RunCommand {
  const shared = (pick: (l: Located) => string) => {
    const values = [...new Set(ofProbe.map(pick))];
    return values.length === 1 ? values[0] : undefined;
  };
  const arch = fixed.get('arch') ?? shared((l) => l.kase.arch);
  const preset = shared((l) => l.preset);
  const flags = new Map<string, string[]>();
  if (arch !== undefined) flags.set('--arch', [arch]);
  for (const [key, value] of fixed) {
    if (key === 'benchmark' || key === 'arch' || value === DEFAULT) continue;
    const flag = runFlag(key);
    if (flag !== undefined) flags.set(flag, [value]);
    else flags.set(`--option ${key}`, [value]);
  }
  if (preset !== undefined && preset !== 'quick') flags.set('--preset', [preset]);
  return { head: `skipbench run ${fixed.get('benchmark') ?? ofProbe[0]!.kase.benchmark} --probe ${probe}`, flags };
}

/** Commands that differ in one flag's values become one command listing them all: it runs exactly the cases of both. */
function mergeCommands(commands: readonly RunCommand[]): string[] {
  let merged = [...commands];
  const flagNames = [...new Set(commands.flatMap((c) => [...c.flags.keys()]))];
  for (let changed = true; changed; ) {
    changed = false;
    for (const flag of flagNames) {
      const groups = new Map<string, RunCommand>();
      for (const command of merged) {
        const rest = JSON.stringify([command.head, command.flags.has(flag), [...command.flags].filter(([name]) => name !== flag)]);
        const other = groups.get(rest);
        if (other === undefined) {
          groups.set(rest, { head: command.head, flags: new Map(command.flags) });
          continue;
        }
        if (command.flags.has(flag)) other.flags.set(flag, [...new Set([...other.flags.get(flag)!, ...command.flags.get(flag)!])]);
        changed = true;
      }
      merged = [...groups.values()];
    }
  }
  const text = (c: RunCommand) => [c.head, ...[...c.flags].map(([name, values]) => (name.startsWith('--option ') ? `${name}=${values.join(',')}` : `${name} ${values.join(',')}`))].join(' ');
  return [...new Set(merged.map(text))];
}

/** The table of `options.value` over the cases of `documents`; throws a UsageError for an unknown key or metric, or a cell two cases fall in. */
export function buildTable(documents: readonly ResultsDocument[], options: TableOptions): ResultsTable {
  const located: Located[] = documents.flatMap((d) => d.cases.map((kase) => ({ kase, preset: d.benchmark.preset })));
  const all = located.map((l) => l.kase);
  const known = [...CASE_KEYS, ...new Set(all.flatMap((c) => Object.keys(c.config.options ?? {})))];
  const rows = parseKeys('--rows', options.rows, known);
  if (rows.length === 0) throw new UsageError('Expected --rows to name at least one key, e.g. variant or variant,norm, but got none.');
  const columns = parseKeys('--columns', options.columns, known);
  const join = parseKeys('--join', options.join, known);
  if (join.length > 1) throw new UsageError(`Expected --join to name one key, but got ${join.join(', ')}.`);
  const used = [...rows, ...columns, ...join];
  const twice = used.find((key, i) => used.indexOf(key) !== i);
  if (twice !== undefined) throw new UsageError(`${twice} is named twice in --rows, --columns and --join; a key lays out one of them.`);
  const specs = parseValue(options.value);
  const filters = parseWhere(options.where, known);
  checkValues(specs, all);

  const probes = new Set(specs.map((s) => s.probe));
  const chosen = located.filter(({ kase }) => probes.has(kase.probe) && [...filters].every(([key, values]) => values.includes(keyValue(kase, key))));
  if (chosen.length === 0) throw new UsageError(`No ${[...probes].join(' or ')} case in these results has ${options.where}.`);
  const cases = chosen.map((l) => l.kase);
  const rowTuples = axis(rows, cases, filters);
  const columnTuples = axis(columns, cases, filters);
  const joinValues = join.length === 0 ? [undefined] : axisOrder(join[0]!, cases, filters);

  const cells: TableCell[] = [];
  const missing: RunCommand[] = [];
  const cellOf = (spec: ValueSpec, row: Tuple, column: Tuple, joined: string | undefined): TableCell => {
    const at = new Map([...rows.map((key, i) => [key, row[i]!] as const), ...columns.map((key, i) => [key, column[i]!] as const), ...(joined === undefined ? [] : [[join[0]!, joined] as const])]);
    const here = chosen.filter(({ kase }) => kase.probe === spec.probe && [...at].every(([key, value]) => keyValue(kase, key) === value));
    const place = { row: record(rows, row), column: { ...record(columns, column), ...(joined === undefined ? {} : { [join[0]!]: joined }) }, value: spec.spec };
    const differ = known.filter((key) => new Set(here.map((l) => keyValue(l.kase, key))).size > 1);
    if (here.length > 1 && differ.length === 1 && differ[0] === 'seed') {
      return { ...place, case: here[0]!.kase.id, status: here[0]!.kase.status, ...replicatesText(here.map((l) => l.kase), spec) };
    }
    if (here.length > 1) {
      throw new UsageError(
        `${here.length} ${spec.probe} cases fall in one cell (${[...at].map(([k, v]) => `${k} ${v}`).join(', ')}): they differ in ${differ.join(', ')}; add ${differ.length === 1 ? 'it' : 'them'} to --rows or --columns, or choose with --where (replicates that differ only in seed share a cell).`,
      );
    }
    if (here.length === 0) {
      for (const [key, values] of filters) if (values.length === 1 && !at.has(key)) at.set(key, values[0]!);
      const ofProbe = chosen.filter(({ kase }) => kase.probe === spec.probe);
      missing.push(runCommand(spec.probe, at, ofProbe.length > 0 ? ofProbe : located.filter(({ kase }) => kase.probe === spec.probe)));
      return { ...place, status: 'missing', text: MISSING };
    }
    const { kase } = here[0]!;
    return { ...place, case: kase.id, status: kase.status, ...cellText(kase, spec) };
  };

  const joinedHeader = join.length === 0 ? '' : ` (${join[0]} ${joinValues.join(' / ')})`;
  const header = [
    ...rows,
    ...specs.flatMap((spec) => columnTuples.map((column) => [...(specs.length > 1 || columns.length === 0 ? [spec.spec] : []), ...(columns.length > 0 ? [labelOf(columns, column)] : [])].join(', ') + joinedHeader)),
  ];
  const body = rowTuples.map((row) => [
    ...row,
    ...specs.flatMap((spec) =>
      columnTuples.map((column) => {
        const parts = joinValues.map((joined) => cellOf(spec, row, column, joined));
        cells.push(...parts);
        return parts.map((p) => p.text).join(' / ');
      }),
    ),
  ]);
  return { header, body, cells, missing: mergeCommands(missing) };
}
