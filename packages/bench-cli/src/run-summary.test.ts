import { createRegistry } from '@skipbench/engine';
import standardProbes from '@skipbench/probes';
import { describe, expect, it } from 'vitest';
import { runSummary } from './run-summary.js';
import { documentOf, probeCase } from './test-documents.js';

const registry = createRegistry([standardProbes]);
const gradient = (index: number, variant: string, norm: string, verdict: string, seed = 1) => ({
  ...probeCase(index, 'gradient', 'gradient-profile', 'resnet.basic', variant, 16, { 'log10-rms-ratio-first-last': verdict === 'healthy' ? 0.5 : -9 }, { verdict }),
  id: `gradient/${variant}/${norm}/seed=${seed}`,
  config: { width: 16, inputSize: 16, norm, init: 'glorot', branchScale: 1, seed },
});

describe('the end of a run', () => {
  it('counts the cases by status, names each failure, and gives the verdicts, the file and the report command', () => {
    const failed = { ...probeCase(4, 'gradient', 'gradient-profile', 'resnet.basic', 'postact', 16, {}), status: 'failed' as const, error: 'out of memory' };
    // preact is healthy where plain vanishes (norm none) and where plain is healthy too (norm batch): held where norm is none.
    const cases = [gradient(0, 'preact', 'none', 'healthy'), gradient(1, 'plain', 'none', 'vanishing'), gradient(2, 'preact', 'batch', 'healthy'), gradient(3, 'plain', 'batch', 'healthy'), failed];
    expect(runSummary([{ document: documentOf('gradient', cases), out: 'results/gradient.json' }], registry)).toBe(
      [
        '5 cases: 4 ok, 1 failed',
        `  failed: ${failed.id}: out of memory`,
        '',
        'the claims these cases decide (? undecided; skipbench scorecard for the numbers), each from 1 seed: a point verdict, no interval (--seeds 5 gives intervals):',
        'claim                   resnet',
        '----------------------  -----------------------',
        'gradient-stays-healthy  holds when norm is none',
        '',
        'wrote results/gradient.json',
        'the report: skipbench report results/gradient.json --html results/gradient.html',
      ].join('\n'),
    );
  });

  it('gives each verdict its seed count where the verdicts rest on different counts', () => {
    // resnet at three seeds (held: every seed healthy against vanishing); gnn at one.
    const resnet = [1, 2, 3].flatMap((seed, i) => [gradient(2 * i, 'preact', 'none', 'healthy', seed), gradient(2 * i + 1, 'plain', 'none', 'vanishing', seed)]);
    const gnn = [gradient(6, 'residual', 'none', 'healthy'), gradient(7, 'plain', 'none', 'vanishing')].map((c) => ({ ...c, id: `gnn/${c.id}`, arch: 'gnn.gcn' }));
    const lines = runSummary([{ document: documentOf('gradient', [...resnet, ...gnn]), out: 'g.json' }], registry).split('\n');
    expect(lines.slice(2, 6)).toEqual([
      'the claims these cases decide (? undecided; skipbench scorecard for the numbers):',
      'claim                   gnn         resnet',
      '----------------------  ----------  ----------',
      'gradient-stays-healthy  held (n=1)  held (n=3)',
    ]);
  });

  it('says so when no claim is decided', () => {
    const lonely = documentOf('gradient', [gradient(0, 'preact', 'none', 'healthy')]);
    expect(runSummary([{ document: lonely, out: 'g.json' }], registry).split('\n').slice(0, 3)).toEqual(['1 cases: 1 ok', '', 'no claim is decided by these cases (skipbench list: the claims, and what measures them)']);
  });
});
