import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { skipbench } from './test-cli.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the browser test runs only where it is installed.
const browserAvailable = existsSync(CHROMIUM) || process.env['CI'] === 'true';

describe('skipbench report', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-report-'));
  const results = path.join(dir, 'all.json');
  const small = ['--depths', '2,4', '--width', '4', '--input-size', '8', '--variant', 'plain,preact'];

  it('writes a Markdown summary with the environment and every case', () => {
    expect(skipbench(['run', 'all', '--arch', 'resnet.basic', ...small, '--out', results]).code).toBe(0);
    const md = path.join(dir, 'report.md');
    expect(skipbench(['report', results, '--md', md]).code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| backend | wasm |');
    expect(text.split('\n').filter((line) => /^\| [a-z-]+ \| resnet\.basic \|/.test(line))).toHaveLength(
      JSON.parse(readFileSync(results, 'utf8')).cases.length,
    );
  });

  it.runIf(browserAvailable)('draws real marks for the data in headless Chromium, fetching nothing', async () => {
    const html = path.join(dir, 'report.html');
    expect(skipbench(['report', results, '--html', html]).code).toBe(0);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(html).href);
      const charts = await page.$$eval('svg.chart', (svgs) =>
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
      // gradient: 2 depths × 6 regimes (the gradient benchmark sweeps norm and init); activation: 2 depths;
      // trainability: 1; throughput: 1.
      const regimes = ['batch norm, glorot init', 'no norm, glorot init', 'no norm, he init', 'batch norm, he init', 'spectral norm, glorot init', 'spectral norm, he init'];
      expect(charts.map((c) => c.title)).toEqual([
        ...regimes.map((r) => `resnet.basic · depth 2 · batch 8 · ${r}`),
        ...regimes.map((r) => `resnet.basic · depth 4 · batch 8 · ${r}`),
        'resnet.basic · depth 2 · batch 8 · batch norm, glorot init',
        'resnet.basic · depth 4 · batch 8 · batch norm, glorot init',
        'resnet.basic · batch norm, glorot init · 15 steps',
        'resnet.basic · depth 2 · batch norm, glorot init',
        // claims probes' headline metric vs depth, in order of first appearance: lipschitz, lesion, noise, shattered,
        // then paths, bound and gradient-split, which need additive skips (only preact has them); euler needs shared
        // weights; then the workspace's probe-only plugin's update-ratio (its benchmark is in `all`)
        ...Array.from({ length: 8 }, () => 'resnet.basic · batch norm, glorot init'),
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
        'plain,preact',
        'plain,preact',
        'plain,preact',
        'plain,preact',
        'preact',
        'preact',
        'preact',
        'plain,preact',
      ]);
      // stage charts: one point per stage (depth + 1), one line per variant
      expect(charts[6]!.series.map((s) => [s.name, s.drawn])).toEqual([
        ['plain', 5],
        ['preact', 5],
      ]);
      expect(requests).toEqual([pathToFileURL(html).href]);
      // Tests write only into temporary folders: the screenshot goes beside the report.
      await page.screenshot({ path: path.join(dir, 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
