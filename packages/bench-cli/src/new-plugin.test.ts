import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { coreDir, kitDir, skipbench } from './test-cli.js';

const typescriptDir = path.dirname(realpathSync(createRequire(import.meta.url).resolve('typescript/package.json')));

describe('skipbench new-plugin', () => {
  it('writes a plugin that builds, passes the conformance kit, is discovered and runs', () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'skipbench-scaffold-'));
    const created = skipbench(['new-plugin', 'skipbench-plugin-gated', '--dir', parent]);
    expect(created.code).toBe(0);
    const dir = path.join(parent, 'skipbench-plugin-gated');
    expect(created.stdout).toContain(`the gated.mlp architecture (plain and residual)`);
    // Stand-ins for `npm install`: the workspace's core, kit and TypeScript.
    mkdirSync(path.join(dir, 'node_modules', '@skipbench'), { recursive: true });
    symlinkSync(coreDir, path.join(dir, 'node_modules', '@skipbench', 'core'), 'dir');
    symlinkSync(kitDir, path.join(dir, 'node_modules', '@skipbench', 'kit'), 'dir');
    symlinkSync(typescriptDir, path.join(dir, 'node_modules', 'typescript'), 'dir');

    const build = spawnSync(process.execPath, [path.join(typescriptDir, 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
    const test = spawnSync(process.execPath, ['--test', 'test/'], { cwd: dir, encoding: 'utf8' });
    expect(test.stdout).toMatch(/# pass 1\n# fail 0/);

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

  it.each([
    [['new-plugin', 'Bad Name'], "skipbench: Expected an npm package name (lower case, e.g. skipbench-plugin-highway or @me/skipbench-gated), but got 'Bad Name'."],
    [['new-plugin', 'skipbench-plugin-x', '--dir', '/no/such/dir'], "skipbench: Folder '/no/such/dir' does not exist; create it or choose another --dir."],
  ])('%j is refused in one line', (args, message) => {
    const { code, stderr } = skipbench(args);
    expect(code).toBe(2);
    expect(stderr).toBe(`${message}\n`);
  });
});
