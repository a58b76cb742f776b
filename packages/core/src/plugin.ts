import type { Architecture } from './architecture.js';
import { SWEEPS, type BenchmarkDefinition } from './benchmark.js';
import { API_VERSION, CAPABILITIES } from './constants.js';
import type { Probe } from './probe.js';
import { SkipbenchError } from './errors.js';
import { optionDeclarationProblems } from './options.js';
import { claimProblems } from './claim-validation.js';
import type { Claim } from './claim.js';
import { variantProblems } from './variants.js';

/**
 * What a plugin package contributes: architectures, probes, benchmarks, claims, any of them (a probe-only
 * plugin has no architectures).
 */
export interface Plugin {
  /** @default its package.json's `name` (discovery reads it) */
  readonly name?: string;
  /** @default its package.json's `version` (discovery reads it) */
  readonly version?: string;
  /** Major version of the contract this plugin speaks (core's `API_VERSION`). */
  readonly apiVersion: number;
  readonly architectures?: readonly Architecture[];
  /** Probes run by id: `skipbench run <benchmark> --probe <id>`, or in a benchmark that lists them. */
  readonly probes?: readonly Probe[];
  /** Benchmarks: named sets of probes (core's or any plugin's) and the sweep they run over. */
  readonly benchmarks?: readonly BenchmarkDefinition[];
  /** Claims its probes' results decide (`skipbench scorecard`); make each with `defineClaim`. */
  readonly claims?: readonly Claim[];
}

/** Problems with a plugin's shape, each prefixed with the path of the offending field. */
export function validatePlugin(value: unknown): string[] {
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null) return ['(plugin): expected an object made with definePlugin({...})'];
  const plugin = value as Partial<Record<keyof Plugin, unknown>>;
  for (const field of ['name', 'version'] as const) {
    if (plugin[field] !== undefined && (typeof plugin[field] !== 'string' || plugin[field] === '')) errors.push(`${field}: expected a non-empty string, or none (discovery reads it from package.json)`);
  }
  if (!Number.isInteger(plugin.apiVersion)) errors.push('apiVersion: expected an integer (core exports API_VERSION)');
  const listOf = (field: 'architectures' | 'probes' | 'benchmarks' | 'claims'): unknown[] => {
    const list = plugin[field];
    if (list === undefined) return [];
    if (Array.isArray(list)) return list;
    errors.push(`${field}: expected an array`);
    return [];
  };
  const contributed = [
    ...listOf('architectures').flatMap((arch, i) => architectureProblems(`architectures[${i}]`, arch as Partial<Architecture>)),
    ...listOf('probes').flatMap((probe, i) => probeProblems(`probes[${i}]`, probe as Partial<Probe>)),
    ...listOf('benchmarks').flatMap((benchmark, i) => benchmarkProblems(`benchmarks[${i}]`, benchmark as Partial<BenchmarkDefinition>)),
    ...listOf('claims').flatMap((claim, i) => claimProblems(`claims[${i}]`, claim as Partial<Claim>)),
  ];
  return [...errors, ...contributed];
}

function architectureProblems(at: string, arch: Partial<Architecture>): string[] {
  const errors: string[] = [];
  if (typeof arch?.id !== 'string' || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(arch.id)) {
    errors.push(`${at}.id: expected 'family.name' in lower case, but got ${JSON.stringify(arch?.id)}`);
  }
  if (typeof arch?.build !== 'function') errors.push(`${at}.build: expected a function`);
  errors.push(...variantProblems(`${at}.variants`, arch?.variants));
  if (arch?.version !== undefined && (typeof arch.version !== 'string' || arch.version === '')) errors.push(`${at}.version: expected a non-empty string, but got ${JSON.stringify(arch.version)}`);
  const defaults = arch?.defaults;
  if (defaults === undefined) errors.push(`${at}.defaults: expected the default config`);
  else {
    if (!arch.choices?.norm?.includes(defaults.norm)) errors.push(`${at}.defaults.norm: '${defaults.norm}' is not in choices.norm`);
    if (!arch.choices?.init?.includes(defaults.init)) errors.push(`${at}.defaults.init: '${defaults.init}' is not in choices.init`);
  }
  for (const [name, option] of Object.entries(arch?.options ?? {})) errors.push(...optionDeclarationProblems(`${at}.options.${name}`, option));
  return errors;
}

/** Probe and benchmark ids: lower-case words joined by `-`, as case ids and `--probe` spell them. */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function probeProblems(at: string, probe: Partial<Probe>): string[] {
  const errors: string[] = [];
  if (typeof probe?.id !== 'string' || !ID.test(probe.id)) errors.push(`${at}.id: expected lower-case words joined by '-', but got ${JSON.stringify(probe?.id)}`);
  if (typeof probe?.summary !== 'string' || probe.summary === '') errors.push(`${at}.summary: expected a non-empty string`);
  if (!Array.isArray(probe?.requires) || probe.requires.some((c) => !(CAPABILITIES as readonly string[]).includes(c))) {
    errors.push(`${at}.requires: expected an array of capabilities (${CAPABILITIES.join(', ')})`);
  }
  if (typeof probe?.run !== 'function') errors.push(`${at}.run: expected a function`);
  if (probe?.appliesTo !== undefined && typeof probe.appliesTo !== 'function') errors.push(`${at}.appliesTo: expected a function`);
  if (probe?.samples !== undefined && typeof probe.samples !== 'function') errors.push(`${at}.samples: expected a function`);
  if (probe?.task !== undefined && (typeof probe.task !== 'string' || probe.task === '')) errors.push(`${at}.task: expected a task id, but got ${JSON.stringify(probe.task)}`);
  return errors;
}

function benchmarkProblems(at: string, benchmark: Partial<BenchmarkDefinition>): string[] {
  const errors: string[] = [];
  if (typeof benchmark?.id !== 'string' || !ID.test(benchmark.id) || benchmark.id === 'all') {
    errors.push(`${at}.id: expected lower-case words joined by '-' other than 'all', but got ${JSON.stringify(benchmark?.id)}`);
  }
  if (typeof benchmark?.summary !== 'string' || benchmark.summary === '') errors.push(`${at}.summary: expected a non-empty string`);
  if (!Array.isArray(benchmark?.probes) || benchmark.probes.length === 0 || benchmark.probes.some((id) => typeof id !== 'string')) {
    errors.push(`${at}.probes: expected a non-empty array of probe ids`);
  }
  if (!(SWEEPS as readonly unknown[]).includes(benchmark?.sweep)) errors.push(`${at}.sweep: expected one of ${SWEEPS.join(', ')}, but got ${JSON.stringify(benchmark?.sweep)}`);
  if (!Array.isArray(benchmark?.sweepRegimes) || benchmark.sweepRegimes.some((axis) => axis !== 'norm' && axis !== 'init')) {
    errors.push(`${at}.sweepRegimes: expected an array of 'norm' and 'init'`);
  }
  return errors;
}

/** Declares a plugin; throws if its shape is wrong, naming every problem. */
export function definePlugin<P extends Plugin>(plugin: P): P {
  const errors = validatePlugin(plugin);
  if (errors.length > 0) {
    throw new SkipbenchError(`Invalid plugin ${JSON.stringify((plugin as Partial<Plugin>)?.name)}: ${errors.join('; ')}`, 'plugin');
  }
  return plugin;
}

/** Whether the running core speaks the plugin's contract. */
export function speaksApiVersion(apiVersion: number): boolean {
  return apiVersion === API_VERSION;
}
