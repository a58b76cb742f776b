import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../exit.js';
import { familyOf, probeIdOf, writePluginScaffold } from '../scaffold/new-plugin.js';
import { probeClaimId } from '../scaffold/template.js';

/** The packages a plugin's tests and runs need, packed as tarballs; a probe-only plugin also gets a family to run on. */
const PACKED = ['core', 'backends', 'probes', 'engine', 'kit', 'bench-cli'];
const PACKED_PROBE_ONLY = [...PACKED, 'resnet'];
/** Where the printed steps pack the tarballs. */
const TARBALLS = '/tmp/skipbench-tarballs';

/** The skipbench clone this CLI runs from (its packages/bench-cli), or undefined where it is installed. */
export function cloneRoot(): string | undefined {
  // src/commands/ or dist/commands/ → packages/bench-cli → the repository root.
  const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
  return existsSync(path.join(root, 'pnpm-workspace.yaml')) && existsSync(path.join(root, 'packages', 'core', 'package.json')) ? root : undefined;
}

/** A path as a shell word: as it is where that is safe, else single-quoted. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * What to do after `new-plugin`: install the skipbench packages from tarballs (until they are on the npm
 * registry a plain `npm install` fails with E404), build and test, then run. From a clone, the command that
 * packs them there; installed, where the guide says to find them.
 */
export function nextSteps(target: string, family: string, { probeOnly = false, clone }: { probeOnly?: boolean; clone?: string } = {}): string[] {
  const packages = probeOnly ? PACKED_PROBE_ONLY : PACKED;
  const tarballs = clone === undefined ? '/path/to/skipbench-tarballs' : TARBALLS;
  const run = probeOnly
    ? [`npx skipbench run depth --probe ${family} --arch 'resnet.*' --preset quick --out depth.json`, 'npx skipbench scorecard depth.json']
    : [`npx skipbench run gradient --arch '${family}.*' --preset quick`];
  return [
    clone === undefined
      ? `next (until @skipbench is on the npm registry a plain npm install fails with E404: install the tarballs of ${packages.join(', ')}, packed from a clone of skipbench as its docs/authoring-plugins.md shows):`
      : `next (until @skipbench is on the npm registry a plain npm install fails with E404: install tarballs packed from this clone, ${clone}):`,
    ...(clone === undefined ? [] : [`  for p in ${packages.join(' ')}; do (cd ${shellWord(path.join(clone, 'packages'))}/$p && pnpm pack --pack-destination ${TARBALLS}); done`]),
    `  cd ${shellWord(target)} && npm install -D ${tarballs}/*.tgz && npm run build && npm test`,
    ...run.map((line) => `  ${line}`),
  ];
}

export async function newPluginCommand(name: string, options: { dir?: string; probeOnly?: boolean }): Promise<number> {
  const probeOnly = options.probeOnly === true;
  const target = writePluginScaffold(name, options.dir, { probeOnly });
  const relative = path.relative(process.cwd(), target) || '.';
  const family = probeOnly ? probeIdOf(name) : familyOf(name);
  const wrote = probeOnly
    ? `wrote ${relative}: the ${family} probe and the claim ${probeClaimId(family)} (no architecture), its conformance test and a README`
    : `wrote ${relative}: the ${family}.mlp architecture (plain and residual), its conformance test and a README`;
  process.stdout.write([wrote, ...nextSteps(relative, family, { probeOnly, clone: cloneRoot() }), ''].join('\n'));
  return EXIT.ok;
}
