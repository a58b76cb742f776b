import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultImportTimeoutMs } from './discovery.js';
import { bin, coreDir, packageDir } from './test-cli.js';

/** A project outside the workspace with two plugins in node_modules: the toy one, and one whose import never settles. */
function projectWithHangingPlugin(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'skipbench-hanging-'));
  const modules = path.join(root, 'node_modules');
  mkdirSync(path.join(modules, '@skipbench'), { recursive: true });
  symlinkSync(coreDir, path.join(modules, '@skipbench', 'core'), 'dir');
  const toy = path.join(modules, 'skipbench-plugin-toy');
  mkdirSync(toy);
  writeFileSync(path.join(toy, 'package.json'), JSON.stringify({ name: 'skipbench-plugin-toy', version: '1.2.3', type: 'module', exports: './index.js', keywords: ['skipbench-plugin'] }));
  cpSync(path.join(packageDir, 'src', 'fixtures', 'toy-plugin.js'), path.join(toy, 'index.js'));
  cpSync(path.join(packageDir, 'src', 'fixtures', 'hanging-import'), path.join(modules, 'skipbench-plugin-hanging'), { recursive: true });
  return root;
}

describe('plugin discovery: an import that never settles is skipped after its time limit', () => {
  it('gives each import 10 s by default', () => {
    expect(defaultImportTimeoutMs).toBe(10_000);
  });

  it('list names the skipped plugin in one line, lists the toy plugin and exits 0 (SKIPBENCH_IMPORT_TIMEOUT_MS=300)', () => {
    const result = spawnSync(process.execPath, [bin, 'list'], {
      cwd: projectWithHangingPlugin(),
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', SKIPBENCH_IMPORT_TIMEOUT_MS: '300' },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.includes('skipbench-plugin-hanging'))).toEqual(['skipbench-plugin-hanging: skipped, loading ./index.js did not finish within 0.3 s']);
    expect(lines.some((line) => line.startsWith('toy.mlp '))).toBe(true);
  });
});
