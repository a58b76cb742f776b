import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyConv } from '@skipbench/core/toys';
import { checkOutput, journalPath, lockOutput, lockPath, resumeJournal } from './journal.js';
import { asFlags, refusal } from '../test-errors.js';
import { planBenchmark } from './plan.js';

const tempOut = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'skipbench-journal-')), 'r.json');

describe('the output checks name their options, and a command line words them as its flags', () => {
  it('refuses an existing results file', () => {
    const out = tempOut();
    writeFileSync(out, '{}\n');
    const error = refusal(() => checkOutput(out));
    expect(error.message).toBe(`${out} exists: add force to overwrite it, or choose another out.`);
    expect(error).toMatchObject({ option: 'out', received: out });
    expect(asFlags(error)).toBe(`${out} exists: add --force to overwrite it, or choose another --out.`);
  });

  it('refuses an unfinished run’s journal without resume or force', () => {
    const out = tempOut();
    writeFileSync(journalPath(out), '{}\n');
    const error = refusal(() => checkOutput(out));
    expect(error.message).toBe(`${out}.partial.jsonl holds an unfinished run: add resume to continue it or force to start over.`);
    expect(asFlags(error)).toBe(`${out}.partial.jsonl holds an unfinished run: add --resume to continue it or --force to start over.`);
  });

  it('refuses a folder', () => {
    const folder = tempOut();
    mkdirSync(folder);
    const error = refusal(() => checkOutput(folder, { force: true }));
    expect(error.message).toBe(`out ${folder} is a folder; name a results file, e.g. ${path.join(folder, 'results.json')}.`);
    expect(error).toMatchObject({ option: 'out', received: folder });
    expect(asFlags(error)).toBe(`--out ${folder} is a folder; name a results file, e.g. ${path.join(folder, 'results.json')}.`);
  });

  it('refuses a file another live process holds the lock of', () => {
    const out = tempOut();
    writeFileSync(lockPath(out), `${process.pid}\n`);
    const error = refusal(() => lockOutput(out));
    expect(error.message).toBe(`${out} is being written by another run (pid ${process.pid}, lock ${out}.lock); wait for it or choose another out.`);
    expect(asFlags(error)).toBe(`${out} is being written by another run (pid ${process.pid}, lock ${out}.lock); wait for it or choose another --out.`);
  });
});

describe('resumeJournal refuses a journal of another run, with the option that differs and the value the journal accepts', () => {
  const plan = planBenchmark({ benchmark: 'gradient', architectures: [toyConv], depths: [2] });
  const journalled = (header: object) => {
    const out = tempOut();
    writeFileSync(journalPath(out), `${JSON.stringify(header)}\n`);
    return out;
  };
  const header = { benchmark: plan.benchmark, backend: 'wasm', seeds: plan.seeds, settings: plan.settings, environment: {} };

  it('refuses another backend', () => {
    const error = refusal(() => resumeJournal(journalled({ ...header, backend: 'cpu' }), plan, 'wasm'));
    expect(error.message).toBe("Cannot resume r.json.partial.jsonl: it holds backend cpu, this run is backend wasm; repeat the first run's options or start over with force.");
    expect(error).toMatchObject({ option: 'backend', received: 'wasm', accepted: ['cpu'] });
    expect(asFlags(error)).toBe("Cannot resume r.json.partial.jsonl: it holds backend cpu, this run is backend wasm; repeat the first run's options or start over with --force.");
  });

  it('refuses another shard', () => {
    const error = refusal(() => resumeJournal(journalled({ ...header, benchmark: { ...plan.benchmark, shard: { index: 1, count: 2 } } }), plan, 'wasm'));
    expect(error.message).toBe("Cannot resume r.json.partial.jsonl: it holds shard 1/2, this run is unsharded; repeat the first run's shard or start over with force.");
    expect(error).toMatchObject({ option: 'shard', received: undefined, accepted: [{ index: 1, count: 2 }] });
    expect(asFlags(error)).toBe("Cannot resume r.json.partial.jsonl: it holds shard 1/2, this run is unsharded; repeat the first run's --shard or start over with --force.");
  });

  it('reads the journalled cases of a journal of this run', () => {
    expect(resumeJournal(journalled(header), plan, 'wasm').cases).toEqual([]);
  });
});
