import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { skipbench } from './test-cli.js';

// The workspace's examples contribute probes: highway's gate-openness (with its architecture) and the
// probe-only update-ratio plugin.
describe('plugin probes and benchmarks', () => {
  it('lists every probe and benchmark with the package it came from', () => {
    const { code, stdout } = skipbench(['list', '--json']);
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as {
      probes: Array<{ id: string; source: string }>;
      benchmarks: Array<{ id: string; source: string; probes: string[] }>;
      plugins: Array<{ name: string; architectures: unknown[]; probes: string[]; benchmarks: string[] }>;
    };
    const from = (entries: Array<{ id: string; source: string }>, id: string) => entries.find((e) => e.id === id)?.source;
    expect([from(listing.probes, 'gradient-profile'), from(listing.probes, 'gate-openness'), from(listing.probes, 'update-ratio')]).toEqual([
      '@skipbench/probes',
      'skipbench-plugin-highway',
      'skipbench-plugin-update-ratio',
    ]);
    expect(listing.benchmarks.find((b) => b.id === 'highway-gates')).toMatchObject({ source: 'skipbench-plugin-highway', probes: ['gate-openness'] });
    expect(listing.plugins.find((p) => p.name === 'skipbench-plugin-update-ratio')).toMatchObject({ architectures: [], probes: ['update-ratio'], benchmarks: ['updates'] });
    const text = skipbench(['list']).stdout;
    expect(text).toMatch(/^gate-openness\s+skipbench-plugin-highway\s+mean transform-gate openness/m);
    expect(text).toMatch(/^updates\s+update-ratio\s+skipbench-plugin-update-ratio\s+/m);
  });

  it("runs a plugin's benchmark: its probe where it applies, not-applicable with the reason where it does not", () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-gates-')), 'gates.json');
    const { code } = skipbench(['run', 'highway-gates', '--arch', 'highway.dense', '--depths', '3', '--out', out]);
    expect(code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out, { benchmarks: ['highway-gates'] });
    expect(document.cases.map((c) => [c.variant, c.probe, c.status, c.series['openness']?.length ?? c.notes[0]])).toEqual([
      ['plain', 'gate-openness', 'not-applicable', 'its blocks name no gate part (no transform gate to read)'],
      ['highway', 'gate-openness', 'ok', 3],
    ]);
    // The gate bias −2 keeps a fresh gate near sigmoid(−2) = 0.12; glorot gate weights move it a little.
    const openness = document.cases.find((c) => c.status === 'ok' && c.probe === 'gate-openness')!.metrics['mean-openness']!;
    expect(openness).toBeGreaterThan(0.05);
    expect(openness).toBeLessThan(0.25);
    expect(document.settings['contributed']).toEqual({
      probes: { 'gate-openness': 'skipbench-plugin-highway@1.0.0' },
      benchmarks: { 'highway-gates': 'skipbench-plugin-highway@1.0.0' },
    });
    expect(skipbench(['validate', out]).code).toBe(0);
  });

  it('runs a plugin probe over a core benchmark with --probe, and refuses an unknown probe naming the plugin ones', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-probe-')), 'depth.json');
    expect(skipbench(['run', 'depth', '--arch', 'resnet.basic', '--variant', 'plain', '--depths', '2', '--probe', 'update-ratio', '--out', out]).code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out);
    expect(document.cases.map((c) => c.id)).toEqual(['depth/resnet.basic/plain/batch/glorot/d2/b8/update-ratio']);
    const refused = skipbench(['run', 'depth', '--probe', 'nosuch']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^skipbench: Unknown probe 'nosuch'\. Valid choices: .*, gate-openness, update-ratio\.\n$/);
  });
});
