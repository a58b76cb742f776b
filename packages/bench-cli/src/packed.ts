import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBundledBinaries, type Plugin } from '@skipbench/core';
import { main } from './cli.js';
import { useBundledPlugins } from './discovery.js';

/**
 * The start of a packed bundle (`skipbench pack`): binaries (wasm, Dawn) beside the bundle file, plugins
 * compiled in, then the CLI as usual.
 */
export async function runPacked(plugins: ReadonlyArray<{ plugin: Plugin; packageName: string; version: string }>, bundleUrl: string): Promise<void> {
  const directory = path.dirname(fileURLToPath(bundleUrl));
  useBundledBinaries(directory);
  useBundledPlugins(plugins, directory);
  process.exitCode = await main(process.argv.slice(2));
}
