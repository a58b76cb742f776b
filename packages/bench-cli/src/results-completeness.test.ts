import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '@skipbench/engine';
import { gradientDocument, writeJson } from './test-documents.js';
import { skipbench } from './test-cli.js';

const ids = ['plain', 'preact', 'postact', 'ode'];
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'skipbench-complete-'));
/** A complete file and one missing 2 of its 4 planned cases, in a fresh folder. */
function files() {
  const dir = tempDir();
  return {
    dir,
    complete: writeJson(path.join(dir, 'complete.json'), gradientDocument(ids)),
    partial: writeJson(path.join(dir, 'partial.json'), gradientDocument(ids, ['plain', 'preact'])),
  };
}

describe('validate reports completeness', () => {
  it('says how many planned cases an incomplete file misses, and still exits 0 for a valid one', () => {
    const { complete, partial } = files();
    const { code, stdout } = skipbench(['validate', complete, partial]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${complete}: ok, schema 4, gradient@abc, 4 cases\n${partial}: ok, schema 4, gradient@abc, 2 cases, incomplete: 2 planned cases missing\n`);
  });
});

describe('validate refuses what the schema cannot catch, one line each', () => {
  it('a case id that appears twice, naming the id', () => {
    const document = gradientDocument(ids);
    document.cases[2]!.id = 'plain';
    const file = writeJson(path.join(tempDir(), 'twice.json'), document);
    const { code, stdout } = skipbench(['validate', file]);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}: cases.2.id: 'plain' is also the id of cases.0; each case appears once\n`);
  });

  it('an unknown benchmark id', () => {
    const document = gradientDocument(ids);
    document.benchmark.id = 'speed';
    const file = writeJson(path.join(tempDir(), 'speed.json'), document);
    const { code, stdout } = skipbench(['validate', file]);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}: benchmark.id: unknown benchmark 'speed'; known: depth, gradient, throughput, claims, representation, tradeoff, gate-sweep, streams, all\n`);
  });

  it('binary input (a gzip header): one line with the position, no stack', () => {
    const file = path.join(tempDir(), 'binary.json');
    writeFileSync(file, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x0a, 0x00, 0xff, 0xfe, 0x0a]));
    const { code, stdout, stderr } = skipbench(['validate', file]);
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout).toBe(`${file}: not JSON: unexpected U+001F at line 1, column 1 (position 0); is it a binary file?\n`);
  });

  it('NaN: one line with the position', () => {
    const file = path.join(tempDir(), 'nan.json');
    writeFileSync(file, JSON.stringify(gradientDocument(ids), null, 2).replace('"log10-ratio-first-last": -1', '"log10-ratio-first-last": NaN'));
    const { code, stdout } = skipbench(['validate', file]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^${file}: not JSON: unexpected 'N' at line \\d+, column 35 \\(position \\d+\\); NaN and Infinity are not JSON numbers\\n$`));
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const file = path.join(tempDir(), 'bom.json');
    writeFileSync(file, `\ufeff${JSON.stringify(gradientDocument(ids))}`);
    expect(skipbench(['validate', file])).toEqual({ code: 0, stdout: `${file}: ok, schema 4, gradient@abc, 4 cases\n`, stderr: '' });
  });
});

describe('leaderboard refuses incomplete files unless --allow-incomplete', () => {
  it('ranks the complete file and names the incomplete one with how many planned cases it misses', () => {
    const { complete, partial } = files();
    const { code, stdout, stderr } = skipbench(['leaderboard', complete, partial, '--json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { ranked: string[] }).ranked).toEqual([complete]);
    expect(stderr).toBe(`skipbench: not ranked: ${partial}: incomplete: 2 planned cases missing (--allow-incomplete ranks it anyway)\n`);
  });

  it('with no rankable file at all, exits 1 and prints each reason', () => {
    const { dir, partial } = files();
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"schemaVersion": 2');
    const { code, stdout, stderr } = skipbench(['leaderboard', partial, broken]);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toBe(
      `skipbench: not ranked: ${broken}: not JSON: the text ends too early, at line 1, column 20 (position 19)\n` +
        `skipbench: not ranked: ${partial}: incomplete: 2 planned cases missing (--allow-incomplete ranks it anyway)\n` +
        'skipbench: nothing to rank: none of the 2 files can be ranked\n',
    );
  });

  it('ranks an incomplete file with --allow-incomplete', () => {
    const { partial } = files();
    const { code, stdout, stderr } = skipbench(['leaderboard', partial, '--allow-incomplete', '--json']);
    expect([code, stderr]).toEqual([0, '']);
    expect((JSON.parse(stdout) as { ranked: string[] }).ranked).toEqual([partial]);
  });
});

describe('compare refuses incomplete files unless --allow-incomplete', () => {
  it('names the file and how many planned cases it misses, exit 1', () => {
    const { complete, partial } = files();
    expect(skipbench(['compare', complete, partial])).toEqual({
      code: 1,
      stdout: '',
      stderr: `skipbench: ${partial}: incomplete, 2 planned cases missing; use complete results, or add --allow-incomplete to read it anyway.\n`,
    });
    const allowed = skipbench(['compare', complete, partial, '--allow-incomplete']);
    expect([allowed.code, allowed.stderr]).toEqual([0, '']);
    expect(allowed.stdout).toContain('2 metrics in 2 common cases');
  });
});

describe('compare --fail-on a metric no case has', () => {
  it('is a usage error naming the metric and the metrics that exist', () => {
    const { complete } = files();
    expect(skipbench(['compare', complete, complete, '--fail-on', 'nosuchmetric:+5%'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "skipbench: Expected --fail-on to name a metric or probe of these results, but got 'nosuchmetric' (in nosuchmetric:+5%); metrics they have: log10-ratio-first-last.\n",
    });
  });
});

describe('merge refuses a result still missing planned cases unless --allow-incomplete', () => {
  /** Two shards of the 4 planned cases, each listing the other's cases as missing. */
  function shards() {
    const dir = tempDir();
    const shard = (index: 1 | 2, present: string[]) => {
      const document = gradientDocument(ids, present);
      document.benchmark.shard = { index, count: 2 };
      return writeJson(path.join(dir, `shard${index}.json`), document);
    };
    return { dir, one: shard(1, ['plain', 'postact']), two: shard(2, ['preact', 'ode']) };
  }

  it('refuses 1 of 2 shards in one line naming how many are missing, and writes nothing', () => {
    const { dir, one } = shards();
    const out = path.join(dir, 'merged.json');
    expect(skipbench(['merge', one, '--out', out])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'skipbench: The merged result would miss 2 of 4 planned cases (e.g. preact): give every shard, or add --allow-incomplete to merge anyway.\n',
    });
    expect(existsSync(out)).toBe(false);
  });

  it('with --allow-incomplete, writes a document marked incomplete, without the shard marker', () => {
    const { dir, one } = shards();
    const out = path.join(dir, 'merged.json');
    expect(skipbench(['merge', one, '--out', out, '--allow-incomplete']).stdout).toBe(`merged 1 files, 2 cases, into ${out}; incomplete: 2 planned cases missing\n`);
    const merged = parseResults(readFileSync(out, 'utf8'));
    expect([merged.complete, merged.missing, merged.benchmark.shard]).toEqual([false, ['preact', 'ode'], undefined]);
  });

  it('marks the merge of both shards complete', () => {
    const { dir, one, two } = shards();
    const out = path.join(dir, 'merged.json');
    expect(skipbench(['merge', one, two, '--out', out]).code).toBe(0);
    const merged = parseResults(readFileSync(out, 'utf8'));
    expect([merged.complete, merged.missing, merged.cases.map((c) => c.id)]).toEqual([true, undefined, ids]);
  });
});
