import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';

/** The repository's link check (scripts/check-links.mjs), run on a checkout laid out in a temporary folder. */
const script = path.resolve(packageDir, '..', '..', 'scripts', 'check-links.mjs');
const checkLinks = (root: string) => {
  const result = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A README and two site pages; `guideLinks` is the site page's line of links. */
function checkout(readmeLinks: string, guideLinks: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'skipbench-links-'));
  mkdirSync(path.join(root, 'docs', 'reference'), { recursive: true });
  mkdirSync(path.join(root, 'examples', 'plugin'), { recursive: true });
  writeFileSync(path.join(root, 'README.md'), `# A project\n\n## Set-up, in 2 steps\n\n${readmeLinks}\n`);
  writeFileSync(path.join(root, 'docs', 'guide.md'), `# Guide\n\n## 2 steps\n\n${guideLinks}\n`);
  writeFileSync(path.join(root, 'docs', 'reference', 'cli.md'), '# CLI\n\n## run\n\n## run\n');
  return root;
}

// GitHub's slugs for the README, the site's for docs/: a heading that starts with a digit gets `_` on the site.
const goodReadme = '[set-up](#set-up-in-2-steps), [guide](docs/guide.md#2-steps), [run](docs/reference/cli.md#run-1), [plugin](examples/plugin), [site](https://example.org/#x)';
const goodGuide = '[steps](#_2-steps), [cli](reference/cli#run-1), [folder](reference/), [readme](../README.md#set-up-in-2-steps), [plugin](../examples/plugin)';

describe('scripts/check-links.mjs', () => {
  it('passes when every relative link and anchor resolves under its reader’s slug rules', () => {
    expect(checkLinks(checkout(goodReadme, goodGuide))).toEqual({ code: 0, stdout: 'links: every internal link and anchor of 3 pages (README.md and docs/) resolves\n', stderr: '' });
  });

  it('fails listing each planted broken link: a missing file, an anchor no heading has, a site anchor spelled GitHub’s way', () => {
    const root = checkout(`${goodReadme}, [gone](docs/gone.md), [nowhere](#no-such-heading)`, `${goodGuide}, [steps](#2-steps), [cli](reference/cli.md#test)`);
    expect(checkLinks(root)).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        '4 broken link(s):',
        '  README.md:5: docs/gone.md: no such file',
        '  README.md:5: #no-such-heading: no heading with the anchor #no-such-heading in README.md',
        '  docs/guide.md:5: #2-steps: no heading with the anchor #2-steps in docs/guide.md',
        '  docs/guide.md:5: reference/cli.md#test: no heading with the anchor #test in docs/reference/cli.md',
        '',
      ].join('\n'),
    });
  });
});
