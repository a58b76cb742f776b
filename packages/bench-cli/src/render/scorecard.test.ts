import { describe, expect, it } from 'vitest';
import type { Claim } from '@skipbench/core';
import type { RunSuggestion, Scorecard } from '@skipbench/engine';
import { scorecardHtml, scorecardMarkdown, scorecardText } from './scorecard.js';

const claim: Claim = { id: 'some-claim', statement: 'A statement.', probe: 'euler', rule: { kind: 'each', test: { op: 'at-most', metric: 'm', value: 1 } } };
const run = (arch: string | undefined, variant?: string): RunSuggestion => ({ benchmark: 'claims', ...(arch === undefined ? {} : { arch }), axes: variant === undefined ? {} : { variant }, options: {} });

/** One claim, undecided in three families, each row suggesting the runs given. */
const card = (...toRun: RunSuggestion[][]): Scorecard => ({
  claims: [
    {
      claim,
      source: 'plugin',
      version: '1.0.0',
      rule: 'a rule',
      rows: toRun.map((runs, i) => ({ family: `family${i}`, verdict: { status: 'not-enough-data', reason: 'no case' }, findings: [], toRun: runs })),
    },
  ],
});

describe('the runs a scorecard suggests', () => {
  // resnet.basic is installed; no transformer, and not resnet.mlp.
  const installed = ['resnet.basic', 'gate.mlp'];
  const suggested = card([run('resnet.*'), run('transformer.*')], [run('resnet.basic', 'plain'), run('resnet.mlp', 'plain')], [run(undefined), run('transformer.*')]);

  it('prints the command where its --arch selects an installed architecture, and what it needs where it selects none, each once', () => {
    const text = scorecardText(suggested, installed);
    expect(text.slice(text.indexOf('  to decide the rest:'))).toBe(
      [
        '  to decide the rest:',
        "    skipbench run claims --arch 'resnet.*'",
        '    (needs an architecture of family transformer: none installed)',
        '    skipbench run claims --arch resnet.basic --variant plain',
        '    (needs the architecture resnet.mlp: not installed)',
        '    skipbench run claims',
        '',
      ].join('\n'),
    );
  });

  it('keeps what cannot run out of code in Markdown and HTML', () => {
    expect(scorecardMarkdown(suggested, installed)).toContain(
      "To decide the rest:\n\n- `skipbench run claims --arch 'resnet.*'`\n- (needs an architecture of family transformer: none installed)\n- `skipbench run claims --arch resnet.basic --variant plain`\n- (needs the architecture resnet.mlp: not installed)\n- `skipbench run claims`\n",
    );
    expect(scorecardHtml(suggested, installed)).toContain(
      "<ul><li><code>skipbench run claims --arch 'resnet.*'</code></li><li>(needs an architecture of family transformer: none installed)</li><li><code>skipbench run claims --arch resnet.basic --variant plain</code></li><li>(needs the architecture resnet.mlp: not installed)</li><li><code>skipbench run claims</code></li></ul>",
    );
  });

  it('says what every suggestion needs where nothing is installed', () => {
    expect(scorecardText(card([run('resnet.*')]), []).split('\n').at(-2)).toBe('    (needs an architecture of family resnet: none installed)');
  });
});
