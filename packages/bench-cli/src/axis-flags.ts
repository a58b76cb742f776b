import { AXES, type AxisId, type AxisSpec, type AxisTable, type PlanOptions, type RunSuggestion } from '@skipbench/engine';
import type { Command } from 'commander';
import { parseIntegerList, parseSeeds, parseList, parseNumber, parseOptionSweeps, parsePositiveInteger } from './parse-args.js';

/** How `skipbench run` spells one config axis: its flag, the flag's argument, its help and its parser. */
export interface FlagSpec {
  readonly flag: string;
  /** The argument as `--help` shows it: `<list>`, `<n>`. */
  readonly argument: string;
  /** What the flag takes; the axis's default is added to it. */
  readonly help: string;
  /** The request's value from the flag's text (a repeatable flag gets every occurrence). */
  readonly parse: (text: string & string[]) => unknown;
  /** The flag may be given more than once (its values are collected). @default false */
  readonly repeatable?: boolean;
  /** Commander's default, where the flag always has a value (then `--help` shows it, not the axis's words). */
  readonly defaultText?: string;
}

/** Every axis's flag: the compiler refuses an axis of the engine's table without one. */
export const AXIS_FLAGS: Readonly<Record<AxisId, FlagSpec>> = {
  variant: { flag: '--variant', argument: '<list>', help: 'variants, comma-separated', parse: parseList },
  depth: { flag: '--depths', argument: '<list>', help: 'depths, comma-separated positive integers', parse: (text) => parseIntegerList('--depths', text) },
  width: { flag: '--width', argument: '<n>', help: 'channels/features of the stream', parse: (text) => parsePositiveInteger('--width', text) },
  inputSize: { flag: '--input-size', argument: '<n>', help: 'image side, tokens, vocabulary or nodes: see list', parse: (text) => parsePositiveInteger('--input-size', text) },
  norm: { flag: '--norm', argument: '<list>', help: 'normalisations, comma-separated', parse: parseList },
  init: { flag: '--init', argument: '<list>', help: 'initialisers, comma-separated', parse: parseList },
  branchScale: { flag: '--branch-scale', argument: '<x>', help: 'gain on every branch output', parse: (text) => parseNumber('--branch-scale', text) },
  seed: { flag: '--seeds', argument: '<n|list>', help: 'seeds, each a replicate of every case not timed: a count N (--seed and the next N-1) or a comma-separated list', parse: (text) => parseSeeds(text) },
  task: { flag: '--task', argument: '<id>', help: "a task other than each architecture's default, e.g. digits (real handwritten digits)", parse: (text) => text },
  options: {
    flag: '--option',
    argument: '<name=values>',
    help: "an architecture's own setting, swept over comma-separated values (repeatable), e.g. gate-bias=0,2,4",
    parse: (texts) => parseOptionSweeps(texts),
    repeatable: true,
  },
  batch: { flag: '--batch', argument: '<list>', help: 'batch sizes, comma-separated', parse: (text) => parseIntegerList('--batch', text) },
  trainSteps: { flag: '--train-steps', argument: '<n>', help: 'optimiser steps for probes that train', parse: (text) => parsePositiveInteger('--train-steps', text) },
};

/** Commander's property for a flag: `--input-size` → `inputSize`. */
const property = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Declares every axis's flag on `command`, its help ending with the axis's default. */
export function addAxisOptions(command: Command, flags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS, axes: AxisTable = AXES): Command {
  for (const [id, spec] of Object.entries(flags)) {
    const help = spec.defaultText === undefined ? `${spec.help} (default: ${axes[id]!.default})` : spec.help;
    const definition = `${spec.flag} ${spec.argument}`;
    if (spec.repeatable) command.option(definition, help, (value: string, previous: string[] = []) => [...previous, value]);
    else if (spec.defaultText !== undefined) command.option(definition, help, spec.defaultText);
    else command.option(definition, help);
  }
  return command;
}

/** The plan request of the axis flags given: each parsed by its spec, under the option its axis names. */
export function parseAxisOptions(given: Readonly<Record<string, unknown>>, flags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS, axes: AxisTable = AXES): Partial<PlanOptions> {
  const request: Record<string, unknown> = {};
  for (const [id, spec] of Object.entries(flags)) {
    const text = given[property(spec.flag)];
    if (text !== undefined) request[axes[id]!.request] = spec.parse(text as string & string[]);
  }
  return request;
}

/** The flag of the first axis `matches`, or undefined where none does. */
function flagOfAxis(matches: (axis: AxisSpec) => boolean, flags: Readonly<Record<string, FlagSpec>>, axes: AxisTable): string | undefined {
  const id = Object.keys(flags).find((key) => axes[key] !== undefined && matches(axes[key]));
  return id === undefined ? undefined : flags[id]!.flag;
}

/** The flag that sets a plan option an axis requests (`norms` → `--norm`), or undefined for other options. */
export const axisFlagOf = (option: string, flags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS, axes: AxisTable = AXES) => flagOfAxis((axis) => axis.request === option, flags, axes);

/** A case key (an axis's field, e.g. `depth`) as `skipbench run`'s flag (`--depths`). */
export const caseKeyFlag = (key: string, flags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS, axes: AxisTable = AXES) => flagOfAxis((axis) => axis.field === key, flags, axes);

/** A suggested run as the command that runs it: `skipbench run claims --arch resnet.basic --variant plain --norm batch`. */
export function suggestedCommand(run: RunSuggestion, flags: Readonly<Record<string, FlagSpec>> = AXIS_FLAGS): string {
  const arch = run.arch === undefined ? [] : [`--arch ${run.arch.includes('*') ? `'${run.arch}'` : run.arch}`];
  const axes = Object.entries(flags).flatMap(([id, spec]) => (run.axes[id] === undefined ? [] : [`${spec.flag} ${run.axes[id]}`]));
  const options = Object.entries(run.options).map(([name, value]) => `${flags['options']?.flag ?? '--option'} ${name}=${value}`);
  const rest = [...(run.preset === undefined ? [] : [`--preset ${run.preset}`]), ...(run.probe === undefined ? [] : [`--probe ${run.probe}`])];
  return ['skipbench run', run.benchmark, ...arch, ...axes, ...options, ...rest].join(' ');
}
