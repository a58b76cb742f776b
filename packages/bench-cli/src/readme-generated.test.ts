import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';
import { documentOf, probeCase, writeJson } from './test-documents.js';

/** The repository's generator of measured blocks (scripts/readme-generated.mjs), run on a README and docs/ in a temporary folder. */
const script = path.resolve(packageDir, '..', '..', 'scripts', 'readme-generated.mjs');
const generate = (readme: string, ...flags: string[]) => {
  const result = spawnSync(process.execPath, [script, '--readme', readme, ...flags], { cwd: path.dirname(readme), encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const open = '<!-- table: skipbench table results.json --rows variant --columns depth --value noise.input-amplification -->';
const table = ['| variant | depth 4 | depth 16 |', '| --- | --- | --- |', '| plain | 0.64 | 39.53 |', '| preact | 0.2123 | 0.89 |'].join('\n');

function readmeFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-readme-'));
  const noise = (variant: string, depth: number, amplification: number) => probeCase(0, 'claims', 'noise', 'a.b', variant, depth, { 'input-amplification': amplification });
  writeJson(path.join(dir, 'results.json'), documentOf('claims', [noise('plain', 4, 0.64), noise('plain', 16, 39.53148), noise('preact', 4, 0.2123456), noise('preact', 16, 0.89)]));
  writeFileSync(path.join(dir, 'README.md'), `# A README\n\nMeasured:\n\n${open}\n| typed | by hand |\n<!-- end of table -->\n\nMore prose.\n`);
  return path.join(dir, 'README.md');
}

describe('scripts/readme-generated.mjs', () => {
  it('writes the table a block names, then fails --check once a cell of it is edited by hand', () => {
    const readme = readmeFolder();
    expect(generate(readme)).toEqual({ code: 0, stdout: 'README.md: 1 generated blocks regenerated, 1 of them changed\n', stderr: '' });
    const current = `# A README\n\nMeasured:\n\n${open}\n\n${table}\n\n<!-- end of table -->\n\nMore prose.\n`;
    expect(readFileSync(readme, 'utf8')).toBe(current);
    expect(generate(readme, '--check')).toEqual({ code: 0, stdout: 'README.md: all 1 generated blocks are current with their results files\n', stderr: '' });

    const edited = current.replace('| preact | 0.2123 |', '| preact | 0.21 |');
    writeFileSync(readme, edited);
    expect(generate(readme, '--check')).toEqual({
      code: 1,
      stdout: '',
      stderr: `1 of 1 generated blocks are not what the code makes of their results files: run 'node scripts/readme-generated.mjs' and commit the result\n  README.md:5: ${open}\n`,
    });
    expect(readFileSync(readme, 'utf8')).toBe(edited);
  });

  it('checks the blocks of docs/ pages too, their paths relative to the page, leaving the generated references alone', () => {
    const readme = readmeFolder();
    const dir = path.dirname(readme);
    writeFileSync(readme, '# A README\n\nNo measured block here: see docs/findings/noise.md.\n');
    mkdirSync(path.join(dir, 'docs', 'findings'), { recursive: true });
    mkdirSync(path.join(dir, 'docs', 'reference'), { recursive: true });
    const pageOpen = open.replace('results.json', '../../results.json');
    const page = path.join(dir, 'docs', 'findings', 'noise.md');
    writeFileSync(page, `# Noise\n\n${pageOpen}\n<!-- end of table -->\n`);
    // A block in a generated reference is that generator's business: it is neither rewritten nor checked here.
    const reference = `# Reference\n\n${open.replace('results.json', 'missing.json')}\n| typed |\n<!-- end of table -->\n`;
    writeFileSync(path.join(dir, 'docs', 'reference', 'x.md'), reference);

    expect(generate(readme)).toEqual({ code: 0, stdout: 'docs/findings/noise.md: 1 generated blocks regenerated, 1 of them changed\n', stderr: '' });
    const current = `# Noise\n\n${pageOpen}\n\n${table}\n\n<!-- end of table -->\n`;
    expect(readFileSync(page, 'utf8')).toBe(current);
    expect(readFileSync(path.join(dir, 'docs', 'reference', 'x.md'), 'utf8')).toBe(reference);
    expect(generate(readme, '--check')).toMatchObject({ code: 0, stdout: 'docs/findings/noise.md: all 1 generated blocks are current with their results files\n' });

    writeFileSync(page, current.replace('| plain | 0.64 |', '| plain | 0.6 |'));
    expect(generate(readme, '--check')).toEqual({
      code: 1,
      stdout: '',
      stderr: `1 of 1 generated blocks are not what the code makes of their results files: run 'node scripts/readme-generated.mjs' and commit the result\n  docs/findings/noise.md:3: ${pageOpen}\n`,
    });
  });

  it("makes a scorecard's claims headings one level below the section that holds the block", () => {
    const readme = readmeFolder();
    const scorecard = (level: string) => `${level} The claims\n\n<!-- scorecard of results.json: generated by scripts/readme-generated.mjs -->\n<!-- end of scorecard -->\n`;
    for (const [section, claims] of [['#', '## '], ['###', '#### ']] as const) {
      writeFileSync(readme, scorecard(section));
      expect(generate(readme).code).toBe(0);
      const headings = readFileSync(readme, 'utf8').split('\n').filter((line) => line.startsWith('#'));
      expect(headings[0]).toBe(`${section} The claims`);
      expect(headings.length).toBeGreaterThan(1);
      for (const heading of headings.slice(1)) expect(heading.startsWith(claims)).toBe(true);
      expect(generate(readme, '--check').code).toBe(0);
    }
  });
});
