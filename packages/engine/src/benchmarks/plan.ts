import { createHash } from 'node:crypto';
import { API_VERSION, type Architecture } from '@skipbench/core';
import { AXES, type AxisTable } from '../axes.js';
import { SCHEMA_VERSION, type RecordedSources } from '../results/schema.js';
import { expandCases, probesOf } from './plan-cases.js';
import { resolveRequest, unique, type ResolvedRequest } from './plan-request.js';
import type { Plan, PlannedCase, PlanOptions, Shard } from './plan-types.js';

export { defaultPreset, seedRange } from './plan-request.js';
export type { Plan, PlannedCase, PlanOptions, Shard } from './plan-types.js';

/**
 * Everything besides the code that changes the numbers of the benchmarks `ids`: what each benchmark runs
 * (its probes, its sweep and the preset's values of it), the preset's probe settings, and each hashed axis
 * the request sets, under the option that sets it (an axis left to the preset or the architecture is pinned
 * by them; the branch scale as resolved). The seed is not hashed: runs at other seeds are replicates.
 */
function settingsFor(request: ResolvedRequest, ids: readonly string[], axes: AxisTable): Record<string, unknown> {
  const chosen: Record<string, unknown> = { ...request.options, branchScale: request.branchScale };
  const hashed = Object.values(axes).filter((axis) => axis.hashed && axis.field !== 'probeSettings');
  const requested = Object.fromEntries(hashed.flatMap(({ request: key }) => (chosen[key] === undefined ? [] : [[key, chosen[key]]])));
  const benchmarks = Object.fromEntries(
    ids.map((id) => {
      const { sweep, sweepRegimes } = request.definitionOf(id);
      const values = sweep === 'branchScales' ? request.branchScales : request.preset[sweep];
      return [id, { probes: probesOf(request, id), sweep, sweepRegimes, values }];
    }),
  );
  return { schemaVersion: SCHEMA_VERSION, apiVersion: API_VERSION, benchmarks, preset: request.presetId, ...requested, probeSettings: request.probeSettings };
}

const hash = (value: object) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/** An architecture's variant declarations as results record them: each variant's skips and ablations, not its summary. */
export const recordedVariants = (architecture: Architecture): RecordedSources['architectures'][string]['variants'] =>
  Object.fromEntries(Object.entries(architecture.variants).map(([name, { skips, ablates }]) => [name, { skips: [...skips], ...(ablates ? { ablates: [...ablates] } : {}) }]));

/** The code the cases run: each architecture (with its variants' declarations) and each probe that has a case. */
function sourcesOf({ registry }: ResolvedRequest, cases: readonly PlannedCase[]): RecordedSources {
  const sourceOf = (entry: { source: string; version: string } | undefined, own?: string) => ({ package: entry?.source ?? '(not registered)', version: entry?.version ?? own ?? '0.0.0' });
  return {
    architectures: Object.fromEntries(unique(cases.map((c) => c.architecture)).map((a) => [a.id, { ...sourceOf(registry.architectures.get(a.id), a.version), variants: recordedVariants(a) }])),
    probes: Object.fromEntries(unique(cases.map((c) => c.probe)).sort().map((id) => [id, sourceOf(registry.probes.get(id))])),
  };
}

/** What a version hashes of the sources: each package and version, not the declarations, which change no number. */
const codeOf = ({ architectures, probes }: RecordedSources) => {
  const spelled = (entries: Record<string, { package: string; version: string }>) => Object.fromEntries(Object.entries(entries).map(([id, { package: name, version }]) => [id, `${name}@${version}`]));
  return { architectures: spelled(architectures), probes: spelled(probes) };
};

/**
 * The third planning step: the settings, the sources and the versions they hash to. The shard is not
 * hashed, so slices merge; nor is the seed, so replicates pool.
 */
function version(request: ResolvedRequest, axes: AxisTable, cases: readonly PlannedCase[]) {
  const settings = settingsFor(request, request.benchmarkIds, axes);
  const sources = sourcesOf(request, cases);
  // An `all` run's gradient cases are the cases of a `gradient` run with the same options: same version.
  const componentOf = (id: string) => hash({ ...settingsFor(request, [id], axes), code: codeOf(sourcesOf(request, cases.filter((c) => c.benchmark === id))) });
  const components = Object.fromEntries(request.benchmarkIds.map((id) => [id, componentOf(id)]));
  return { settings, sources, version: hash({ ...settings, code: codeOf(sources) }), components };
}

/** The last planning step: slice `index` of `count` takes every count-th case, so slices take similar time. */
const shardOf = (cases: readonly PlannedCase[], shard: Shard | undefined) => (shard ? cases.filter((_, position) => position % shard.count === shard.index - 1) : [...cases]);

/**
 * Plans a benchmark: resolves the request, expands it into cases (architectures × every swept axis × probes,
 * the axes as `axes` declares them), versions it and takes the shard's slice. Pure: nothing runs.
 */
export function planBenchmark(options: PlanOptions, axes: AxisTable = AXES): Plan {
  const request = resolveRequest(options);
  const cases = expandCases(request, axes);
  const { settings, sources, version: id, components } = version(request, axes, cases);
  const { shard } = options;
  return {
    benchmark: { id: options.benchmark, version: id, components, preset: request.presetId, ...(shard ? { shard } : {}) },
    preset: { ...request.preset, settings: request.probeSettings },
    seeds: [...request.seeds],
    cases: shardOf(cases, shard),
    plannedIds: cases.map((c) => c.id),
    settings,
    sources,
    registry: request.registry,
  };
}
