import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveCases } from '@skipbench/engine';
import { useBundledBinaries } from '@skipbench/backends';
import type { Plugin } from '@skipbench/core';
import { main } from './cli.js';
import { BUNDLE_WORKER_ENV, useBundledPlugins } from './discovery.js';

/**
 * The start of a packed bundle (`skipbench pack`): binaries (wasm, Dawn) beside the bundle file, plugins
 * compiled in, then the CLI as usual (or, in a worker process the runner started, the case worker).
 */
export async function runPacked(plugins: ReadonlyArray<{ plugin: Plugin; packageName: string; version: string }>, bundleUrl: string): Promise<void> {
  const bundle = fileURLToPath(bundleUrl);
  useBundledBinaries(path.dirname(bundle));
  // The runner starts this same bundle as its case workers, with the plugins already compiled in.
  if (process.env[BUNDLE_WORKER_ENV] === '1') return serveCases(plugins.map((p) => p.plugin));
  useBundledPlugins(plugins, bundle);
  process.exitCode = await main(process.argv.slice(2));
}
