import { type Architecture, type Capabilities, type ModelConfig, OPT_IN_CAPABILITIES, optionProblem, UsageError } from '@skipbench/core';
import { AXES, recordedInConfig, replicateId, type AxisSpec, type AxisTable, type Sweep, type SweepContext } from '../axes.js';
import type { PlannedCase } from './plan-types.js';
import { unique, type ResolvedRequest } from './plan-request.js';
import { samplesFor } from './run-case.js';

/** Whether models of `architecture` may have `capability`, from what it declares. */
const declaredPossible = (architecture: Architecture, capability: keyof Capabilities) =>
  (OPT_IN_CAPABILITIES as readonly string[]).includes(capability) ? architecture.capabilities?.[capability] === true : architecture.capabilities?.[capability] !== false;

/** An axis with no sweep of its own: the request's values (a list is swept, named in the id), or unset. */
function genericSweep(axis: AxisSpec, rank: number): Sweep {
  return {
    rank,
    values: ({ request }) => {
      const asked = request[axis.request];
      return asked === undefined ? [undefined] : axis.takes === 'list' ? (asked as readonly unknown[]) : [asked];
    },
    idPart: (value) => (axis.takes === 'list' && value !== undefined ? [`${axis.field}=${value}`] : []),
  };
}

/** The axes a case's config and batch come from, with their sweeps, in expansion order (replicates apart). */
function sweptAxes(axes: AxisTable): Array<{ axis: AxisSpec; sweep: Sweep }> {
  return Object.values(axes)
    .filter((axis) => axis.field !== 'probeSettings' && !axis.replicates)
    .map((axis, i) => ({ axis, sweep: axis.sweep ?? genericSweep(axis, 100 + i) }))
    .sort((a, b) => a.sweep.rank - b.sweep.rank);
}

/** Every assignment of values to the swept axes, in order, each with its id parts. */
function assignments(swept: ReturnType<typeof sweptAxes>, context: SweepContext): Array<{ values: Map<AxisSpec, unknown>; idParts: string[] }> {
  return swept.reduce<Array<{ values: Map<AxisSpec, unknown>; idParts: string[] }>>(
    (partial, { axis, sweep }) =>
      partial.flatMap(({ values, idParts }) =>
        sweep.values(context).map((value) => ({ values: new Map(values).set(axis, value), idParts: [...idParts, ...sweep.idPart(value, context)] })),
      ),
    [{ values: new Map(), idParts: [] }],
  );
}

/** A case's config from its assignment, in the order the table declares the fields; unset fields left out. */
function configOf(values: ReadonlyMap<AxisSpec, unknown>, axes: AxisTable): ModelConfig {
  const config: Record<string, unknown> = {};
  for (const axis of Object.values(axes)) {
    const value = values.get(axis);
    if (recordedInConfig(axis) && value !== undefined) config[axis.field] = value;
  }
  return config as unknown as ModelConfig;
}

/** The probes of `benchmark` worth running on `architecture`: those it can answer with more than `not-applicable`. */
function probesFor(request: ResolvedRequest, benchmark: string, architecture: Architecture): string[] {
  const { registry, options } = request;
  const caseTask = options.task ?? architecture.task.id;
  return probesOf(request, benchmark).filter((id) => {
    const { requires, task } = registry.probes.get(id)!.probe;
    return requires.every((c) => declaredPossible(architecture, c)) && (task ?? caseTask) === caseTask;
  });
}

/** The probes a benchmark runs: its own (those named, when some are) and the named ones from elsewhere. */
export const probesOf = ({ options, definitionOf, elsewhere }: ResolvedRequest, benchmark: string) => [
  ...definitionOf(benchmark).probes.filter((p) => options.probeIds?.includes(p) ?? true),
  ...elsewhere,
];

/**
 * The second planning step: the replicate axis's values (the seeds) × benchmarks × architectures × every
 * swept axis × probes, in plan order. A case keeps its index at every seed, which its id names; a timed case
 * runs at the first seed only.
 */
export function expandCases(request: ResolvedRequest, axes: AxisTable = AXES): PlannedCase[] {
  const replicate = Object.values(axes).find((axis) => axis.replicates);
  if (replicate === undefined) return expandOneReplicate(request, axes);
  const timed = (c: PlannedCase) => request.registry.probes.get(c.probe)!.probe.timed === true;
  // Expanded once: a replicate differs only in its value, which keeps its place in the config.
  const once = expandOneReplicate(request, axes, { axis: replicate, value: request.seeds[0] });
  return request.seeds.flatMap((seed, i) =>
    once.filter((c) => i === 0 || !timed(c)).map((c) => ({ ...c, id: replicateId(c.id, seed, replicate), config: { ...c.config, [replicate.field]: seed } })),
  );
}

/** Every case of one replicate: benchmarks × architectures × every swept axis × probes, in plan order. */
function expandOneReplicate(request: ResolvedRequest, axes: AxisTable, replicate?: { axis: AxisSpec; value: unknown }): PlannedCase[] {
  const cases: PlannedCase[] = [];
  const swept = sweptAxes(axes);
  for (const benchmark of request.benchmarkIds) {
    for (const architecture of request.architectures) {
      const context: SweepContext = { request: { ...request.options }, benchmark: request.definitionOf(benchmark), architecture, preset: request.preset, branchScales: request.branchScales };
      const probes = probesFor(request, benchmark, architecture);
      for (const { values, idParts } of assignments(swept, context)) {
        const config = configOf(replicate === undefined ? values : new Map(values).set(replicate.axis, replicate.value), axes);
        // What depends on the case (levels at most the depth): refused up front, never capped at build.
        for (const [name, value] of Object.entries(config.options ?? {})) {
          const problem = optionProblem(architecture, name, value, config);
          if (problem !== undefined) throw new UsageError(problem);
        }
        const batch = values.get(axes['batch']!) as number;
        for (const probe of probes) {
          const samples = samplesFor(request.registry.probes.get(probe)!.probe, batch);
          cases.push({ id: [benchmark, architecture.id, ...idParts, probe].join('/'), index: cases.length, benchmark, architecture, probe, batch, samples, config });
        }
      }
    }
  }
  if (cases.length === 0) throw noCase(request);
  return cases;
}

/** Why a request planned no case: what its probes need that no selected architecture declares or runs. */
function noCase(request: ResolvedRequest): UsageError {
  const { registry, benchmarkIds, architectures, options } = request;
  const probes = benchmarkIds.flatMap((id) => probesOf(request, id)).map((id) => registry.probes.get(id)!.probe);
  const missing = unique(probes.flatMap((p) => [...p.requires])).filter((c) => architectures.every((a) => !declaredPossible(a, c)));
  const tasks = unique(probes.flatMap((p) => p.task ?? []));
  const selected = architectures.map((a) => a.id).join(', ');
  if (missing.length === 0 && tasks.length > 0) {
    return new UsageError(`No case to run: the probes of ${options.benchmark} read the task ${tasks.map((t) => `'${t}'`).join(' or ')}, which no selected architecture (${selected}) runs.`);
  }
  return new UsageError(`No case to run: the probes of ${options.benchmark} need ${missing.join(' or ')}, and no selected architecture (${selected}) declares it.`);
}
