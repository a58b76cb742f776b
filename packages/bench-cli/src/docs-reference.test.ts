import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-cli.js';

/** The repository's reference generator (scripts/docs-reference.mjs), run on a copy of docs/reference. */
const repository = path.resolve(packageDir, '..', '..');
const script = path.join(repository, 'scripts', 'docs-reference.mjs');
const generate = (dir: string, ...flags: string[]) => {
  const result = spawnSync(process.execPath, [script, '--out', path.join(dir, 'reference'), ...flags], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** A module whose `program` is the CLI's, but with `run --seeds` helped by other words: an option's help edited. */
function editedProgram(dir: string): string {
  const file = path.join(dir, 'edited-cli.mjs');
  writeFileSync(
    file,
    [
      `import { program as declared } from ${JSON.stringify(pathToFileURL(path.join(packageDir, 'dist', 'cli.js')).href)};`,
      'export function program(setExit) {',
      '  const cli = declared(setExit);',
      "  const seeds = cli.commands.find((command) => command.name() === 'run').options.find((option) => option.long === '--seeds');",
      "  seeds.description = 'how many seeds, edited by a test (default: 7 from 1234)';",
      '  return cli;',
      '}',
    ].join('\n'),
  );
  return file;
}

describe('scripts/docs-reference.mjs', () => {
  it('finds the committed references current, then fails --check naming cli.md once an option’s help changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-docs-reference-'));
    cpSync(path.join(repository, 'docs', 'reference'), path.join(dir, 'reference'), { recursive: true });
    expect(generate(dir, '--check')).toEqual({ code: 0, stdout: 'reference: all 4 generated references are current\n', stderr: '' });

    const program = editedProgram(dir);
    expect(generate(dir, '--check', '--program', program)).toEqual({
      code: 1,
      stdout: '',
      stderr: "1 of 4 generated references are not what the code declares: run 'node scripts/docs-reference.mjs' and commit the result\n  reference/cli.md\n",
    });

    expect(generate(dir, '--program', program)).toEqual({ code: 0, stdout: 'reference: 4 generated references written, 1 of them changed\n', stderr: '' });
    expect(readFileSync(path.join(dir, 'reference', 'cli.md'), 'utf8')).toContain('| `--seeds <n\\|list>` | how many seeds, edited by a test | 7 from 1234 |');
    expect(generate(dir, '--check', '--program', program).code).toBe(0);
  });
});
