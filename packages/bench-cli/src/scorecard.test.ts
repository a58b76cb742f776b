import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseResult, Scorecard } from '@skipbench/core';
import { resultsDocument, writeJson } from './test-documents.js';
import { skipbench } from './test-cli.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-scorecard-'));

/** A gate-openness case of highway.dense, as the highway plugin's probe writes it. */
function gates(index: number, variant: string, depth: number, mean?: number): CaseResult {
  const metrics: Record<string, number> = mean === undefined ? {} : { 'mean-openness': mean, 'last-block-openness': mean - 0.01 };
  return {
    id: `highway-gates/highway.dense/${variant}/d${depth}/gate-openness`, index, benchmark: 'highway-gates', arch: 'highway.dense', variant, depth, batch: 8,
    probe: 'gate-openness', config: { width: 16, inputSize: 16, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 },
    status: mean === undefined ? 'not-applicable' : 'ok', metrics, series: {}, units: Object.fromEntries(Object.keys(metrics).map((k) => [k, '1'])),
    labels: {}, notes: mean === undefined ? ['its blocks name no gate part (no transform gate to read)'] : [], durationMs: 1,
  };
}

const highwayFile = () => writeJson(path.join(tempDir(), 'gates.json'), resultsDocument('highway-gates', [gates(0, 'highway', 8, 0.13), gates(1, 'highway', 32, 0.12), gates(2, 'plain', 32)]));

describe('skipbench scorecard', () => {
  it("gives a third-party plugin's claim its own row, decided from its probe's results", () => {
    const { code, stdout, stderr } = skipbench(['scorecard', highwayFile()]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const section = stdout.slice(stdout.indexOf('highway-gates-start-closed'));
    const detail = 'highway mean-openness 0.12 (last-block-openness 0.11) at depth 32';
    expect(section).toBe(
      [
        'highway-gates-start-closed (skipbench-plugin-highway)',
        '  A highway net starts close to the identity: its transform gates are mostly closed (mean openness ≤ 0.5), so deep stacks carry their input.',
        '  rule: gate-openness: at its deepest depth, each skip variant (not plain) has mean-openness ≤ 0.5',
        '',
        '  highway: held',
        '    regime   in this regime  deciding numbers',
        `    -------  --------------  ${'-'.repeat(detail.length)}`,
        `    highway  held            ${detail}`,
        '',
      ].join('\n'),
    );
  });

  it('says, beside a claim with no results, which benchmark to run', () => {
    const { stdout } = skipbench(['scorecard', highwayFile()]);
    const section = stdout.slice(stdout.indexOf('euler-converges'), stdout.indexOf('residual-corrects-errors'));
    expect(section).toContain("  resnet: not enough data: no euler case of resnet\n\n  to decide the rest:\n    skipbench run claims --arch 'resnet.*'\n");
  });

  it('prints the scorecard as JSON, every registered claim in it', () => {
    const { code, stdout } = skipbench(['scorecard', highwayFile(), '--json']);
    expect(code).toBe(0);
    const card = JSON.parse(stdout) as Scorecard;
    const highway = card.claims.find((c) => c.claim.id === 'highway-gates-start-closed')!;
    expect(highway.source).toBe('skipbench-plugin-highway');
    expect(highway.rows).toEqual([
      { family: 'highway', verdict: { status: 'held' }, findings: [{ regime: 'highway', status: 'held', detail: 'highway mean-openness 0.12 (last-block-openness 0.11) at depth 32' }], toRun: [] },
    ]);
    expect(card.claims.map((c) => c.claim.id)).toEqual(expect.arrayContaining(['gradient-stays-healthy', 'gan-generator-gradient', 'gan-stable-training']));
  });

  it('writes Markdown and HTML', () => {
    const md = skipbench(['scorecard', highwayFile(), '--md']);
    expect(md.stdout).toContain('## highway-gates-start-closed (skipbench-plugin-highway)\n');
    expect(md.stdout).toContain('| highway | held | highway | held | highway mean-openness 0.12 (last-block-openness 0.11) at depth 32 |');
    const html = path.join(tempDir(), 'card.html');
    const written = skipbench(['scorecard', highwayFile(), '--html', html]);
    expect(written).toEqual({ code: 0, stdout: `wrote ${html}\n`, stderr: '' });
    expect(readFileSync(html, 'utf8')).toContain('<h3>highway-gates-start-closed (skipbench-plugin-highway)</h3>');
  });

  it('opens the HTML report with the claims its results measure', () => {
    const html = path.join(tempDir(), 'report.html');
    expect(skipbench(['report', highwayFile(), '--html', html]).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    const opening = page.slice(page.indexOf('<h2>Scorecard</h2>'), page.indexOf('<h2>Environment</h2>'));
    expect(opening).toContain('<h3>highway-gates-start-closed (skipbench-plugin-highway)</h3>');
    expect(opening).not.toContain('<h3>euler-converges');
    expect(opening).toMatch(/<p>\d+ more claims have no case in these results: <code>skipbench scorecard<\/code> says what to run for each\.<\/p>\n$/);
  });

  it('refuses bad input in one line with exit 2', () => {
    expect(skipbench(['scorecard', '/no/such.json'])).toEqual({ code: 2, stdout: '', stderr: 'skipbench: No such results file: /no/such.json\n' });
    expect(skipbench(['scorecard', highwayFile(), '--md', '--json'])).toEqual({ code: 2, stdout: '', stderr: 'skipbench: Choose one format: --md, --html FILE or --json, but got --md and --json.\n' });
    expect(skipbench(['scorecard', highwayFile(), '--html', '/no/such/dir/card.html'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "skipbench: Output folder '/no/such/dir' does not exist; create it or choose another --html.\n",
    });
  });
});
