import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults, type ResultsDocument } from '@skipbench/engine';
import { projectWith, skipbench, toyPlugin, workspace } from './test-cli.js';

const probesVersion = (createRequire(import.meta.url)('@skipbench/probes/package.json') as { version: string }).version;

/** A project outside the workspace with plugins installed in node_modules: one good, one broken, one for the previous core, one too new. */
const projectWithPlugins = () =>
  projectWith([
    toyPlugin,
    { name: 'skipbench-plugin-broken', pkg: { keywords: ['skipbench-plugin'] }, index: "throw new Error('boom at import');\n" },
    { name: 'skipbench-plugin-past', pkg: { skipbench: { apiVersion: 1 } }, index: "throw new Error('never imported');\n" },
    { name: 'skipbench-plugin-future', pkg: { skipbench: { apiVersion: 3 } }, index: 'export default {};\n' },
    { name: 'not-a-plugin', index: "throw new Error('never imported');\n" },
  ]);

describe('skipbench CLI: usage errors are one line, exit 2, no stack trace', () => {
  it.each([
    [['run', 'speed'], "skipbench: Unknown benchmark 'speed'. Valid choices: depth, gradient, throughput, claims, representation, tradeoff, gate-sweep, streams, all."],
    [['run', 'gradient', '--arch', 'vgg.*'], "skipbench: No architecture matches 'vgg.*'. Available: gate.mlp, toy.mlp."],
    [['run', 'gradient', '--variant', 'dense'], "skipbench: Unknown variant 'dense'. Valid choices: plain, gated, residual."],
    [['run', 'gradient', '--arch', 'toy.*', '--backend', 'tpu'], "skipbench: Unknown backend 'tpu'. Valid choices: wasm, cpu, webgpu, tensorflow, auto."],
    [['run', 'gradient', '--arch', 'toy.*', '--preset', 'huge'], "skipbench: Unknown preset 'huge'. Valid choices: quick, standard, full."],
    [['run', 'gradient', '--arch', 'toy.*', '--depths', '8,deep'], "skipbench: Expected --depths to be a comma-separated list of positive integers, but got '8,deep'."],
    [['run', 'gradient', '--arch', 'toy.*', '--depths', '8,4,8'], 'skipbench: Expected --depths to list each value once, but got 8 twice.'],
    [['run', 'gradient', '--arch', 'gate.*', '--option', 'gate-bias=1,1'], 'skipbench: Expected --option gate-bias to list each value once, but got 1 twice.'],
    [['run', 'gradient', '--arch', 'toy.*', '--out', '/no/such/folder/r.json'], "skipbench: Output folder '/no/such/folder' does not exist; create it or choose another --out."],
    [['run', 'gradient', '--arch', 'gate.*', '--option', 'gate-bias'], "skipbench: Expected --option as name=value[,value...], e.g. gate-bias=0,2, but got 'gate-bias'."],
    [['run', 'gradient', '--arch', 'gate.*', '--option', 'gate-bias=high'], "skipbench: Expected --option gate-bias to be a number, but got 'high'."],
    [['run', 'gradient', '--arch', 'gate.*', '--option', 'depthwise=1'], "skipbench: Unknown option 'depthwise'. Valid choices: gate-bias, gated-blocks."],
    [['run', 'gradient', '--arch', 'toy.*', '--option', 'gate-bias=1'], "skipbench: Unknown option 'gate-bias': no selected architecture has options."],
    [['run', 'gradient', '--arch', 'gate.*', '--depths', '2', '--option', 'gated-blocks=3'], 'skipbench: Expected option gated-blocks of gate.mlp to be an integer from 1 to the depth, but got 3 at depth 2.'],
    [['run', 'representation'], "skipbench: No case to run: the probes of representation need tokens or graph or sequence, and no selected architecture (gate.mlp, toy.mlp) declares it."],
    [['frobnicate'], "skipbench: unknown command 'frobnicate'"],
  ])('%j', (args, message) => {
    const { code, stdout, stderr } = skipbench(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')[0]).toBe(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('skipbench run', () => {
  it('writes a results file that validates and prints the same document with --json', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-out-'));
    const out = path.join(dir, 'gradient.json');
    const { code, stdout, stderr } = skipbench(['run', 'gradient', '--arch', 'toy.*', '--depths', '4', '--norm', 'none', '--init', 'he', '--variant', 'plain,residual', '--out', out, '--json']);
    expect(stderr).toContain('[2/2]');
    expect(code).toBe(0);
    const document = parseResults(readFileSync(out, 'utf8'), out);
    expect(JSON.parse(stdout)).toEqual(document);
    expect(document.cases.map((c) => [c.variant, c.config.norm, c.config.init, c.status])).toEqual([
      ['plain', 'none', 'he', 'ok'],
      ['residual', 'none', 'he', 'ok'],
    ]);
    expect(document.environment.packages['skipbench-plugin-toy']).toBe('1.2.3');
    expect(readdirSync(dir)).toEqual(['gradient.json']);
  });
});

describe('skipbench list', () => {
  it("lists each installed family with its architectures and each architecture's options with their defaults", () => {
    const { code, stdout } = skipbench(['list', '--json']);
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as { plugins: Array<{ name: string; architectures: Array<{ id: string; options: Record<string, { default: number }> }> }> };
    const byName = new Map(listing.plugins.map((p) => [p.name, p.architectures]));
    expect(byName.get('skipbench-plugin-toy')?.map((a) => [a.id, a.options])).toEqual([['toy.mlp', {}]]);
    expect(byName.get('skipbench-plugin-gate')?.map((a) => [a.id, Object.entries(a.options).map(([name, option]) => [name, option.default])])).toEqual([
      ['gate.mlp', [['gate-bias', -2], ['gated-blocks', 64]]],
    ]);
  });

  it('names each preset\'s seed count beside its sweeps', () => {
    const rows = skipbench(['list']).stdout.split('\n').filter((line) => /^(quick|standard|full) /.test(line));
    expect(rows.map((line) => line.split(/ {2,}/).slice(0, 5))).toEqual([
      ['quick', '1', '2,8,16', '8,32', '8,32'],
      ['standard', '3', '2,8,32', '8,32,64', '8,32'],
      ['full', '10', '2,8,32,64,128,256', '8,32,64,128,256', '8,32,128,256'],
    ]);
  });

  it('shows what each probe writes with its units, a family of names with * for its argument, in text and JSON', () => {
    const text = skipbench(['list']).stdout;
    expect(text.split('\n')).toContain(
      '  activation-profile: metrics norm-first (1), norm-last (1), log10-norm-growth (log10), log10-rms-growth (log10); series norm (1), rms (1), stage-elements (1), mean (1), variance (1)',
    );
    const { probes } = JSON.parse(skipbench(['list', '--json']).stdout) as { probes: Array<{ id: string; metrics: Record<string, string | null>; series: Record<string, string | null>; labels: string[] }> };
    const gradient = probes.find((p) => p.id === 'gradient-profile')!;
    expect([gradient.metrics['log10-rms-ratio-first-last'], gradient.series['stream-grad-norm'], gradient.labels]).toEqual(['log10', '1', ['verdict']]);
    // A task's own scores bring their units with each value; throughput's timings are families by timed task.
    expect(probes.find((p) => p.id === 'trainability')!.metrics['*-final']).toBeNull();
    expect(probes.find((p) => p.id === 'throughput')!.metrics['*-samples-per-second']).toBe('samples/s');
  });
});

// These run the workspace's gru family itself: its stream, its gate-bias option and what that does to the gradient.
describe('the gru family', () => {
  it('writes a valid results file for every benchmark of the gru family, whose stream starts at h_0 = 0', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-gru-'));
    const out = path.join(dir, 'all.json');
    expect(skipbench(['run', 'all', '--arch', 'gru.*', '--depths', '3', '--batch', '4', '--out', out], workspace).code).toBe(0);
    const { code, stdout } = skipbench(['validate', out], workspace);
    expect(code).toBe(0);
    expect(stdout).toContain('all.json: ok');
  });

  it('sweeps --option values, records them in each case, and a larger gate bias keeps more gradient', () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-gate-bias-')), 'gradient.json');
    const { code, stdout } = skipbench(['run', 'gradient', '--arch', 'gru.*', '--variant', 'gru', '--init', 'pytorch', '--option', 'gate-bias=0,3', '--depths', '12', '--json', '--out', out], workspace);
    expect(code).toBe(0);
    const { cases } = JSON.parse(stdout) as ResultsDocument;
    expect(cases.map((c) => [c.id, c.config.options])).toEqual([
      ['gradient/gru.recurrent/gru/none/pytorch/gate-bias=0/d12/b8/gradient-profile/seed=1234', { 'gate-bias': 0 }],
      ['gradient/gru.recurrent/gru/none/pytorch/gate-bias=3/d12/b8/gradient-profile/seed=1234', { 'gate-bias': 3 }],
    ]);
    expect(cases[1]!.metrics['log10-ratio-first-last']!).toBeGreaterThan(cases[0]!.metrics['log10-ratio-first-last']!);
  });
});

describe('plugin discovery outside the workspace', () => {
  const project = projectWithPlugins();

  it('lists installed plugins and reports each unusable one in one line', () => {
    const { code, stdout, stderr } = skipbench(['list', '--json'], project);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const listing = JSON.parse(stdout) as { plugins: Array<{ name: string; version: string; source: string; architectures: Array<{ id: string }> }>; problems: string[] };
    // The standard probes come first, from the CLI's own dependencies, as any installed plugin would.
    expect(listing.plugins.map((p) => [p.name, p.version, p.source, p.architectures.map((a) => a.id)])).toEqual([
      ['@skipbench/probes', probesVersion, 'node_modules', []],
      ['skipbench-plugin-toy', '1.2.3', 'node_modules', ['toy.mlp']],
    ]);
    // Each variant with the skips it declares.
    expect(skipbench(['list'], project).stdout).toMatch(/^toy\.mlp +plain \(none\), residual \(additive\) /m);
    expect(listing.problems).toEqual([
      'skipbench-plugin-broken: skipped, loading ./index.js failed: boom at import',
      'skipbench-plugin-future: skipped, it was built for @skipbench/core 3 (plugin API 3) and this skipbench needs @skipbench/core ^2.0.0 (plugin API 2): install a release of it built against that',
      'skipbench-plugin-past: skipped, it was built for @skipbench/core 1 (plugin API 1) and this skipbench needs @skipbench/core ^2.0.0 (plugin API 2): install a release of it built against that',
    ]);
  });

  it('runs the installed plugin while reporting the broken ones', () => {
    const { code, stderr, stdout } = skipbench(['run', 'gradient', '--arch', 'toy.*', '--depths', '3', '--out', 'toy.json'], project);
    expect(code).toBe(0);
    // The answer at the end, not a row per case.
    expect(stdout.split('\n')[0]).toBe('4 cases: 4 ok');
    expect(stdout).toMatch(/^claim +toy\n-+ +-+\ngradient-stays-healthy +(held|not held|held in \d of \d)\n\nwrote toy\.json\nthe report: skipbench report toy\.json --html toy\.html\n$/m);
    expect(stderr).toContain('skipbench: plugin skipbench-plugin-broken: skipped, loading ./index.js failed: boom at import\n');
    const document = parseResults(readFileSync(path.join(project, 'toy.json'), 'utf8'));
    expect(document.cases).toHaveLength(4);
    expect(document.cases.every((c) => c.arch === 'toy.mlp' && c.status === 'ok')).toBe(true);
    expect(existsSync(path.join(project, 'toy.json.partial.jsonl'))).toBe(false);
  });
});

describe('skipbench doctor', () => {
  it('says in one line per backend whether it is available and why (not)', () => {
    const { code, stdout } = skipbench(['doctor']);
    expect(code).toBe(0);
    for (const backend of ['wasm', 'cpu', 'webgpu', 'tensorflow']) {
      const lines = stdout.split('\n').filter((line) => line.startsWith(`${backend} `));
      expect(lines, backend).toHaveLength(1);
      expect(lines[0]!.slice(backend.length).trim(), backend).toMatch(/^(yes|no): \S/);
    }
    // tfjs-node(-gpu) cannot be installed here (their install downloads libtensorflow): the line says how and what it needs.
    expect(stdout).toMatch(/^tensorflow +no: not installed: npm install @tensorflow\/tfjs-node-gpu \(CUDA 11\.2 and cuDNN 8\.1/m);
  });
});
