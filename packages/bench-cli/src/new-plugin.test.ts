import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { nextSteps } from './commands/new-plugin.js';
import { coreDir, fixtureProject, kitDir, packageDir, skipbench } from './test-cli.js';

const typescriptDir = path.dirname(realpathSync(createRequire(import.meta.url).resolve('typescript/package.json')));
/** The clone these tests run the CLI from. */
const clone = path.resolve(packageDir, '..', '..');

/** Stand-ins for installing the packed tarballs: the workspace's core, kit and TypeScript (and the packages named). */
function installStandIns(dir: string, more: Record<string, string> = {}): void {
  mkdirSync(path.join(dir, 'node_modules', '@skipbench'), { recursive: true });
  for (const [name, target] of Object.entries({ '@skipbench/core': coreDir, '@skipbench/kit': kitDir, typescript: typescriptDir, ...more })) {
    symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
  }
}

/** Builds the generated package with its own tsconfig and runs its tests as `npm run build && npm test` would. */
function buildAndTest(dir: string) {
  const build = spawnSync(process.execPath, [path.join(typescriptDir, 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  const test = spawnSync(process.execPath, ['--test', 'test/'], { cwd: dir, encoding: 'utf8' });
  return { build: { status: build.status, output: build.stdout + build.stderr }, test: test.stdout };
}

describe('skipbench new-plugin', () => {
  it('writes a plugin that builds, passes the conformance kit, is discovered and runs', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'skipbench-scaffold-'));
    const created = skipbench(['new-plugin', 'skipbench-plugin-gated', '--dir', parent]);
    expect(created.code).toBe(0);
    const dir = path.join(parent, 'skipbench-plugin-gated');
    const relative = path.relative(fixtureProject(), dir);
    // Run from this clone: the steps pack its packages, since npm install fails with E404 before they are published.
    expect(created.stdout).toBe(
      [
        `wrote ${relative}: the gated.mlp architecture (plain and residual), its conformance test and a README`,
        `next (until @skipbench is on the npm registry a plain npm install fails with E404: install tarballs packed from this clone, ${clone}):`,
        `  for p in core backends probes engine kit bench-cli; do (cd ${clone}/packages/$p && pnpm pack --pack-destination /tmp/skipbench-tarballs); done`,
        `  cd ${relative} && npm install -D /tmp/skipbench-tarballs/*.tgz && npm run build && npm test`,
        "  npx skipbench run gradient --arch 'gated.*' --preset quick",
        '',
      ].join('\n'),
    );
    installStandIns(dir);

    const { build, test } = buildAndTest(dir);
    expect(build).toEqual({ status: 0, output: '' });
    expect(test).toMatch(/# pass 1\n# fail 0/);

    const listed = JSON.parse(skipbench(['list', '--json'], dir).stdout) as { plugins: Array<{ name: string; source: string; architectures: Array<{ id: string }> }> };
    expect(listed.plugins.map((p) => [p.name, p.source, p.architectures.map((a) => a.id)])).toEqual([
      ['@skipbench/probes', 'node_modules', []],
      ['skipbench-plugin-gated', 'project', ['gated.mlp']],
    ]);
    const run = skipbench(['run', 'gradient', '--arch', 'gated.*', '--preset', 'quick', '--out', 'gradient.json'], dir);
    expect(run.code).toBe(0);
    const document = parseResults(readFileSync(path.join(dir, 'gradient.json'), 'utf8'));
    // 2 variants × 2 norms × 2 inits × 2 quick gradient depths
    expect(document.cases.filter((c) => c.status === 'ok')).toHaveLength(16);
  });

  it('--probe-only writes a probe and a claim that build, pass the conformance kit, are listed and run on an installed family', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'skipbench-scaffold-'));
    const created = skipbench(['new-plugin', '@me/skipbench-stream-norm', '--probe-only', '--dir', parent]);
    expect(created.code).toBe(0);
    const dir = path.join(parent, 'skipbench-stream-norm');
    const relative = path.relative(fixtureProject(), dir);
    // resnet is packed too: a probe-only plugin needs a family to run on.
    expect(created.stdout).toBe(
      [
        `wrote ${relative}: the stream-norm probe and the claim stream-norm-scale-kept (no architecture), its conformance test and a README`,
        `next (until @skipbench is on the npm registry a plain npm install fails with E404: install tarballs packed from this clone, ${clone}):`,
        `  for p in core backends probes engine kit bench-cli resnet; do (cd ${clone}/packages/$p && pnpm pack --pack-destination /tmp/skipbench-tarballs); done`,
        `  cd ${relative} && npm install -D /tmp/skipbench-tarballs/*.tgz && npm run build && npm test`,
        "  npx skipbench run depth --probe stream-norm --arch 'resnet.*' --preset quick --out depth.json",
        '  npx skipbench scorecard depth.json',
        '',
      ].join('\n'),
    );
    expect(readdirSync(path.join(dir, 'src'))).toEqual(['index.ts']);
    expect(readdirSync(path.join(dir, 'test'))).toEqual(['conformance.test.js']);
    installStandIns(dir);

    const { build, test } = buildAndTest(dir);
    expect(build).toEqual({ status: 0, output: '' });
    // The kit runs the plugin's probe on core's test architectures: a probe that threw would fail it.
    expect(test).toMatch(/# pass 1\n# fail 0/);

    type Listing = { plugins: Array<{ name: string; source: string; architectures: unknown[]; probes: string[]; claims: string[] }>; claims: Array<{ id: string; probe: string; source: string; run: object }> };
    const listed = JSON.parse(skipbench(['list', '--json'], dir).stdout) as Listing;
    expect(listed.plugins.map((p) => [p.name, p.source, p.architectures, p.probes, p.claims.filter((id) => id.startsWith('stream-norm'))])).toEqual([
      ['@skipbench/probes', 'node_modules', [], expect.arrayContaining(['gradient-profile']), []],
      ['@me/skipbench-stream-norm', 'project', [], ['stream-norm'], ['stream-norm-scale-kept']],
    ]);
    // No benchmark lists the probe: the claim is measured by depth with --probe.
    expect(listed.claims.find((c) => c.id === 'stream-norm-scale-kept')).toMatchObject({ probe: 'stream-norm', source: '@me/skipbench-stream-norm', run: { benchmark: 'depth', probe: 'stream-norm' } });

    // With a family installed (resnet, as the printed steps pack it), the probe runs on it and the scorecard decides the claim.
    symlinkSync(path.resolve(packageDir, '..', 'resnet'), path.join(dir, 'node_modules', '@skipbench', 'resnet'), 'dir');
    const run = skipbench(['run', 'depth', '--probe', 'stream-norm', '--arch', 'resnet.mlp', '--depths', '2', '--out', 'depth.json'], dir);
    // Progress only: no plugin left out, nothing refused.
    expect(run.stderr).not.toContain('skipbench:');
    expect(run.code).toBe(0);
    const document = parseResults(readFileSync(path.join(dir, 'depth.json'), 'utf8'));
    expect(document.cases.map((c) => [c.variant, c.status, c.series['stream-rms']?.length, Number.isFinite(c.metrics['log10-rms-growth'])])).toEqual([
      ['plain', 'ok', 3, true],
      ['residual', 'ok', 3, true],
    ]);
    const card = skipbench(['scorecard', 'depth.json'], dir);
    expect(card.code).toBe(0);
    expect(card.stdout).toMatch(/^stream-norm-scale-kept \(@me\/skipbench-stream-norm\)\n {2}Skip connections keep the stream's scale: .*\n {2}rule: stream-norm: .*\n\n {2}resnet: (held|not held) \(1 seed, no interval\)\n/m);
  });

  it('tells an author who installed skipbench (no clone) to install the tarballs it was packed into', () => {
    expect(nextSteps('skipbench-plugin-gated', 'gated')).toEqual([
      'next (until @skipbench is on the npm registry a plain npm install fails with E404: install the tarballs of core, backends, probes, engine, kit, bench-cli, packed from a clone of skipbench as its docs/authoring-plugins.md shows):',
      '  cd skipbench-plugin-gated && npm install -D /path/to/skipbench-tarballs/*.tgz && npm run build && npm test',
      "  npx skipbench run gradient --arch 'gated.*' --preset quick",
    ]);
    expect(nextSteps('my plugins/x', 'x', { probeOnly: true, clone: "/home/o'neil/skipbench" }).slice(1, 3)).toEqual([
      `  for p in core backends probes engine kit bench-cli resnet; do (cd '/home/o'\\''neil/skipbench/packages'/$p && pnpm pack --pack-destination /tmp/skipbench-tarballs); done`,
      "  cd 'my plugins/x' && npm install -D /tmp/skipbench-tarballs/*.tgz && npm run build && npm test",
    ]);
  });

  it.each([
    [['new-plugin', 'Bad Name'], "skipbench: Expected an npm package name (lower case, e.g. skipbench-plugin-highway or @me/skipbench-gated), but got 'Bad Name'."],
    [['new-plugin', 'skipbench-plugin-x', '--dir', '/no/such/dir'], "skipbench: Folder '/no/such/dir' does not exist; create it or choose another --dir."],
    [['new-plugin', 'skipbench-plugin-9x', '--probe-only'], "skipbench: Cannot derive a probe id from 'skipbench-plugin-9x'; name it like skipbench-plugin-<probe>."],
  ])('%j is refused in one line', (args, message) => {
    const { code, stderr } = skipbench(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`${message}\n`);
  });
});
