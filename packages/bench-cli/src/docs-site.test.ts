import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); elsewhere the site test runs only where it is installed.
const browserAvailable = existsSync(CHROMIUM) || process.env['CI'] === 'true';
const repository = path.resolve(packageDir, '..', '..');

/**
 * The documentation site built as `pnpm docs:build` builds it, from a copy of docs/ (VitePress writes its
 * temporary files beside the config), into a temporary folder.
 */
function buildSite(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-site-'));
  const skipped = ['cache', 'dist', '.temp'].map((name) => path.join(repository, 'docs', '.vitepress', name));
  cpSync(path.join(repository, 'docs'), path.join(dir, 'docs'), { recursive: true, filter: (source) => !skipped.includes(source) });
  // The workspace's manifest and installed packages beside it: Vite reads the manifest to leave vue to Node.
  cpSync(path.join(repository, 'package.json'), path.join(dir, 'package.json'));
  symlinkSync(path.join(repository, 'node_modules'), path.join(dir, 'node_modules'));
  const out = path.join(dir, 'site');
  const build = spawnSync(process.execPath, [path.join(repository, 'node_modules', 'vitepress', 'bin', 'vitepress.js'), 'build', 'docs', '--outDir', out], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`vitepress build failed:\n${build.stdout}${build.stderr}`);
  return out;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

/** Serves the built site on a loopback port, as any static host would: a folder's index.html for the folder. */
function serve(site: string): Promise<Server> {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(site, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(site) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** An `<img>` as the page's script sees it (this package compiles without the DOM's types). */
interface DomImage {
  decode(): Promise<void>;
  readonly naturalWidth: number;
}

/** The page's first heading as read: the site's permalink beside it holds only a zero-width space. */
const heading = async (page: Page) => (await page.locator('h1').textContent())?.replace('\u200b', '').trim();

describe.runIf(browserAvailable)('the documentation site in headless Chromium', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = await serve(buildSite());
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 600_000);
  afterAll(() => server?.close());

  /** Opens `url` and hands the page to `use`; every request it makes must go to the site's own server. */
  async function inChromium(url: string, use: (page: Page) => Promise<void>): Promise<void> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(origin)) elsewhere.push(request.url());
      });
      await page.goto(url);
      await use(page);
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  }

  it('opens the home page with its title, search and a link to the CLI reference, which shows run --seeds with its default', async () => {
    await inChromium(`${origin}/`, async (page) => {
      expect(await page.title()).toBe('skipbench documentation | skipbench');
      expect(await heading(page)).toBe('skipbench documentation');
      expect(await page.locator('.VPNavBarSearch button').count()).toBe(1);
      await page.locator('main a', { hasText: 'CLI reference' }).click();
      await page.waitForURL(`${origin}/reference/cli.html`);
      const seeds = page.locator('tr', { has: page.locator('code', { hasText: /^--seeds <n\|list>$/ }) });
      expect((await seeds.locator('td').allTextContents()).map((cell) => cell.trim())).toEqual([
        '--seeds <n|list>',
        'seeds, each a replicate of every case not timed: a count N (--seed and the next N-1) or a comma-separated list',
        "the preset's seed count from 1234",
      ]);
    });
  });

  it('opens a generated reference page directly, its sidebar laid out from the folders, the API included', async () => {
    await inChromium(`${origin}/reference/probes.html`, async (page) => {
      expect(await heading(page)).toBe('Probe reference');
      await expect(page.locator('h2#gradient-profile').isVisible()).resolves.toBe(true);
      const sidebar = page.locator('.VPSidebar');
      for (const entry of ['Concepts', 'Findings', 'The claims, measured (generated)', 'Sharding on a cluster', 'Writing a skipbench plugin', 'CLI reference', 'Claim reference', 'skipbench plugin API: @skipbench/core and @skipbench/kit']) {
        expect(await sidebar.getByText(entry, { exact: true }).count()).toBeGreaterThan(0);
      }
    });
  });

  it("opens a findings page with its figure drawn and its generated table, the sidebar in the pages' reading order", async () => {
    await inChromium(`${origin}/findings/resnet.html`, async (page) => {
      expect(await heading(page)).toBe("ResNet: the seed's claim and the claims probes");
      const figure = page.locator('main img[src$=".svg"]');
      const drawnWidth = figure.evaluate((element) => {
        const image = element as unknown as DomImage;
        return image.decode().then(() => image.naturalWidth);
      });
      await expect(drawnWidth).resolves.toBeGreaterThan(0);
      expect(await page.locator('main table').count()).toBeGreaterThan(0);
      const order = (await page.locator('.VPSidebar .text').allTextContents()).map((text) => text.trim());
      const positions = ['Concepts', 'Using the CLI', 'Findings', 'Results files and the fault model', 'Writing a skipbench plugin'].map((text) => order.indexOf(text));
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });
  });
});
