import type { Architecture, Plugin, BenchmarkDefinition, Probe, Claim } from '@skipbench/core';

/** The package that contributed a probe, benchmark or architecture, and the version the numbers came from. */
export interface Contributor {
  /** Package name, e.g. `@skipbench/core` or `skipbench-plugin-highway`. */
  readonly source: string;
  readonly version: string;
}

/** A claim as the registry holds it: with its package, and the benchmark that measures it. */
export interface RegisteredClaim extends Contributor {
  readonly claim: Claim;
  readonly run: { readonly benchmark: string; readonly preset?: string; readonly probe?: string };
}

/** A probe with its package; `version` is the probe's own when it declares one, else its package's. */
export interface RegisteredProbe extends Contributor {
  readonly probe: Probe;
}

export interface RegisteredBenchmark extends Contributor {
  readonly benchmark: BenchmarkDefinition;
}

/** An architecture with its package; `version` is the architecture's own when it declares one, else its package's. */
export interface RegisteredArchitecture extends Contributor {
  readonly architecture: Architecture;
}

/** A plugin with the name and version its package declares (discovery reads them from package.json). */
export interface PluginEntry {
  readonly plugin: Plugin;
  /** @default the plugin's own `name`, else `(unnamed plugin)` */
  readonly name?: string;
  /** @default the plugin's own `version`, else `0.0.0` */
  readonly version?: string;
}

/**
 * Every probe, benchmark and architecture a run can use, the standard probes' and the other plugins', each with the package it
 * came from. The planner, the runner, its workers, the conformance kit and every command read this one map.
 */
export interface Registry {
  readonly probes: ReadonlyMap<string, RegisteredProbe>;
  readonly benchmarks: ReadonlyMap<string, RegisteredBenchmark>;
  readonly architectures: ReadonlyMap<string, RegisteredArchitecture>;
  /** Claims by id, in plugin order; each with the benchmark that measures it. */
  readonly claims: ReadonlyMap<string, RegisteredClaim>;
  /** One line per contribution left out: an id another package already registered, a benchmark or claim naming a probe no package has. */
  readonly problems: readonly string[];
}

/**
 * Builds the registry from the plugins in order (the standard probes, `@skipbench/probes`, are a plugin like
 * any other: pass it first). An id taken twice keeps its first owner and the later one is a problem, so a
 * later plugin can never silently replace what an earlier one measures; a benchmark whose probes are not all
 * registered is a problem too.
 */
export function createRegistry(plugins: ReadonlyArray<Plugin | PluginEntry>): Registry {
  const probes = new Map<string, RegisteredProbe>();
  const benchmarks = new Map<string, RegisteredBenchmark>();
  const architectures = new Map<string, RegisteredArchitecture>();
  const problems: string[] = [];

  const entries = plugins.map((p) => ('plugin' in p ? p : { plugin: p }));
  const contributors = entries.map(({ plugin, name, version }) => ({ source: name ?? plugin.name ?? '(unnamed plugin)', version: version ?? plugin.version ?? '0.0.0' }));
  const register = <T extends Contributor>(kind: string, map: Map<string, T>, id: string, entry: T) => {
    const owner = map.get(id);
    if (owner === undefined) map.set(id, entry);
    else problems.push(`${entry.source}: its ${kind} '${id}' is left out, ${owner.source} already has one with that id`);
  };
  entries.forEach(({ plugin }, i) => {
    const by = contributors[i]!;
    for (const probe of plugin.probes ?? []) register('probe', probes, probe.id, { probe, ...by, version: probe.version ?? by.version });
    for (const architecture of plugin.architectures ?? []) register('architecture', architectures, architecture.id, { architecture, ...by, version: architecture.version ?? by.version });
  });
  // Benchmarks after every probe, so a benchmark may use another plugin's probe.
  const offered: Array<{ benchmark: BenchmarkDefinition } & Contributor> = entries.flatMap(({ plugin }, i) => (plugin.benchmarks ?? []).map((benchmark) => ({ benchmark, ...contributors[i]! })));
  for (const entry of offered) {
    const unknown = entry.benchmark.probes.filter((id) => !probes.has(id));
    if (unknown.length > 0) problems.push(`${entry.source}: its benchmark '${entry.benchmark.id}' is left out, no package has the probe ${unknown.map((id) => `'${id}'`).join(', ')}`);
    else register('benchmark', benchmarks, entry.benchmark.id, entry);
  }
  // Claims last, so a claim may name any package's probe and benchmark.
  const claims = new Map<string, RegisteredClaim>();
  const offeredClaims: Array<{ claim: Claim } & Contributor> = entries.flatMap(({ plugin }, i) => (plugin.claims ?? []).map((c) => ({ claim: c, ...contributors[i]! })));
  for (const entry of offeredClaims) {
    const { id, probe, run } = entry.claim;
    const left = `${entry.source}: its claim '${id}' is left out`;
    if (!probes.has(probe)) problems.push(`${left}, no package has the probe '${probe}'`);
    else if (run !== undefined && !benchmarks.has(run.benchmark)) problems.push(`${left}, no package has the benchmark '${run.benchmark}'`);
    else register('claim', claims, id, { ...entry, run: run ?? measuredBy(probe, benchmarks) });
  }
  return { probes, benchmarks, architectures, claims, problems };
}

/** The first benchmark that runs `probe`; a probe in none runs over the depth benchmark's sweep, named alone. */
function measuredBy(probe: string, benchmarks: ReadonlyMap<string, RegisteredBenchmark>): RegisteredClaim['run'] {
  const benchmark = [...benchmarks.values()].find(({ benchmark: b }) => b.probes.includes(probe));
  return benchmark === undefined ? { benchmark: 'depth', probe } : { benchmark: benchmark.benchmark.id };
}
