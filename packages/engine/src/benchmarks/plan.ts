import { createHash } from 'node:crypto';
import { API_VERSION } from '@skipbench/core';
import { AXES, type AxisTable } from '../axes.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import { expandCases, probesOf } from './plan-cases.js';
import { resolveRequest, unique, type ResolvedRequest } from './plan-request.js';
import type { Plan, PlannedCase, PlanOptions, Shard } from './plan-types.js';

export { defaultPreset } from './plan-request.js';
export type { Plan, PlannedCase, PlanOptions, Shard } from './plan-types.js';

/** The order settings were first hashed in, kept so existing benchmark versions stand; settings added later follow. */
const HASHED_ORDER = ['variants', 'depths', 'batches', 'norms', 'inits', 'width', 'inputSize', 'branchScale', 'probeSettings', 'seed', 'task', 'options'];
const hashedRank = (key: string) => (HASHED_ORDER.includes(key) ? HASHED_ORDER.indexOf(key) : HASHED_ORDER.length);
const inHashedOrder = (settings: Record<string, unknown>) => Object.fromEntries(Object.entries(settings).sort(([a], [b]) => hashedRank(a) - hashedRank(b)));

/** What a plugin contributed, with its package and version: a new release of it is a new benchmark version. */
function contributed(request: ResolvedRequest, ids: readonly string[]) {
  const { registry } = request;
  const of = (entries: Array<[string, { source: string; version: string } | undefined]>) =>
    Object.fromEntries(entries.filter(([, entry]) => entry !== undefined).map(([id, entry]) => [id, `${entry!.source}@${entry!.version}`]));
  const probes = of(unique(ids.flatMap((id) => probesOf(request, id))).map((id) => [id, registry.probes.get(id)]));
  const benchmarks = of(ids.map((id) => [id, registry.benchmarks.get(id)]));
  return Object.keys(probes).length + Object.keys(benchmarks).length === 0 ? {} : { contributed: { probes, benchmarks } };
}

/**
 * Everything that changes the numbers of the benchmarks `ids`: each hashed axis under the option that
 * requests it (null for the preset's or the architecture's own choice, which the preset id and architectures
 * pin down; the branch scale and seed as resolved), the probes' settings, and what the plugins contributed.
 */
function settingsFor(request: ResolvedRequest, ids: readonly string[], axes: AxisTable): Record<string, unknown> {
  const chosen: Record<string, unknown> = { ...request.options, branchScale: request.branchScale, seed: request.seed };
  const hashed = Object.values(axes).filter((axis) => axis.hashed && axis.field !== 'probeSettings');
  const requested = inHashedOrder({ ...Object.fromEntries(hashed.map(({ request: key }) => [key, chosen[key] ?? null])), probeSettings: request.probeSettings });
  // The swept branch scales are hashed only where a benchmark sweeps them, so every other plan keeps its version.
  const sweepsScales = ids.some((id) => request.definitionOf(id).sweep === 'branchScales');
  return {
    schemaVersion: SCHEMA_VERSION,
    apiVersion: API_VERSION,
    benchmarks: ids,
    probes: unique(ids.flatMap((id) => probesOf(request, id))),
    ...contributed(request, ids),
    architectures: request.architectures.map((a) => a.id),
    preset: request.presetId,
    ...requested,
    ...(sweepsScales ? { branchScales: request.branchScales } : {}),
  };
}

const hash = (value: object) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/** The third planning step: the settings and the versions they hash to; the shard is not hashed, so slices merge. */
function version(request: ResolvedRequest, axes: AxisTable) {
  const settings = settingsFor(request, request.benchmarkIds, axes);
  // An `all` run's gradient cases are the cases of a `gradient` run with the same options: same version.
  const components = Object.fromEntries(request.benchmarkIds.map((id) => [id, hash(settingsFor(request, [id], axes))]));
  return { settings, version: hash(settings), components };
}

/** The last planning step: slice `index` of `count` takes every count-th case, so slices take similar time. */
const shardOf = (cases: readonly PlannedCase[], shard: Shard | undefined) => (shard ? cases.filter((c) => c.index % shard.count === shard.index - 1) : [...cases]);

/**
 * Plans a benchmark: resolves the request, expands it into cases (architectures × every swept axis × probes,
 * the axes as `axes` declares them), versions it and takes the shard's slice. Pure: nothing runs.
 */
export function planBenchmark(options: PlanOptions, axes: AxisTable = AXES): Plan {
  const request = resolveRequest(options);
  const cases = expandCases(request, axes);
  const { settings, version: id, components } = version(request, axes);
  const { shard } = options;
  return {
    benchmark: { id: options.benchmark, version: id, components, preset: request.presetId, ...(shard ? { shard } : {}) },
    preset: { ...request.preset, settings: request.probeSettings },
    seed: request.seed,
    cases: shardOf(cases, shard),
    plannedIds: cases.map((c) => c.id),
    settings,
    registry: request.registry,
  };
}
