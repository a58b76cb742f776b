import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';
import { documentOf, probeCase, writeJson } from './test-documents.js';

/** The repository's README generator (scripts/readme-generated.mjs), run on a README in a temporary folder. */
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
});
