import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseResults, type CaseResult, type JournalHeader, type ResultsDocument } from '@skipbench/engine';
import { collected, exited, faultyPlugin, nonTiming, projectWith, skipbench, startSkipbench, toyPlugin, until } from './test-cli.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-run-'));
const read = (file: string) => parseResults(readFileSync(file, 'utf8'), file);

/**
 * An interruptible run of 12 depth cases, and how many of them its journal holds so far. The toy's cases take
 * milliseconds: 300 train steps make each of its 4 trainability cases last a second or more, so the run is
 * still going when a test interrupts it.
 */
function interruptibleRun(dir = tempDir()) {
  const out = path.join(dir, 'depth.json');
  const args = ['run', 'depth', '--arch', 'toy.mlp', '--depths', '2,4,8,12', '--variant', 'residual', '--width', '8', '--train-steps', '300', '--jobs', '1', '--out', out];
  const journal = `${out}.partial.jsonl`;
  const finishedCases = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"probe"')).length : 0);
  return { out, args, journal, finishedCases };
}

/** A journal header for `document`'s run, changed by `edit`: what `--resume` checks. */
function journalOf(document: ResultsDocument, edit: (header: JournalHeader) => void): string {
  const header: JournalHeader = { benchmark: document.benchmark as JournalHeader['benchmark'], backend: 'wasm', seeds: document.seeds, settings: document.settings, environment: document.environment };
  edit(header);
  return `${JSON.stringify(header)}\n`;
}

describe('resume', () => {
  it('after kill -9 mid-run, --resume keeps every finished case once, runs the rest, and matches an uninterrupted run', async () => {
    const { out, args, journal, finishedCases } = interruptibleRun();
    const child = startSkipbench(args);
    while (finishedCases() < 4) await sleep(20);
    child.kill('SIGKILL');
    await exited(child);
    expect(existsSync(out)).toBe(false);
    const finished = finishedCases();
    const journalled = readFileSync(journal, 'utf8');

    const resumed = skipbench([...args, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resuming ${out}: ${finished} of 12 cases done`);
    expect(resumed.stderr.match(/^\[\d+\/\d+\]/gm)).toHaveLength(12 - finished);
    const document = read(out);
    expect(document.complete).toBe(true);
    expect(document.cases.map((c) => c.index)).toEqual([...Array(12).keys()]);
    // The cases finished before the kill are the journal's, byte for byte.
    for (const line of journalled.trim().split('\n').slice(1)) {
      const kept = JSON.parse(line) as CaseResult;
      expect(document.cases.find((c) => c.id === kept.id)).toEqual(kept);
    }
    expect(existsSync(journal)).toBe(false);

    const uninterrupted = interruptibleRun();
    expect(skipbench(uninterrupted.args).code).toBe(0);
    expect(document.cases.map(nonTiming)).toEqual(read(uninterrupted.out).cases.map(nonTiming));
  });

  it('refuses a journal of other options, another backend, seed or shard, or with no header, in one line with exit 2', () => {
    const dir = tempDir();
    const reference = path.join(dir, 'reference.json');
    const args = ['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2', '--variant', 'plain', '--norm', 'none', '--init', 'he'];
    expect(skipbench([...args, '--out', reference]).code).toBe(0);
    const document = read(reference);
    const out = path.join(dir, 'g.json');
    const journal = `${out}.partial.jsonl`;
    const refusal = (contents: string, extra: string[] = []) => {
      writeFileSync(journal, contents);
      const { code, stderr, stdout } = skipbench([...args, '--out', out, '--resume', ...extra]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      return stderr;
    };
    expect(refusal(journalOf(document, (h) => (h.benchmark = { ...h.benchmark, version: 'aaaaaaaaaaaa' })))).toBe(
      `skipbench: Cannot resume g.json.partial.jsonl: it holds benchmark gradient@aaaaaaaaaaaa, this run is benchmark gradient@${document.benchmark.version} (other options); repeat the first run's options or start over with --force.\n`,
    );
    expect(refusal(journalOf(document, () => {}), ['--backend', 'cpu'])).toBe(
      "skipbench: Cannot resume g.json.partial.jsonl: it holds backend wasm, this run is backend cpu; repeat the first run's options or start over with --force.\n",
    );
    expect(refusal(journalOf(document, (h) => (h.seeds = [7])))).toBe(
      'skipbench: Cannot resume g.json.partial.jsonl: it holds seeds 7, this run is seeds 1234; ask --seeds for every seed it holds (more may be added) or start over with --force.\n',
    );
    expect(refusal(journalOf(document, (h) => (h.benchmark = { ...h.benchmark, shard: { index: 1, count: 2 } })))).toBe(
      "skipbench: Cannot resume g.json.partial.jsonl: it holds shard 1/2, this run is unsharded; repeat the first run's --shard or start over with --force.\n",
    );
    const [firstCase] = document.cases;
    expect(refusal(`${JSON.stringify(firstCase)}\n`)).toBe(
      'skipbench: Cannot resume g.json.partial.jsonl: it has no header line, so nothing says which run its cases belong to; start over with --force.\n',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('--out', () => {
  const args = ['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2', '--variant', 'plain', '--norm', 'none', '--init', 'he'];

  it('refuses to overwrite a results file without --force, and overwrites it with --force', () => {
    const dir = tempDir();
    const out = path.join(dir, 'r.json');
    writeFileSync(out, 'precious\n');
    const refused = skipbench([...args, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`skipbench: ${out} exists: add --force to overwrite it, or choose another --out.\n`);
    expect(readFileSync(out, 'utf8')).toBe('precious\n');
    expect(skipbench([...args, '--out', out, '--force']).code).toBe(0);
    expect(read(out).cases).toHaveLength(1);
  });

  it('refuses a folder, and an unfinished run’s journal without --resume or --force, before running anything', () => {
    const dir = tempDir();
    const folder = path.join(dir, 'results');
    mkdirSync(folder);
    const asFolder = skipbench([...args, '--out', folder]);
    expect(asFolder.code).toBe(2);
    expect(asFolder.stderr).toBe(`skipbench: --out ${folder} is a folder; name a results file, e.g. ${path.join(folder, 'results.json')}.\n`);
    const out = path.join(dir, 'r.json');
    writeFileSync(`${out}.partial.jsonl`, '{}\n');
    const unfinished = skipbench([...args, '--out', out]);
    expect(unfinished.code).toBe(2);
    expect(unfinished.stderr).toBe(`skipbench: ${out}.partial.jsonl holds an unfinished run: add --resume to continue it or --force to start over.\n`);
    expect(unfinished.stderr).not.toContain('backend');
  });

  it('a second run on the same file refuses, naming the first one’s pid; a lock left by a dead process is taken over', async () => {
    const { out, args: longArgs, finishedCases } = interruptibleRun();
    const first = startSkipbench(longArgs);
    while (finishedCases() < 1) await sleep(20);
    const second = skipbench([...longArgs, '--force']);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`skipbench: ${out} is being written by another run (pid ${first.pid}, lock ${out}.lock); wait for it or choose another --out.\n`);
    first.kill('SIGKILL');
    await exited(first);
    // kill -9 left the lock behind: its process is gone, so the next run takes it.
    expect(readFileSync(`${out}.lock`, 'utf8')).toBe(`${first.pid}\n`);
    const after = skipbench([...longArgs, '--resume']);
    expect(after.code).toBe(0);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });
});

describe('signals', () => {
  it('Ctrl-C: says at once it is stopping, lets the running case finish, writes the file marked incomplete, exit 130; --resume finishes', async () => {
    const { out, args, finishedCases } = interruptibleRun();
    const child = startSkipbench(args);
    const stderr = collected(child.stderr);
    await until(() => finishedCases() >= 2);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(stderr.text).toContain('skipbench: SIGINT: stopping; no new case starts, 1 running finish first (Ctrl-C again to stop them now)\n');
    const document = read(out);
    const kept = document.cases.length;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(12);
    expect(document.complete).toBe(false);
    expect(document.missing).toHaveLength(12 - kept);
    expect(stderr.text).toContain(`skipbench: interrupted with ${kept} of 12 cases done; ${out} is marked incomplete; add --resume to the same command to finish\n`);
    const resumed = skipbench([...args, '--resume']);
    expect(resumed.code).toBe(0);
    const finished = read(out);
    expect(finished.complete).toBe(true);
    expect(finished.cases.map((c) => c.index)).toEqual([...Array(12).keys()]);
  });

  it('a second Ctrl-C, a second after the first, stops the running case at once: the file is written without it, marked incomplete', async () => {
    const project = projectWith([toyPlugin, faultyPlugin]);
    const out = path.join(project, 'hang.json');
    const child = startSkipbench(['run', 'gradient', '--arch', '{faulty,toy}.*', '--variant', 'residual,hangs', '--init', 'glorot', '--depths', '2', '--case-timeout', '600', '--jobs', '2', '--out', out], project);
    const stderr = collected(child.stderr);
    await until(() => stderr.text.includes('residual/none/glorot/d2/b8/gradient-profile/seed=1234 ok'));
    child.kill('SIGINT');
    await until(() => stderr.text.includes('SIGINT: stopping'));
    // The same signal within a second is taken for one delivered twice (a launcher passing on the terminal's).
    await sleep(1100);
    const started = performance.now();
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(stderr.text).toContain('skipbench: SIGINT again: stopping the running cases now and writing what is done\n');
    const document = read(out);
    expect(document.cases.map((c) => `${c.arch} ${c.variant} ${c.status}`)).toEqual(['toy.mlp residual ok']);
    expect(document.complete).toBe(false);
    expect(document.missing).toEqual(['gradient/faulty.mlp/hangs/none/glorot/d2/b8/gradient-profile/seed=1234']);
  });

  it('a closed stderr pipe does not end the run', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'r.json');
    const child = startSkipbench(['run', 'gradient', '--arch', 'toy.mlp', '--depths', '2,3', '--variant', 'plain', '--norm', 'none', '--init', 'he', '--out', out]);
    child.stderr.destroy();
    child.stdout.destroy();
    expect(await exited(child)).toBe(0);
    expect(read(out).cases.map((c) => c.status)).toEqual(['ok', 'ok']);
  });
});
