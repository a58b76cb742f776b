import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { skipbench } from './test-cli.js';
import { documentOf, probeCase, resultsDocument, writeJson } from './test-documents.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the browser test runs only where it is installed.
const browserAvailable = existsSync(CHROMIUM) || process.env['CI'] === 'true';

/** Opens `html` in headless Chromium, fetching nothing else, and hands the page to `use`. */
async function inChromium(html: string, use: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(html).href);
    await use(page);
    expect(requests).toEqual([pathToFileURL(html).href]);
  } finally {
    await browser.close();
  }
}

describe('skipbench report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-report-'));
  const results = path.join(dir, 'all.json');
  const small = ['--depths', '2,4', '--width', '4', '--variant', 'plain,residual'];

  it('writes a Markdown summary with the environment and every case', () => {
    expect(skipbench(['run', 'all', '--arch', 'toy.mlp', ...small, '--out', results]).code).toBe(0);
    const md = path.join(dir, 'report.md');
    expect(skipbench(['report', results, '--md', md]).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| backend | wasm |');
    expect(text.split('\n').filter((line) => /^\| [a-z-]+ \| toy\.mlp \|/.test(line))).toHaveLength(
      JSON.parse(readFileSync(results, 'utf8')).cases.length,
    );
  });

  it.runIf(browserAvailable)('draws real marks for the data in headless Chromium, fetching nothing', async () => {
    const html = path.join(dir, 'report.html');
    expect(skipbench(['report', results, '--html', html]).code).toBe(0);
    await inChromium(html, async (page) => {
      // The detail is folded: open it to measure what it draws.
      await page.$$eval('details', (all) => {
        for (const d of all) d.setAttribute('open', '');
      });
      const charts = await page.$$eval('details.detail svg.chart', (svgs) =>
        svgs.map((svg) => ({
          title: svg.getAttribute('aria-label'),
          series: [...svg.querySelectorAll('g.series')].map((g) => ({
            name: g.getAttribute('data-name'),
            declared: Number(g.getAttribute('data-points')),
            drawn: g.querySelectorAll('circle.point').length,
            box: (() => {
              const b = (g as unknown as { getBBox(): { width: number; height: number } }).getBBox();
              return b.width * b.height;
            })(),
          })),
        })),
      );
      // gradient: 2 depths × 2 regimes (the gradient benchmark sweeps norm and init: toy.mlp has no norm, two
      // inits); activation: 2 depths; trainability: 1; throughput: 1.
      const regimes = ['no norm, glorot init', 'no norm, he init'];
      expect(charts.map((c) => c.title)).toEqual([
        ...regimes.map((r) => `toy.mlp · depth 2 · batch 8 · ${r}`),
        ...regimes.map((r) => `toy.mlp · depth 4 · batch 8 · ${r}`),
        'toy.mlp · depth 2 · batch 8 · no norm, glorot init',
        'toy.mlp · depth 4 · batch 8 · no norm, glorot init',
        'toy.mlp · no norm, glorot init · 15 steps',
        'toy.mlp · depth 2 · no norm, glorot init',
        // claims probes' headline metric vs depth, in order of first appearance: lipschitz, lesion, noise, shattered,
        // then paths, bound and gradient-split, which need additive skips (only residual has them); euler needs shared
        // weights; then the probe-only fixture's stream-rms (its benchmark is in `all`); gate-openness does not
        // apply to toy.mlp (no gate), so it draws nothing
        ...Array.from({ length: 8 }, () => 'toy.mlp · no norm, glorot init'),
      ]);
      for (const chart of charts) {
        expect(chart.series.length).toBeGreaterThanOrEqual(1);
        for (const s of chart.series) {
          expect(s.drawn, `${chart.title} / ${s.name}`).toBe(s.declared);
          expect(s.drawn).toBeGreaterThan(0);
          expect(s.box, `${chart.title} / ${s.name} has area on screen`).toBeGreaterThan(0);
        }
      }
      expect(charts.slice(-8).map((c) => c.series.map((s) => s.name).join(','))).toEqual([
        'plain,residual',
        'plain,residual',
        'plain,residual',
        'plain,residual',
        'residual',
        'residual',
        'residual',
        'plain,residual',
      ]);
      // stage charts: one point per stage (depth + 1), one line per variant
      expect(charts[2]!.series.map((s) => [s.name, s.drawn])).toEqual([
        ['plain', 5],
        ['residual', 5],
      ]);
      // Tests write only into temporary folders: the screenshot goes beside the report.
      await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
    });
  });
});

/** Values read back from drawn coordinates: rounded to 0.1 px in a plot ~170 px high for ~16 decades, within 0.02. */
const near = (actual: number[], expected: number[]) =>
  expect(actual.length === expected.length && actual.every((v, k) => Math.abs(v - expected[k]!) < 0.02), `${actual.join(', ')} vs ${expected.join(', ')}`).toBe(true);

describe('skipbench report: a figure per claim', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-figures-'));
  // Derivable verdicts: at depth 32 preact is healthy and plain vanishing (gradient held); deleting a block
  // hurts preact more than plain (lesion not held); the gate fixture's gates stay below 0.5 (the plugin's claim held).
  const ratios = { preact: [0.4, 1.1, 1.8], plain: [-0.9, -4.5, -12.3] };
  const verdictOf = (ratio: number) => (ratio < -2 ? 'vanishing' : ratio > 2 ? 'exploding' : 'healthy');
  const gradient = Object.entries(ratios).flatMap(([variant, values]) =>
    [2, 8, 32].map((depth, i) => probeCase(0, 'gradient', 'gradient-profile', 'resnet.basic', variant, depth, { 'log10-rms-ratio-first-last': values[i]! }, { verdict: verdictOf(values[i]!) })),
  );
  // Both nets learnt (held-out loss 1.4 → 0.5), so the lesion comparison has power.
  const learnt = { 'loss-initial': 1.4, 'loss-intact': 0.5 };
  const lesion = [
    ...[[8, 0.3], [16, 0.2]].map(([depth, increase]) => probeCase(0, 'claims', 'lesion', 'resnet.basic', 'preact', depth!, { 'mean-loss-increase-one-block': increase!, ...learnt })),
    ...[[8, 0.1], [16, 0.05]].map(([depth, increase]) => probeCase(0, 'claims', 'lesion', 'resnet.basic', 'plain', depth!, { 'mean-loss-increase-one-block': increase!, ...learnt })),
  ];
  const gates = [[8, 0.13], [32, 0.12]].map(([depth, mean]) => probeCase(0, 'gate-sweep', 'gate-openness', 'gate.mlp', 'gated', depth!, { 'mean-openness': mean! }));
  const cases = [...gradient, ...lesion, ...gates].map((c, index) => ({ ...c, index }));
  const results = writeJson(path.join(dir, 'hand.json'), resultsDocument('claims', cases));

  it('lists each measured claim’s verdict per family in the Markdown report', () => {
    const md = path.join(dir, 'report.md');
    expect(skipbench(['report', results, '--md', md]).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    const scorecard = text.slice(text.indexOf('## Scorecard\n'), text.indexOf('## Environment\n'));
    expect(scorecard.split('\n').slice(2, 7)).toEqual([
      '| claim | family | verdict |',
      '| --- | --- | --- |',
      '| gradient-stays-healthy | resnet | held (1 seed, no interval) |',
      '| lesion-ensemble | resnet | not held (1 seed, no interval) |',
      '| gates-start-closed | gate | held (1 seed, no interval) |',
    ]);
    expect(scorecard).toMatch(/\n\d+ more claims have no case in these results: `skipbench scorecard` says what to run for each\.\n/);
  });

  it.runIf(browserAvailable)('opens with the scorecard, then a figure per claim with its verdict, the detail folded', async () => {
    const html = path.join(dir, 'report.html');
    expect(skipbench(['report', results, '--html', html]).code).toBe(0);
    await inChromium(html, async (page) => {
      expect(await page.$$eval('h2', (all) => all.map((h) => h.textContent))).toEqual(['Verdicts', 'Scorecard', 'Claims at a glance', 'Environment', 'Detail per architecture', 'Cases']);
      // The matrix first: a row per measured claim linking to its figure, a cell per family with its verdict.
      const matrix = await page.$$eval('table.verdicts tr', (rows) => rows.map((row) => [...row.children].map((cell) => [cell.textContent, cell.getAttribute('data-status') ?? cell.querySelector('a')?.getAttribute('href') ?? null])));
      expect(matrix).toEqual([
        [['claim', null], ['gate', null], ['resnet', null]],
        [['gradient-stays-healthy', '#figure-gradient-stays-healthy'], ['', null], ['held (n=1)', 'held']],
        [['lesion-ensemble', '#figure-lesion-ensemble'], ['', null], ['not held (n=1)', 'not-held']],
        [['gates-start-closed', '#figure-gates-start-closed'], ['held (n=1)', 'held'], ['', null]],
      ]);
      const figures = await page.$$eval('figure.claim', (all) =>
        all.map((f) => ({
          claim: f.getAttribute('data-claim'),
          verdicts: [...f.querySelectorAll('figcaption.verdict')].map((c) => c.textContent),
          charts: f.querySelectorAll('svg.chart').length,
          shown: f.getBoundingClientRect().height > 0,
        })),
      );
      expect(figures).toEqual([
        { claim: 'gradient-stays-healthy', verdicts: ['resnet: held (1 seed, no interval)'], charts: 1, shown: true },
        { claim: 'lesion-ensemble', verdicts: ['resnet: not held (1 seed, no interval)'], charts: 1, shown: true },
        { claim: 'gates-start-closed', verdicts: ['gate: held (1 seed, no interval)'], charts: 1, shown: true },
      ]);

      // Read the gradient chart back from its geometry: the y grid lines give the scale, the x ticks the depths.
      const gradientChart = await page.$eval('#figure-gradient-stays-healthy svg.chart', (svg) => {
        const grid = [...svg.querySelectorAll('line.grid')].map((l) => ({ value: Number(l.getAttribute('data-value')), y: Number(l.getAttribute('y1')) }));
        const [a, b] = [grid[0]!, grid.at(-1)!];
        const valueAt = (y: number) => a.value + ((y - a.y) / (b.y - a.y)) * (b.value - a.value);
        const xTicks = new Map([...svg.querySelectorAll('text.tick[text-anchor="middle"]')].map((t) => [Number(t.getAttribute('x')).toFixed(1), Number(t.textContent)]));
        const band = svg.querySelector('rect.band')!;
        const top = Number(band.getAttribute('y'));
        return {
          yLabel: svg.querySelector('text.axis[transform]')!.textContent,
          xLabel: svg.querySelector('text.axis:not([transform])')!.textContent,
          lines: [...svg.querySelectorAll('g.series')].map((g) => ({
            role: g.getAttribute('data-role'),
            variant: g.getAttribute('data-variant'),
            label: g.querySelector('text.end-label')?.textContent,
            tooltip: g.querySelector('circle.point title')?.textContent,
            dashed: g.querySelector('path')!.hasAttribute('stroke-dasharray'),
            points: [...g.querySelectorAll('circle.point')].map((c) => [xTicks.get(Number(c.getAttribute('cx')).toFixed(1)), valueAt(Number(c.getAttribute('cy')))]),
          })),
          band: [valueAt(top + Number(band.getAttribute('height'))), valueAt(top)],
          thresholds: [...svg.querySelectorAll('line.threshold')].map((l) => valueAt(Number(l.getAttribute('y1')))),
        };
      });
      expect(gradientChart.xLabel).toBe('depth');
      expect(gradientChart.yLabel).toBe('log10-rms-ratio-first-last (log10)');
      expect(gradientChart.lines.map(({ role, variant, dashed }) => [role, variant, dashed])).toEqual([['skip', 'preact', false], ['plain', 'plain', true]]);
      // Every line is named at its end, and every point says what it is when hovered.
      expect(gradientChart.lines.map(({ label }) => label)).toEqual(['preact', 'plain']);
      expect(gradientChart.lines[0]!.tooltip).toMatch(/^preact.*: depth 2, log10-rms-ratio-first-last -?[\d.]+ \(seed 1\)$/);
      for (const [i, values] of [ratios.preact, ratios.plain].entries()) {
        const points = gradientChart.lines[i]!.points;
        expect(points.map(([depth]) => depth)).toEqual([2, 8, 32]);
        near(points.map(([, value]) => value!), values);
      }
      near(gradientChart.band, [-2, 2]);
      near(gradientChart.thresholds, [-2, 2]);

      // The plugin's claim has its threshold drawn: one edge, the band open below it.
      expect(await page.$eval('#figure-gates-start-closed', (f) => [f.querySelector('rect.band')!.getAttribute('data-from'), [...f.querySelectorAll('line.threshold')].map((l) => l.getAttribute('data-value'))])).toEqual(['-Infinity', ['0.5']]);

      // The detail is folded, per architecture, its summary saying what is inside; nothing of it is drawn.
      const detail = await page.$$eval('details:not(.findings)', (all) => all.map((d) => ({ open: d.open, summary: d.querySelector('summary')!.textContent, shown: [...d.querySelectorAll('svg, table')].filter((e) => e.checkVisibility()).length })));
      expect(detail).toEqual([
        { open: false, summary: 'gate.mlp: 1 chart: the headline metric vs depth of gate-openness', shown: 0 },
        { open: false, summary: 'resnet.basic: 1 chart: the headline metric vs depth of lesion', shown: 0 },
        { open: false, summary: `${cases.length} cases, a row each: probe, arch, variant, regime, depth, batch, status, verdict, key metrics`, shown: 0 },
      ]);
      expect(await page.$$eval('svg.chart', (all) => all.filter((svg) => svg.closest('figure.claim') === null && svg.closest('details:not([open])') === null).length)).toBe(0);
      // The scorecard gives each family's verdict; each claim's regimes and their numbers are folded under it.
      const findings = await page.$$eval('details.findings', (all) => all.map((d) => ({ open: d.open, summary: d.querySelector('summary')!.textContent, rows: d.querySelectorAll('tr').length })));
      expect(findings).toEqual([1, 2, 3].map(() => ({ open: false, summary: 'its regime and the deciding numbers', rows: 2 })));
    });
  });
});

describe('skipbench report: figures over seeds', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-seeds-'));
  // Three seeds per depth: at depth 8 preact's values 1, 2, 3 have mean 2 and interval 2 ± 4.303 · 1/√3.
  const ratios = { preact: [[0.3, 0.4, 0.5], [1, 2, 3], [1.7, 1.8, 1.9]], plain: [[-0.9, -1, -0.8], [-4, -4.5, -5], [-12, -12.3, -12.6]] };
  const cases = Object.entries(ratios).flatMap(([variant, byDepth]) =>
    [2, 8, 32].flatMap((depth, i) =>
      byDepth[i]!.map((value, s) => {
        const c = probeCase(0, 'gradient', 'gradient-profile', 'resnet.basic', variant, depth, { 'log10-rms-ratio-first-last': value });
        return { ...c, id: `${c.id}/seed=${s + 1}`, config: { ...c.config, seed: s + 1 } };
      }),
    ),
  );
  const results = writeJson(path.join(dir, 'seeds.json'), documentOf('gradient', cases));

  it.runIf(browserAvailable)("draws each line's mean over seeds with its 95% interval as a band, read back at its value", async () => {
    const html = path.join(dir, 'report.html');
    expect(skipbench(['report', results, '--html', html]).code).toBe(0);
    await inChromium(html, async (page) => {
      const figure = await page.$eval('#figure-gradient-stays-healthy', (f) => {
        const svg = f.querySelector('svg.chart')!;
        const grid = [...svg.querySelectorAll('line.grid')].map((l) => ({ value: Number(l.getAttribute('data-value')), y: Number(l.getAttribute('y1')) }));
        const [a, b] = [grid[0]!, grid.at(-1)!];
        const valueAt = (y: number) => a.value + ((y - a.y) / (b.y - a.y)) * (b.value - a.value);
        const preact = svg.querySelector('g.series[data-variant="preact"]')!;
        const point = preact.querySelectorAll('circle.point')[1]!;
        // The band's two vertices above and below the point: its interval's ends as drawn.
        const vertices = [...preact.querySelector('polygon.interval')!.getAttribute('points')!.matchAll(/([\d.]+),([\d.]+)/g)].map((m) => ({ x: m[1]!, y: Number(m[2]) }));
        const edges = vertices.filter(({ x }) => x === Number(point.getAttribute('cx')).toFixed(1)).map(({ y }) => valueAt(y));
        return {
          legend: f.querySelector('figcaption small')!.textContent,
          bands: svg.querySelectorAll('polygon.interval').length,
          ends: [Number(point.getAttribute('data-low')), Number(point.getAttribute('data-high'))],
          drawn: edges.sort((low, high) => low - high),
          tooltip: point.querySelector('title')!.textContent,
          endLabel: preact.querySelector('text.end-label')?.textContent,
        };
      });
      expect(figure.bands).toBe(2);
      near(figure.ends, [-0.484, 4.484]);
      near(figure.drawn, [-0.484, 4.484]);
      expect(figure.tooltip).toBe('preact: depth 8, log10-rms-ratio-first-last 2 (95% interval -0.4841 to 4.484, 3 seeds)');
      expect(figure.endLabel).toBe('preact');
      expect(figure.legend).toContain('a point is the mean over seeds, its band the 95% interval of the mean where there are several');
    });
  });
});
