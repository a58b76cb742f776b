import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateResults } from '@skipbench/engine';
import { skipbench, workspace } from './test-cli.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'skipbench-pack-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the packed start script from `cwd`, with nothing but the folder itself to load from. */
function packed(folder: string, args: string[], cwd: string) {
  const result = spawnSync(path.join(folder, 'skipbench'), args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('skipbench pack', () => {
  // Packs the workspace's @skipbench/resnet as published: its bundle, its dependencies and the backends' binaries.
  it('makes a folder that, copied elsewhere with no node_modules around it, lists its plugins and runs a benchmark', () => {
    const out = path.join(scratch, 'built');
    const made = skipbench(['pack', '--out', out, '--arch', 'resnet.*'], workspace);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);

    const copy = path.join(scratch, 'elsewhere', 'skipbench');
    cpSync(out, copy, { recursive: true });
    rmSync(out, { recursive: true });
    for (let dir = copy; ; dir = path.dirname(dir)) {
      expect(existsSync(path.join(dir, 'node_modules')), `${dir}/node_modules would let the bundle load from an install`).toBe(false);
      if (path.dirname(dir) === dir) break;
    }

    const listed = packed(copy, ['list', '--json'], scratch);
    expect(listed.code).toBe(0);
    const { plugins } = JSON.parse(listed.stdout) as { plugins: Array<{ name: string; source: string }> };
    // The standard probes, the family asked for, and the workspace's probe-only plugin, which measures whatever is packed.
    expect(plugins.map((p) => [p.name, p.source])).toEqual([
      ['@skipbench/probes', 'bundled'],
      ['@skipbench/resnet', 'bundled'],
      ['skipbench-plugin-update-ratio', 'bundled'],
    ]);

    const results = path.join(scratch, 'gradient.json');
    const run = packed(copy, ['run', 'gradient', '--depths', '2', '--variant', 'plain,preact', '--norm', 'batch', '--init', 'he', '--jobs', '1', '--threads', '2', '--out', results], scratch);
    expect(run.code).toBe(0);
    const { document, errors } = validateResults(JSON.parse(readFileSync(results, 'utf8')));
    expect(errors).toEqual([]);
    expect(document!.environment.backend).toBe('wasm');
    // The threaded wasm build's loader and pthread worker travel beside the bundle.
    expect(document!.environment.threads).toBe(2);
    expect(document!.cases.map((c) => [c.variant, c.status])).toEqual([
      ['plain', 'ok'],
      ['preact', 'ok'],
    ]);
  });

  it('refuses a folder that is not empty, in one line', () => {
    const made = skipbench(['pack', '--out', path.dirname(scratch)]);
    expect(made.code).toBe(2);
    expect(made.stderr.trim().split('\n')).toHaveLength(1);
  });
});
