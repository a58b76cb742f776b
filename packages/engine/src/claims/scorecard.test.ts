import standardProbes, { RANK_COLLAPSE } from '@skipbench/probes';
import { defineClaim, type Claim } from '@skipbench/core';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../registry.js';
import { document, measured } from '../results/test-documents.js';
import { buildScorecard, describeVerdict, type ScorecardRow } from './scorecard.js';

// A family's own claim, as the transformer package declares it, for a fixture family that declares its ablations.
const rankCollapse = defineClaim(RANK_COLLAPSE, {
  id: 'attention-rank-collapse',
  statement: 'Attention without skips collapses the tokens to rank one with depth; with skips it does not.',
  probe: 'rank-collapse',
  rule: { kind: 'contrast', test: { op: 'one-of', label: RANK_COLLAPSE.labels.regime, values: ['holding', 'decaying'] } },
  shows: [RANK_COLLAPSE.metrics.relativeLast],
  families: ['transformer'],
});
const euler: Claim = { id: 'euler-converges', statement: 'ode converges', probe: 'euler', rule: { kind: 'each', test: { op: 'at-least', metric: 'convergence-order', value: 0.5 } }, families: ['resnet'], skip: ['ode'] };
const { claims } = createRegistry([standardProbes, { apiVersion: 2, claims: [rankCollapse, euler] }]);

type Declared = Parameters<typeof document>[2];
const transformerDeclared: Declared = {
  'transformer.block': { plain: { skips: ['none'] }, preln: { skips: ['additive'] }, attention: { skips: ['none'], ablates: ['attention-skip'] }, 'attention-skip': { skips: ['additive'] } },
};

/** The scorecard row of one claim and family, its verdict spelled as the CLI prints it. */
function row(cases: ReturnType<typeof measured>[], claim: string, family: string, declared: Declared = {}) {
  const card = buildScorecard([document(cases, {}, declared)], [claims.get(claim)!]);
  const found = card.claims[0]!.rows.find((r) => r.family === family) as ScorecardRow;
  return { verdict: describeVerdict(found.verdict), findings: found.findings.map((f) => `${f.regime}: ${f.status}: ${f.detail}`), toRun: found.toRun };
}

const gradient = (arch: string, variant: string, depth: number, norm: string, verdict: string, ratio: number) =>
  measured('gradient-profile', arch, variant, depth, { config: { norm }, labels: { verdict }, metrics: { 'log10-rms-ratio-first-last': ratio } });

describe('contrast: gradient-stays-healthy', () => {
  const cases = [
    gradient('resnet.basic', 'preact', 8, 'batch', 'healthy', 0.78),
    gradient('resnet.basic', 'preact', 64, 'batch', 'healthy', 1.66),
    gradient('resnet.basic', 'plain', 64, 'batch', 'exploding', 9.43),
    gradient('resnet.basic', 'preact', 64, 'none', 'exploding', 3.27),
    gradient('resnet.basic', 'plain', 64, 'none', 'vanishing', -19.83),
    gradient('transformer.block', 'preln', 8, 'layer', 'healthy', 0.1),
  ];

  it('holds only in the regime where the skip variant is healthy and plain is not, at the deepest depth both ran', () => {
    expect(row(cases, 'gradient-stays-healthy', 'resnet')).toEqual({
      verdict: 'holds only when norm is batch (held in 1, not held in 1 of 2 regimes; 1 seed, no interval)',
      findings: [
        'preact, norm=batch: held: preact healthy (log10-rms-ratio-first-last 1.66) vs plain exploding (log10-rms-ratio-first-last 9.43) at depth 64',
        'preact, norm=none: not-held: preact exploding (log10-rms-ratio-first-last 3.27) vs plain vanishing (log10-rms-ratio-first-last -19.83) at depth 64',
      ],
      toRun: [],
    });
  });

  it('has not enough data without a plain case in the regime, and says what to run', () => {
    expect(row(cases, 'gradient-stays-healthy', 'transformer')).toEqual({
      verdict: 'not enough data: no plain case in this regime',
      findings: ['preln: not-enough-data: no plain case in this regime'],
      toRun: [{ benchmark: 'gradient', arch: 'transformer.block', axes: { variant: 'plain', norm: 'layer', init: 'he' }, options: {} }],
    });
  });

  it('has not enough data where the two ran at no common depth', () => {
    const apart = [gradient('gnn.gcn', 'residual', 32, 'none', 'healthy', 0.2), gradient('gnn.gcn', 'plain', 8, 'none', 'healthy', -1)];
    expect(row(apart, 'gradient-stays-healthy', 'gnn')).toEqual({
      verdict: 'not enough data: no depth where both ran (residual: 32; plain: 8)',
      findings: ['residual: not-enough-data: no depth where both ran (residual: 32; plain: 8)'],
      toRun: [{ benchmark: 'gradient', arch: 'gnn.gcn', axes: { variant: 'plain', depth: '32', norm: 'none', init: 'he' }, options: {} }],
    });
  });

  it('joins the fewest settings that cover the held regimes and no other', () => {
    const grid = (norm: string, init: string, skip: string, plain: string) => [
      { ...gradient('resnet.basic', 'preact', 32, norm, skip, 1), config: { ...gradient('resnet.basic', 'preact', 32, norm, skip, 1).config, init }, id: `s/${norm}/${init}` },
      { ...gradient('resnet.basic', 'plain', 32, norm, plain, 5), config: { ...gradient('resnet.basic', 'plain', 32, norm, plain, 5).config, init }, id: `p/${norm}/${init}` },
    ];
    const cases = [...grid('none', 'glorot', 'healthy', 'vanishing'), ...grid('none', 'he', 'exploding', 'healthy'), ...grid('batch', 'glorot', 'healthy', 'exploding'), ...grid('batch', 'he', 'healthy', 'exploding')];
    expect(row(cases, 'gradient-stays-healthy', 'resnet').verdict).toBe('holds only when init is glorot, or norm is batch (held in 3, not held in 1 of 4 regimes; 1 seed, no interval)');
  });

  it('is not held where the plain variant passes too', () => {
    const both = [gradient('gnn.gcn', 'residual', 8, 'none', 'healthy', 0.2), gradient('gnn.gcn', 'plain', 8, 'none', 'healthy', -1)];
    expect(row(both, 'gradient-stays-healthy', 'gnn').verdict).toBe('not held (1 seed, no interval)');
  });
});

describe('contrast with a label: attention-rank-collapse', () => {
  it('names the variant when it is what separates held from not held', () => {
    const rank = (variant: string, norm: string, regime: string) => measured('rank-collapse', 'transformer.block', variant, 32, { config: { norm }, labels: { regime }, metrics: { 'relative-last': regime === 'collapsed' ? 0 : 0.13 } });
    const cases = [rank('preln', 'layer', 'holding'), rank('plain', 'layer', 'collapsed'), rank('attention-skip', 'none', 'collapsed'), rank('attention', 'none', 'collapsed')];
    expect(row(cases, 'attention-rank-collapse', 'transformer', transformerDeclared)).toEqual({
      verdict: 'holds only when variant is preln (held in 1, not held in 1 of 2 regimes; 1 seed, no interval)',
      findings: [
        'preln, norm=layer: held: preln holding (relative-last 0.13) vs plain collapsed (relative-last 0) at depth 32',
        'attention-skip, norm=none: not-held: attention-skip collapsed (relative-last 0) vs attention collapsed (relative-last 0) at depth 32',
      ],
      toRun: [],
    });
  });
});

describe('each: lipschitz-bound', () => {
  it('is held when every skip variant passes at its deepest depth; plain cases are not read', () => {
    const bound = (variant: string, depth: number, held: string) => measured('lipschitz', 'resnet.basic', variant, depth, { labels: { 'bound-held': held }, metrics: { 'bound-violations': held === 'yes' ? 0 : 2 } });
    const cases = [bound('preact', 4, 'no'), bound('preact', 16, 'yes'), bound('postact', 16, 'yes'), bound('plain', 16, 'no')];
    expect(row(cases, 'lipschitz-bound', 'resnet')).toEqual({
      verdict: 'held in both regimes (1 seed, no interval)',
      findings: ['preact: held: preact yes (bound-violations 0) at depth 16', 'postact: held: postact yes (bound-violations 0) at depth 16'],
      toRun: [],
    });
  });

  it('has not enough data when the only case failed, with its error', () => {
    const failed = measured('lipschitz', 'resnet.basic', 'preact', 16, { status: 'failed', error: 'out of memory' });
    expect(row([failed], 'lipschitz-bound', 'resnet').verdict).toBe('not enough data: its case failed: out of memory');
  });

  it('has not enough data where the probe wrote no such label', () => {
    const unlabelled = measured('lipschitz', 'resnet.basic', 'preact', 16, { metrics: { 'bound-violations': 0 } });
    expect(row([unlabelled], 'lipschitz-bound', 'resnet').verdict).toBe("not enough data: the preact case at depth 16 has no 'bound-held'");
  });
});

describe('versus-plain: lesion-ensemble and noise-not-amplified', () => {
  it('is held when the skip variant is lower than plain at the deepest common depth', () => {
    const lesion = (variant: string, depth: number, increase: number) => measured('lesion', 'resnet.basic', variant, depth, { metrics: { 'mean-loss-increase-one-block': increase, 'loss-initial': 1.4, 'loss-intact': 0.5 } });
    const cases = [lesion('preact', 4, 0.13), lesion('plain', 4, 1.57), lesion('preact', 16, 0.026), lesion('plain', 16, 0.05), lesion('preact', 32, 0.008)];
    expect(row(cases, 'lesion-ensemble', 'resnet')).toEqual({
      verdict: 'held (1 seed, no interval)',
      findings: ['preact: held: preact mean-loss-increase-one-block 0.026 (loss-intact 0.5) vs plain mean-loss-increase-one-block 0.05 (loss-intact 0.5): difference -0.024 at depth 16'],
      toRun: [],
    });
  });

  it('is not held when the skip variant is not better', () => {
    const noise = (variant: string, amplification: number) => measured('noise', 'resnet.basic', variant, 32, { metrics: { 'input-amplification': amplification } });
    expect(row([noise('preact', 0.9), noise('plain', 0.64)], 'noise-not-amplified', 'resnet')).toEqual({
      verdict: 'not held (1 seed, no interval)',
      findings: ['preact: not-held: preact input-amplification 0.9 vs plain input-amplification 0.64: difference 0.26 at depth 32'],
      toRun: [],
    });
  });
});

describe('trend: branch-scale-bound and branch-scale-robustness', () => {
  const robust = (arch: string, variant: string, branchScale: number, bound: number, pgd: number, norm = 'batch') =>
    measured('robustness', arch, variant, 8, { config: { branchScale, norm }, metrics: { 'log10-branch-bound': bound, 'accuracy-pgd-largest-epsilon': pgd, 'accuracy-clean': 1 } });
  const cases = [robust('resnet.basic', 'preact', 0.05, 1.6, 0.88), robust('resnet.basic', 'preact', 0.3, 2.48, 0.94), robust('resnet.basic', 'preact', 1, 3.39, 0.91), robust('transformer.block', 'preln', 1, 3.03, 0.75, 'layer')];

  it('compares the smallest and the largest branch scale', () => {
    expect(row(cases, 'branch-scale-bound', 'resnet')).toEqual({ verdict: 'held (1 seed, no interval)', findings: ['preact: held: preact log10-branch-bound 1.6 at branchScale 0.05 → 3.39 at 1: difference 1.79'], toRun: [] });
    expect(row(cases, 'branch-scale-robustness', 'resnet').verdict).toBe('not held (1 seed, no interval)');
  });

  it('needs two branch scales, and says to run the standard preset', () => {
    expect(row(cases, 'branch-scale-bound', 'transformer')).toEqual({
      verdict: 'not enough data: one branchScale measured (1), the trend needs two',
      findings: ['preln: not-enough-data: one branchScale measured (1), the trend needs two'],
      toRun: [{ benchmark: 'tradeoff', arch: 'transformer.block', axes: { variant: 'preln', norm: 'layer', init: 'he' }, options: {}, preset: 'standard' }],
    });
  });
});

describe('families', () => {
  it('has not enough data for a family the claim names and the results lack', () => {
    expect(row([], 'euler-converges', 'resnet')).toEqual({ verdict: 'not enough data: no euler case of resnet', findings: [], toRun: [{ benchmark: 'claims', arch: 'resnet.*', axes: {}, options: {} }] });
  });

  it('gives a claim on any family one row when no case ran', () => {
    expect(row([], 'deep-trainable', 'any family')).toEqual({ verdict: 'not enough data: no trainability case in the results', findings: [], toRun: [{ benchmark: 'depth', axes: {}, options: {} }] });
  });

  it('reads a case measured in two files once, the first file’s', () => {
    const first = document([gradient('resnet.basic', 'preact', 8, 'none', 'healthy', 0.5), gradient('resnet.basic', 'plain', 8, 'none', 'vanishing', -2.2)]);
    const second = document([{ ...gradient('resnet.basic', 'preact', 8, 'none', 'exploding', 5), id: 'again' }]);
    const card = buildScorecard([first, second], [claims.get('gradient-stays-healthy')!]);
    expect(describeVerdict(card.claims[0]!.rows[0]!.verdict)).toBe('held (1 seed, no interval)');
  });
});
