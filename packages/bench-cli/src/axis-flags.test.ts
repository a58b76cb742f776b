import { AXES, type AxisField, type AxisSpec, type AxisTable } from '@skipbench/engine';
import { describe, expect, it } from 'vitest';
import { AXIS_FLAGS, axisFlagOf, caseKeyFlag, parseAxisOptions, suggestedCommand, type FlagSpec } from './axis-flags.js';
import { program } from './cli.js';
import { parseList } from './parse-args.js';

/** An axis only this test declares: the flag table is all the CLI needs to offer, parse and spell it. */
const dropout: AxisSpec = { summary: 'dropout rate', request: 'dropouts', takes: 'list', schema: AXES.branchScale.schema, default: 'none', field: 'dropout' as AxisField, optional: true, hashed: true };
const axes: AxisTable = { ...AXES, dropout };
const flags: Readonly<Record<string, FlagSpec>> = { ...AXIS_FLAGS, dropout: { flag: '--dropout', argument: '<list>', help: 'dropout rates, comma-separated', parse: (text) => parseList(text).map(Number) } };
const runHelp = (table: Readonly<Record<string, FlagSpec>>, axisTable: AxisTable) =>
  program(() => {}, table, axisTable)
    .commands.find((command) => command.name() === 'run')!
    .helpInformation()
    .replace(/\s+/g, ' ');

describe('the axis flags', () => {
  it("offers every axis's flag in run --help with the axis's default, a test-only axis too", () => {
    const help = runHelp(flags, axes);
    expect(help).toContain("--depths <list> depths, comma-separated positive integers (default: the preset's sweep of the benchmark)");
    expect(help).toContain("--seeds <n|list> seeds, each a replicate of every case not timed: a count N (--seed and the next N-1) or a comma-separated list (default: the preset's seed count from 1234)");
    expect(help).toContain('--dropout <list> dropout rates, comma-separated (default: none)');
    expect(runHelp(AXIS_FLAGS, AXES)).not.toContain('--dropout');
  });

  it('parses each given flag into the plan option its axis names', () => {
    expect(parseAxisOptions({ depths: '8,32', inputSize: '12', option: ['gate-bias=0,2'], dropout: '0.1,0.5' }, flags, axes)).toEqual({
      depths: [8, 32],
      inputSize: 12,
      options: { 'gate-bias': [0, 2] },
      dropouts: [0.1, 0.5],
    });
  });

  it('spells plan options, case keys and suggested runs by their flags', () => {
    expect([axisFlagOf('norms'), axisFlagOf('dropouts', flags, axes), axisFlagOf('out')]).toEqual(['--norm', '--dropout', undefined]);
    expect([caseKeyFlag('depth'), caseKeyFlag('inputSize'), caseKeyFlag('dropout', flags, axes)]).toEqual(['--depths', '--input-size', '--dropout']);
    const run = { benchmark: 'tradeoff', arch: 'gru.*', axes: { variant: 'plain', dropout: '0.5', norm: 'none' }, options: { 'gate-bias': '2' }, preset: 'standard' };
    expect(suggestedCommand(run, flags)).toBe("skipbench run tradeoff --arch 'gru.*' --variant plain --norm none --dropout 0.5 --option gate-bias=2 --preset standard");
  });
});
