import { describeOptionRange, spellName, type MeasurementNames, type NameSpec, type Probe } from '@skipbench/core';
import { listBackends } from '@skipbench/backends';
import { presets } from '@skipbench/engine';
import { loadRegistry } from '../registry.js';
import { table } from '../format.js';
import { EXIT } from '../exit.js';

/**
 * A probe's metrics and series with their units (`null`: given with each value, as a declaration without
 * units leaves them all), and its labels; empty where it declares no `names`.
 */
function namesOf(names: MeasurementNames | undefined): { metrics: Record<string, string | null>; series: Record<string, string | null>; labels: string[] } {
  const unitless = (group: Readonly<Record<string, NameSpec>> | undefined) => Object.fromEntries(Object.values(group ?? {}).map((spec) => [spellName(spec), null]));
  return {
    metrics: { ...(names?.units?.metrics ?? unitless(names?.metrics)) },
    series: { ...(names?.units?.series ?? unitless(names?.series)) },
    labels: Object.values(names?.labels ?? {}).map(spellName),
  };
}

/** `norm-first (1), log10-norm-growth (log10)`; a unit given with each value shows as such. */
const withUnits = (group: Record<string, string | null>) => Object.entries(group).map(([name, unit]) => `${name} (${unit ?? 'unit per value'})`).join(', ');

/** One line per probe: its metrics, series and labels, with units. */
function namesLine(probe: Pick<Probe, 'id'> & ReturnType<typeof namesOf>): string {
  const parts = [
    ...(Object.keys(probe.metrics).length > 0 ? [`metrics ${withUnits(probe.metrics)}`] : []),
    ...(Object.keys(probe.series).length > 0 ? [`series ${withUnits(probe.series)}`] : []),
    ...(probe.labels.length > 0 ? [`labels ${probe.labels.join(', ')}`] : []),
  ];
  return `  ${probe.id}: ${parts.length > 0 ? parts.join('; ') : 'no names declared'}`;
}

export async function listCommand(options: { json?: boolean }): Promise<number> {
  const { discovery, registry, problems } = await loadRegistry();
  const plugins = discovery.plugins.map(({ plugin, packageName, version, source, directory }) => ({
    name: packageName,
    version,
    apiVersion: plugin.apiVersion,
    source,
    directory,
    architectures: (plugin.architectures ?? []).map((a) => ({
      id: a.id,
      summary: a.summary,
      variants: a.variants,
      norms: a.choices.norm,
      inits: a.choices.init,
      defaults: a.defaults,
      task: a.task,
      options: a.options ?? {},
    })),
    probes: (plugin.probes ?? []).map((p) => p.id),
    benchmarks: (plugin.benchmarks ?? []).map((b) => b.id),
    claims: (plugin.claims ?? []).map((c) => c.id),
  }));
  const probes = [...registry.probes.values()].map(({ probe, source, version }) => ({ id: probe.id, summary: probe.summary, requires: probe.requires, source, version, ...namesOf(probe.names) }));
  // The claims the registry kept (a claim naming a probe or benchmark no package has is under problems).
  const claims = [...registry.claims.values()].map(({ claim, source, version, run }) => ({ id: claim.id, probe: claim.probe, statement: claim.statement, source, version, run }));
  const listing = {
    plugins,
    problems,
    probes,
    benchmarks: [...registry.benchmarks.values()].map(({ benchmark, source, version }) => ({ ...benchmark, source, version })),
    claims,
    presets,
    backends: await listBackends(),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return EXIT.ok;
  }
  const sections = [
    'Plugins',
    table(
      ['name', 'version', 'api', 'found in', 'contributes'],
      plugins.map((p) => [
        p.name,
        p.version,
        String(p.apiVersion),
        `${p.source} (${p.directory})`,
        [...p.architectures.map((a) => a.id), ...p.probes.map((id) => `probe ${id}`), ...p.benchmarks.map((id) => `benchmark ${id}`), ...(p.claims.length === 0 ? [] : [`${p.claims.length} ${p.claims.length === 1 ? 'claim' : 'claims'}`])].join(', '),
      ]),
    ),
    ...(problems.length > 0 ? ['', 'Left out', ...problems] : []),
    '',
    'Architectures',
    table(
      ['id', 'variants (skips)', 'norm', 'init', 'options (default)', 'summary'],
      plugins.flatMap((p) =>
        p.architectures.map((a) => [
          a.id,
          Object.entries(a.variants)
            .map(([name, { skips, ablates }]) => `${name} (${skips.join(' and ')}${ablates ? `, ablates ${ablates.join(' and ')}` : ''})`)
            .join(', '),
          a.norms.join(', '),
          a.inits.join(', '),
          Object.entries(a.options).map(([name, option]) => `${name} (${option.default})`).join(', '),
          a.summary,
        ]),
      ),
    ),
    ...plugins.flatMap((p) => p.architectures.flatMap((a) => Object.entries(a.options).map(([name, option]) => `  ${a.id} --option ${name}: ${option.summary}; accepts ${describeOptionRange(option)}`))),
    '',
    'Probes',
    table(['id', 'from', 'summary'], probes.map((p) => [p.id, p.source, p.summary])),
    '',
    'What each probe writes, with units (a family of names with * for each argument)',
    ...probes.map(namesLine),
    '',
    'Benchmarks',
    table(['id', 'probes', 'from', 'summary'], listing.benchmarks.map((b) => [b.id, b.probes.join(', '), b.source, b.summary])),
    '',
    'Claims',
    table(['id', 'probe', 'from', 'statement'], claims.map((c) => [c.id, c.probe, c.source, c.statement])),
    '',
    'Presets',
    table(
      ['id', 'seeds', 'depths', 'gradient depths', 'batches', 'branch scales', 'summary'],
      Object.entries(presets).map(([id, p]) => [id, String(p.seeds), p.depths.join(','), p.gradientDepths.join(','), p.batches.join(','), p.branchScales.join(','), p.summary]),
    ),
    '',
    'Backends',
    table(['id', 'available', 'detail'], listing.backends.map((b) => [b.id, b.available ? 'yes' : 'no', b.detail])),
  ];
  process.stdout.write(`${sections.join('\n')}\n`);
  return EXIT.ok;
}
