import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { skipbench } from './test-cli.js';

// The fixture plugins contribute probes: the gate family's gate-openness (with its architecture) and the
// probe-only stream-rms plugin.
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
    expect([from(listing.probes, 'gradient-profile'), from(listing.probes, 'gate-openness'), from(listing.probes, 'stream-rms')]).toEqual([
      '@skipbench/probes',
      'skipbench-plugin-gate',
      'skipbench-plugin-stream-rms',
    ]);
    expect(listing.benchmarks.find((b) => b.id === 'gate-sweep')).toMatchObject({ source: 'skipbench-plugin-gate', probes: ['gate-openness'] });
    expect(listing.plugins.find((p) => p.name === 'skipbench-plugin-stream-rms')).toMatchObject({ architectures: [], probes: ['stream-rms'], benchmarks: ['streams'] });
    const text = skipbench(['list']).stdout;
    expect(text).toMatch(/^gate-openness\s+skipbench-plugin-gate\s+mean transform-gate openness/m);
    expect(text).toMatch(/^streams\s+stream-rms\s+skipbench-plugin-stream-rms\s+/m);
  });

  it('lists every claim with its probe, statement and package, in the JSON and as a table', () => {
    const { code, stdout } = skipbench(['list', '--json']);
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as {
      claims: Array<{ id: string; probe: string; statement: string; source: string; version: string; run: { benchmark: string } }>;
      plugins: Array<{ name: string; claims: string[] }>;
    };
    const statement = 'A gated net starts close to the identity: its transform gates are mostly closed (mean openness ≤ 0.5).';
    // The fixture's claim names no benchmark: the registry gives it the first one with its probe.
    expect(listing.claims.find((c) => c.id === 'gates-start-closed')).toEqual({
      id: 'gates-start-closed',
      probe: 'gate-openness',
      statement,
      source: 'skipbench-plugin-gate',
      version: '1.2.3',
      run: { benchmark: 'gate-sweep' },
    });
    expect(listing.claims.find((c) => c.id === 'gradient-stays-healthy')).toMatchObject({ probe: 'gradient-profile', source: '@skipbench/probes' });
    expect(listing.plugins.find((p) => p.name === 'skipbench-plugin-gate')?.claims).toEqual(['gates-start-closed']);
    expect(listing.plugins.find((p) => p.name === 'skipbench-plugin-stream-rms')?.claims).toEqual(['convnet-stream-bounded']);
    const text = skipbench(['list']).stdout;
    expect(text).toMatch(/^Claims\nid +probe +from +statement\n/m);
    expect(text).toMatch(new RegExp(`^gates-start-closed +gate-openness +skipbench-plugin-gate +${statement.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(text).toMatch(/^skipbench-plugin-gate +1\.2\.3 .* gate\.mlp, probe gate-openness, benchmark gate-sweep, 1 claim$/m);
  });

  it("runs a plugin's benchmark: its probe where it applies, not-applicable with the reason where it does not", () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-gates-')), 'gates.json');
    const { code } = skipbench(['run', 'gate-sweep', '--arch', 'gate.mlp', '--depths', '3', '--out', out]);
    expect(code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out, { benchmarks: ['gate-sweep'] });
    expect(document.cases.map((c) => [c.variant, c.probe, c.status, c.series['openness']?.length ?? c.notes[0]])).toEqual([
      ['plain', 'gate-openness', 'not-applicable', 'its blocks name no gate part (no transform gate to read)'],
      ['gated', 'gate-openness', 'ok', 3],
    ]);
    // The gate bias −2 keeps a fresh gate near sigmoid(−2) = 0.12; glorot gate weights move it a little.
    const openness = document.cases.find((c) => c.status === 'ok' && c.probe === 'gate-openness')!.metrics['mean-openness']!;
    expect(openness).toBeGreaterThan(0.05);
    expect(openness).toBeLessThan(0.25);
    expect(document.sources).toEqual({
      architectures: { 'gate.mlp': { package: 'skipbench-plugin-gate', version: '1.2.3', variants: { plain: { skips: ['none'] }, gated: { skips: ['gated'] } } } },
      probes: { 'gate-openness': { package: 'skipbench-plugin-gate', version: '1.2.3' } },
    });
    expect(skipbench(['validate', out]).code).toBe(0);
  });

  it('runs a plugin probe over a core benchmark with --probe, and refuses an unknown probe naming the plugin ones', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-probe-')), 'depth.json');
    expect(skipbench(['run', 'depth', '--arch', 'toy.mlp', '--variant', 'plain', '--depths', '2', '--probe', 'stream-rms', '--out', out]).code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out);
    expect(document.cases.map((c) => c.id)).toEqual(['depth/toy.mlp/plain/none/glorot/d2/b8/stream-rms/seed=1234']);
    const refused = skipbench(['run', 'depth', '--probe', 'nosuch']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^skipbench: Unknown probe 'nosuch'\. Valid choices: .*, gate-openness, stream-rms\.\n$/);
  });
});
