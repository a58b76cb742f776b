import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKEND_CHOICES } from '@skipbench/backends';
import { BENCHMARK_IDS, standardProbes } from '@skipbench/probes';
import { INITIALIZERS, NORMALIZATIONS, tf } from '@skipbench/core';
import { PRESET_IDS } from '@skipbench/engine';
import { main } from './cli.js';
import { fixtureProject } from './test-cli.js';

/** A run that would be valid (and quick): every generated invocation breaks it in at least one place. */
const validBase = (out: string): Record<string, string> => ({
  '--arch': 'toy.*',
  '--variant': 'plain',
  '--norm': 'none',
  '--init': 'he',
  '--depths': '2',
  '--width': '4',
  '--input-size': '8',
  '--out': out,
});

type Override = { benchmark?: string; flags: Record<string, string> };
const flag = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<Override> => value.map((v) => ({ flags: { [name]: v } }));

/** A name no plugin or core list has: `zz` is no prefix of any id. */
const unknownName = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/).map((s) => `zz${s}`);
const badInteger = fc.oneof(
  fc.integer({ min: -1000, max: 0 }).map(String),
  fc.double({ min: 0.01, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)).map(String),
  fc.constantFrom('', 'x', '1e', '2x', ' ', '--1', 'NaN', 'Infinity'),
);
const badPositiveNumber = fc.oneof(fc.integer({ min: -1000, max: 0 }).map(String), fc.constantFrom('', 'x', 'NaN', '-Infinity', '0', '-0.5'));
/** A list with one bad element (zero, negative, fraction, word, empty) or one value repeated. */
const badIntegerList = fc.oneof(
  fc.tuple(fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 3 }), badInteger, fc.nat()).map(([good, bad, at]) => {
    const list = good.map(String);
    list.splice(at % (list.length + 1), 0, bad);
    return list.join(',');
  }),
  fc.uniqueArray(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 3 }).map((values) => [...values, values[0]!].join(',')),
);
/** Unknown names, a repeated known one, or an empty list. */
const badNameList = (known: readonly string[]) =>
  fc.oneof(
    fc.tuple(fc.subarray([...known], { maxLength: Math.min(2, known.length) }), unknownName).map(([good, bad]) => [...good, bad].join(',')),
    fc.constantFrom(...known).map((name) => `${name},${name}`),
    fc.constantFrom(',', ' , '),
  );
const badShard = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })).filter(([i, n]) => i > n).map(([i, n]) => `${i}/${n}`),
  fc.integer({ min: 1, max: 9 }).map((n) => `0/${n}`),
  fc.constantFrom('', 'x', '1/0', '1/2/3', '-1/2', '1.5/2', 'auto/x', '2'),
);
const badOption = fc.oneof(
  fc.constantFrom('gate-bias', '=1', 'levels=', 'gate-bias=high', '1x=2'),
  unknownName.map((name) => `${name}=1`),
);

/** Invalid values of flags the run command may not have yet (`--jobs`, `--case-timeout`, `--max-memory`, `--out` a folder). */
function laterFlags(runHelp: string, dir: string): Array<fc.Arbitrary<Override>> {
  const has = (name: string) => runHelp.includes(`${name} `) || runHelp.includes(`${name}\n`);
  return [
    ...(has('--jobs') ? [flag('--jobs', fc.oneof(badInteger, fc.constantFrom('autox', 'all', 'auto,2')))] : []),
    ...(has('--case-timeout') ? [flag('--case-timeout', badPositiveNumber)] : []),
    ...(has('--max-memory') ? [flag('--max-memory', badPositiveNumber)] : []),
    // `--out` a directory is refused up front once `--force` (the same change) exists; until then it is found after the run.
    ...(has('--force') ? [flag('--out', fc.constant(dir))] : []),
  ];
}

function invalidOverrides(runHelp: string, dir: string): fc.Arbitrary<Override> {
  const toyVariants = ['plain', 'residual'];
  return fc.oneof(
    flag('--seed', fc.oneof(fc.integer({ min: -(2 ** 40), max: -1 }).map(String), fc.integer({ min: 2 ** 32, max: 2 ** 45 }).map(String), badInteger.filter((s) => !/^-?\d+$/.test(s)))),
    flag('--depths', badIntegerList),
    flag('--batch', badIntegerList),
    flag('--variant', badNameList(toyVariants)),
    flag('--norm', badNameList(NORMALIZATIONS.filter((n) => n !== 'layer'))),
    flag('--init', badNameList(INITIALIZERS.filter((i) => i !== 'pytorch'))),
    flag('--probe', badNameList(standardProbes.filter((p) => p.id === 'gradient-profile').map((p) => p.id))),
    flag('--preset', fc.oneof(unknownName, fc.constant(''))),
    flag('--backend', fc.oneof(unknownName, fc.constant(''))),
    flag('--task', fc.oneof(unknownName, fc.constant(''))),
    flag('--arch', fc.constantFrom('', ' ', 'zz.*')),
    flag('--shard', badShard),
    flag('--option', badOption),
    flag('--width', badInteger),
    flag('--input-size', badInteger),
    flag('--repeat', badInteger),
    flag('--train-steps', badInteger),
    flag('--branch-scale', fc.constantFrom('', 'x', 'NaN', 'Infinity', '1..2')),
    flag('--out', fc.constant(path.join(dir, 'no', 'such', 'folder', 'r.json'))),
    // The gate fixture's gated-blocks are at most the depth (2 here): refused up front, never capped.
    fc.integer({ min: 3, max: 12 }).map((blocks) => ({ flags: { '--arch': 'gate.*', '--option': `gated-blocks=${blocks}` } })),
    fc.oneof(unknownName, fc.constant('')).map((benchmark) => ({ benchmark, flags: {} })),
    ...laterFlags(runHelp, dir),
  );
}

/** Valid variations, so invalid values meet other flags in every order. */
const validExtras = fc.record(
  {
    '--seed': fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(String),
    '--preset': fc.constantFrom(...PRESET_IDS),
    '--backend': fc.constantFrom(...BACKEND_CHOICES.filter((b) => b === 'wasm' || b === 'cpu')),
    '--json': fc.constant(''),
  },
  { requiredKeys: [] },
);

const invocation = (runHelp: string, dir: string) =>
  fc
    .tuple(fc.constantFrom(...BENCHMARK_IDS.filter((b) => b !== 'representation'), 'all'), validExtras, fc.array(invalidOverrides(runHelp, dir), { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([benchmark, extras, overrides, flagsFirst]) => {
      const flags: Record<string, string> = { ...validBase(path.join(dir, 'r.json')), ...extras };
      let chosen: string = benchmark;
      for (const override of overrides) {
        Object.assign(flags, override.flags);
        if (override.benchmark !== undefined) chosen = override.benchmark;
      }
      const options = Object.entries(flags).map(([name, value]) => (name === '--json' ? name : `${name}=${value}`));
      return flagsFirst ? ['run', ...options, chosen] : ['run', chosen, ...options];
    });

/** Runs the CLI in this process, capturing what it writes. */
async function capture(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

// The CLI runs in this process: it discovers the fixture plugins from the working folder.
const started = process.cwd();
beforeAll(() => process.chdir(fixtureProject()));
afterAll(() => process.chdir(started));

describe('run: every invalid argument is exit 2, one line, before anything runs or is written', () => {
  it('holds for 500 generated invocations', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skipbench-property-'));
    const runHelp = (await capture(['run', '--help'])).stdout;
    expect(runHelp).toContain('--seed <n>');
    await fc.assert(
      fc.asyncProperty(invocation(runHelp, dir), async (argv) => {
        const { code, stdout, stderr } = await capture(argv);
        expect({ argv, code, stdout, lines: stderr.split('\n').slice(0, -1).length }).toEqual({ argv, code: 2, stdout: '', lines: 1 });
        expect(stderr).toMatch(/^skipbench: [^\n]+\n$/);
        expect(readdirSync(dir)).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // No backend was initialised: validation came before any engine work.
    expect(tf.engine().backendName).toBeFalsy();
  });
});
