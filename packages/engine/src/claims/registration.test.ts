import { describe, expect, it } from 'vitest';
import { type Plugin, validatePlugin, type Claim } from '@skipbench/core';
import { createRegistry } from '../registry.js';
import standardProbes, { standardClaims } from '@skipbench/probes';

const openGates: Claim = { id: 'gates-closed', statement: 'Gates start closed.', probe: 'gradient-profile', rule: { kind: 'each', test: { op: 'at-most', metric: 'loss', value: 1 } } };
const plugin = (claims: Claim[]): Plugin => ({ apiVersion: 1, claims });

describe('claims in the registry', () => {
  it("holds the standard claims, then a plugin's, each with its package and the benchmark that measures it", () => {
    const { claims, problems } = createRegistry([standardProbes, { plugin: plugin([openGates]), name: 'skipbench-plugin-gates', version: '2.0.0' }]);
    expect(problems).toEqual([]);
    expect([...claims.keys()]).toEqual([...standardClaims.map((c) => c.id), 'gates-closed']);
    expect(claims.get('gates-closed')).toMatchObject({ source: 'skipbench-plugin-gates', version: '2.0.0', run: { benchmark: 'depth' } });
    expect(claims.get('lipschitz-bound')).toMatchObject({ source: '@skipbench/probes', run: { benchmark: 'claims' } });
  });

  it('leaves out, in one line each, a claim id already taken, one on an unknown probe and one naming an unknown benchmark', () => {
    const { claims, problems } = createRegistry([
      standardProbes,
      {
        plugin: plugin([
          { ...openGates, id: 'lipschitz-bound' },
          { ...openGates, id: 'on-nothing', probe: 'no-such-probe' },
          { ...openGates, id: 'run-nowhere', run: { benchmark: 'no-such-benchmark' } },
        ]),
        name: 'skipbench-plugin-gates',
      },
    ]);
    expect(problems).toEqual([
      "skipbench-plugin-gates: its claim 'lipschitz-bound' is left out, @skipbench/probes already has one with that id",
      "skipbench-plugin-gates: its claim 'on-nothing' is left out, no package has the probe 'no-such-probe'",
      "skipbench-plugin-gates: its claim 'run-nowhere' is left out, no package has the benchmark 'no-such-benchmark'",
    ]);
    expect(claims.get('lipschitz-bound')!.source).toBe('@skipbench/probes');
  });
});

describe('validatePlugin on claims', () => {
  it('names each broken field by its path', () => {
    const broken = {
      apiVersion: 1,
      claims: [
        { id: 'Bad Id', statement: '', probe: 'lesion', rule: { kind: 'each', test: { op: 'near', metric: 'x', value: 1 } } },
        { id: 'ok', statement: 'S.', probe: 'lesion', rule: { kind: 'trend', metric: 'x', axis: 'width', direction: 'up' }, families: [] },
        { id: 'ok2', statement: 'S.', probe: 'lesion', rule: { kind: 'versus-plain', metric: 'x', better: 'more' }, requires: ['none'] },
        { id: 'ok3', statement: 'S.', probe: 'lesion', rule: { kind: 'each', test: { op: 'one-of', label: 'regime', values: [] } }, plain: 'plain' },
        { id: 'ok4', statement: 'S.', probe: 'lesion', rule: { kind: 'guess' } },
        { ...openGates, figure: { metrics: [], passes: {} } },
        { ...openGates, figure: { metrics: ['loss'], passes: { min: 'low' } } },
      ],
    };
    expect(validatePlugin(broken)).toEqual([
      `claims[0].id: expected lower-case words joined by '-', but got "Bad Id"`,
      'claims[0].statement: expected the claim in one non-empty sentence',
      'claims[0].rule.test.op: expected one of within, at-most, at-least, one-of, but got "near"',
      'claims[1].rule.axis: expected one of branchScale, depth, but got "width"',
      `claims[1].rule.direction: expected 'rises' or 'falls', but got "up"`,
      'claims[1].families: expected a non-empty array of names, or none',
      `claims[2].rule.better: expected 'lower' or 'higher', but got "more"`,
      'claims[2].requires: expected a non-empty array of additive, gated, concatenation, or none',
      'claims[3].rule.test.values: expected a non-empty array of label values',
      'claims[3].plain: expected an array of variant names, or none',
      'claims[4].rule.kind: expected one of contrast, each, versus-plain, trend, but got "guess"',
      'claims[5].figure.metrics: expected a non-empty array of metric names',
      'claims[5].figure.passes: expected { min?, max? }, at least one of them, finite numbers, but got {}',
      'claims[6].figure.passes: expected { min?, max? }, at least one of them, finite numbers, but got {"min":"low"}',
    ]);
  });

  it("accepts core's own claims", () => {
    expect(validatePlugin({ apiVersion: 1, claims: standardClaims })).toEqual([]);
  });
});
