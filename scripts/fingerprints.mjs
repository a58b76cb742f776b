#!/usr/bin/env node
// Keeps "same version" meaning "same numbers": every architecture and probe of the workspace's plugins is
// fingerprinted (a few numbers from a small fixed case on the cpu backend, see @skipbench/kit) and checked
// against the committed fingerprints.json. A fingerprint that moved while its version stayed fails, naming
// it: bump the architecture's or probe's `version` (or its package's, where it has none of its own).
// `--write` takes them all again and rewrites fingerprints.json. Run after the build.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const file = path.join(root, 'fingerprints.json');
const write = process.argv.includes('--write');
const from = (dir) => import(pathToFileURL(path.join(root, dir, 'dist/index.js')).href);
const { createRegistry } = await from('packages/engine');
const { architectureFingerprint, fingerprintProblems, probeFingerprint } = await from('packages/kit');

const plugins = [];
for (const parent of ['packages', 'examples']) {
  for (const entry of readdirSync(path.join(root, parent), { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const dir = path.join(parent, entry.name);
    if (!existsSync(path.join(root, dir, 'package.json'))) continue; // examples/cluster: batch scripts, no package
    const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    if (manifest.skipbench?.apiVersion === undefined) continue;
    plugins.push({ plugin: (await from(dir)).default, name: manifest.name, version: manifest.version });
  }
}
// @skipbench/probes first, as the CLI registers it.
plugins.sort((a, b) => Number(b.name === '@skipbench/probes') - Number(a.name === '@skipbench/probes'));
const registry = createRegistry(plugins);
const architectures = [...registry.architectures.values()].map((entry) => entry.architecture);

const current = { architectures: {}, probes: {} };
for (const [id, { architecture, version }] of registry.architectures) current.architectures[id] = { version, values: await architectureFingerprint(architecture) };
for (const [id, { probe, version }] of registry.probes) current.probes[id] = { version, values: await probeFingerprint(probe, architectures) };

if (write) {
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
  console.log(`fingerprints.json: ${Object.keys(current.architectures).length} architectures, ${Object.keys(current.probes).length} probes`);
} else {
  const problems = fingerprintProblems(JSON.parse(readFileSync(file, 'utf8')), current, 'node scripts/fingerprints.mjs --write');
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(`fingerprints: ${Object.keys(current.architectures).length} architectures and ${Object.keys(current.probes).length} probes as committed`);
}
