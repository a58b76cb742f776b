import { createRegistry, type Registry } from '@skipbench/engine';
import { discoverPlugins, type Discovery } from './discovery.js';

export interface LoadedRegistry {
  discovery: Discovery;
  registry: Registry;
  /** Discovery's problems and the registry's, one line each. */
  problems: string[];
}

/** Discovers the plugins around `cwd` and registers what they contribute beside core's probes and benchmarks. */
export async function loadRegistry(cwd = process.cwd()): Promise<LoadedRegistry> {
  const discovery = await discoverPlugins(cwd);
  const registry = createRegistry(discovery.plugins.map(({ plugin, packageName, version }) => ({ plugin, name: packageName, version })));
  return { discovery, registry, problems: [...discovery.problems, ...registry.problems] };
}

/** Every benchmark id a results file may hold: core's and the discovered plugins'. */
export const benchmarkIds = (registry: Registry) => [...registry.benchmarks.keys()];

/** Writes each problem as a `skipbench: plugin …` line on stderr; the command goes on without what was left out. */
export function reportProblems({ problems }: LoadedRegistry): void {
  for (const problem of problems) process.stderr.write(`skipbench: plugin ${problem}\n`);
}
