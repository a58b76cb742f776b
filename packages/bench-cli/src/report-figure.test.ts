import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';

/** The repository's figure cutter (scripts/report-figure.mjs), run on the committed quick-preset results. */
const root = path.resolve(packageDir, '..', '..');
const script = path.join(root, 'scripts', 'report-figure.mjs');
const results = path.join('docs', 'results', 'quick.json');
const cut = (family: string, out: string, ...flags: string[]) => {
  const result = spawnSync(process.execPath, [script, 'gradient-stays-healthy', family, results, out, ...flags], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('scripts/report-figure.mjs', () => {
  it("cuts a claim's chart for one family out of the report, then fails --check once the file is edited", () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-figure-')), 'figure.svg');
    const written = cut('resnet', out);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^wrote .*figure\.svg: /);
    const svg = readFileSync(out, 'utf8');
    // A standalone file: the chart's own <svg>, the command that made it, the report's chart styles inlined.
    expect(svg.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^<svg [^>]*class="chart/), `<!-- ${written.stdout.replace(/^wrote [^:]*: /, '').trim().replace(/--/g, '- -')}. Made by node scripts/report-figure.mjs gradient-stays-healthy resnet ${results} ${out} (the chart skipbench report draws). -->`]);
    expect(svg).toMatch(/<style>text\{[^<]*\.chart /);
    expect(cut('resnet', out, '--check')).toEqual({ code: 0, stdout: `${out}: the chart the current report draws\n`, stderr: '' });

    writeFileSync(out, svg.replace('#fff', '#ffe'));
    expect(cut('resnet', out, '--check')).toEqual({
      code: 1,
      stdout: '',
      stderr: `report-figure: ${out} is not the chart the current report draws: run 'node scripts/report-figure.mjs gradient-stays-healthy resnet ${results} ${out}' and commit the result\n`,
    });
  });

  it('names a family the claim has no chart for', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-figure-')), 'figure.svg');
    expect(cut('nosuch', out)).toEqual({ code: 1, stdout: '', stderr: `report-figure: the report of ${results} has no chart of claim gradient-stays-healthy for family nosuch\n` });
  });
});
