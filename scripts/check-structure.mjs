#!/usr/bin/env node
// The structure CI holds the packages to (run after the build):
// 1. @skipbench/core's runtime exports are exactly the committed list (packages/core/exports.txt), at most
//    80, and each is used outside core: by another package's source or tests, or in the authoring guide.
// 2. No runtime import cycle: among the source files of each package (type-only imports aside), and among
//    the packages themselves (dependencies and devDependencies).
// 3. Core imports no other skipbench package and depends on none.
// `--write` rewrites the committed export list from the build. Exit 1 with one line per problem.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const MAX_CORE_EXPORTS = 80;
const problems = [];

// A folder without package.json (examples/cluster: batch scripts) is no package.
const packageDirs = ['packages', 'examples'].flatMap((parent) =>
  readdirSync(path.join(root, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, parent, entry.name, 'package.json')))
    .map((entry) => path.join(root, parent, entry.name)),
);
const manifest = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
const isTest = (file) => file.endsWith('.test.ts');

/** Runtime imports of a file: `import … from` and `export … from`, less `import type` / `export type`. */
function runtimeImports(text) {
  const found = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) if (match[1] === undefined) found.push(match[2]);
  for (const match of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(match[1]);
  return found;
}

// 1. Core's exports.
const core = path.join(root, 'packages/core');
const exportsFile = path.join(core, 'exports.txt');
const coreModule = await import(pathToFileURL(path.join(core, 'dist/index.js')).href);
const exported = Object.keys(coreModule).sort();
if (process.argv.includes('--write')) writeFileSync(exportsFile, `${exported.join('\n')}\n`);
const committed = readFileSync(exportsFile, 'utf8').split('\n').filter(Boolean);
const added = exported.filter((name) => !committed.includes(name));
const removed = committed.filter((name) => !exported.includes(name));
if (added.length + removed.length > 0) problems.push(`@skipbench/core's runtime exports differ from packages/core/exports.txt: added ${added.join(', ') || 'none'}; removed ${removed.join(', ') || 'none'} (run node scripts/check-structure.mjs --write after deciding)`);
if (exported.length > MAX_CORE_EXPORTS) problems.push(`@skipbench/core has ${exported.length} runtime exports, more than ${MAX_CORE_EXPORTS}`);
const outside = [
  ...packageDirs.filter((dir) => dir !== core).flatMap((dir) => sourceFiles(path.join(dir, 'src'))),
  path.join(root, 'docs/authoring-plugins.md'),
].map((file) => readFileSync(file, 'utf8'));
const unused = exported.filter((name) => !outside.some((text) => new RegExp(`\\b${name}\\b`).test(text)));
if (unused.length > 0) problems.push(`@skipbench/core exports what no other package and not the authoring guide uses: ${unused.join(', ')}`);

// 2. Cycles, by depth-first search over a graph given as node -> neighbours.
function cycles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}
const names = new Map(packageDirs.map((dir) => [manifest(dir).name, dir]));
for (const dir of packageDirs) {
  const files = sourceFiles(path.join(dir, 'src')).filter((file) => !isTest(file));
  const graph = new Map(
    files.map((file) => [
      file,
      runtimeImports(readFileSync(file, 'utf8'))
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts')),
    ]),
  );
  for (const cycle of cycles(graph)) problems.push(`runtime import cycle in ${path.relative(root, dir)}: ${cycle.map((file) => path.relative(dir, file)).join(' -> ')}`);
}
const packageGraph = new Map(
  [...names].map(([name, dir]) => {
    const { dependencies = {}, devDependencies = {}, peerDependencies = {} } = manifest(dir);
    return [name, Object.keys({ ...dependencies, ...devDependencies, ...peerDependencies }).filter((dep) => names.has(dep) && dep !== name)];
  }),
);
for (const cycle of cycles(packageGraph)) problems.push(`package dependency cycle: ${cycle.join(' -> ')}`);

// 3. Core stands alone.
const coreName = manifest(core).name;
for (const file of sourceFiles(path.join(core, 'src'))) {
  for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
    if (spec.startsWith('@skipbench/') && !spec.startsWith(`${coreName}/`) && spec !== coreName) problems.push(`${path.relative(root, file)} imports ${spec}: core imports no other skipbench package`);
  }
}
for (const dep of packageGraph.get(coreName) ?? []) problems.push(`@skipbench/core depends on ${dep}: core depends on no other skipbench package`);

for (const problem of problems) process.stderr.write(`${problem}\n`);
process.stdout.write(`structure: core exports ${exported.length} names (at most ${MAX_CORE_EXPORTS}); ${problems.length} problem(s)\n`);
process.exit(problems.length === 0 ? 0 : 1);
