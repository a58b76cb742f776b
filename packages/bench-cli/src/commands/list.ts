import { benchmarks, coreProbes, describeOptionRange, listBackends, presets } from '@skipbench/core';
import { discoverPlugins } from '../discovery.js';
import { table } from '../format.js';
import { EXIT } from '../exit.js';

export async function listCommand(options: { json?: boolean }): Promise<number> {
  const discovery = await discoverPlugins(process.cwd());
  const plugins = discovery.plugins.map(({ plugin, packageName, version, source, directory }) => ({
    name: packageName,
    version,
    apiVersion: plugin.apiVersion,
    source,
    directory,
    architectures: plugin.architectures.map((a) => ({
      id: a.id,
      summary: a.summary,
      variants: a.variants,
      norms: a.choices.norm,
      inits: a.choices.init,
      defaults: a.defaults,
      task: a.task,
      options: a.options ?? {},
    })),
    probes: (plugin.probes ?? []).map((p) => ({ id: p.id, summary: p.summary })),
  }));
  const probes = [...coreProbes, ...discovery.plugins.flatMap((p) => p.plugin.probes ?? [])].map((p) => ({
    id: p.id,
    summary: p.summary,
    requires: p.requires,
  }));
  const listing = {
    plugins,
    problems: discovery.problems,
    probes,
    benchmarks: Object.values(benchmarks),
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
      ['name', 'version', 'api', 'found in', 'architectures'],
      plugins.map((p) => [p.name, p.version, String(p.apiVersion), `${p.source} (${p.directory})`, p.architectures.map((a) => a.id).join(', ')]),
    ),
    ...(discovery.problems.length > 0 ? ['', 'Plugins skipped', ...discovery.problems] : []),
    '',
    'Architectures',
    table(
      ['id', 'variants', 'norm', 'init', 'options (default)', 'summary'],
      plugins.flatMap((p) =>
        p.architectures.map((a) => [
          a.id,
          Object.keys(a.variants).join(', '),
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
    table(['id', 'summary'], probes.map((p) => [p.id, p.summary])),
    '',
    'Benchmarks',
    table(['id', 'probes', 'summary'], listing.benchmarks.map((b) => [b.id, b.probes.join(', '), b.summary])),
    '',
    'Presets',
    table(
      ['id', 'depths', 'gradient depths', 'batches', 'summary'],
      Object.entries(presets).map(([id, p]) => [id, p.depths.join(','), p.gradientDepths.join(','), p.batches.join(','), p.summary]),
    ),
    '',
    'Backends',
    table(['id', 'available', 'detail'], listing.backends.map((b) => [b.id, b.available ? 'yes' : 'no', b.detail])),
  ];
  process.stdout.write(`${sections.join('\n')}\n`);
  return EXIT.ok;
}
