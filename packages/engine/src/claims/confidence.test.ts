import standardProbes from '@skipbench/probes';
import type { Claim } from '@skipbench/core';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../registry.js';
import { document, measured } from '../results/test-documents.js';
import { buildScorecard, describeVerdict, type ScorecardRow } from './scorecard.js';

const euler: Claim = { id: 'euler-converges', statement: 'ode converges', probe: 'euler', rule: { kind: 'each', test: { op: 'at-least', metric: 'convergence-order', value: 0.5 } }, families: ['resnet'], skip: ['ode'] };
const { claims } = createRegistry([standardProbes, { apiVersion: 2, claims: [euler] }]);

function row(cases: ReturnType<typeof measured>[], claim: string) {
  const found = buildScorecard([document(cases)], [claims.get(claim)!]).claims[0]!.rows[0] as ScorecardRow;
  return { verdict: describeVerdict(found.verdict), findings: found.findings.map((f) => `${f.regime}: ${f.status}: ${f.detail}`) };
}

const SEEDS = [1234, 1, 2, 3, 4];
const gradient = (variant: string, seed: number, ratio: number, norm = 'none') =>
  measured('gradient-profile', 'resnet.basic', variant, 32, {
    config: { norm, init: 'glorot', seed },
    // The probe's verdict: healthy within ±2 decades, exploding above.
    labels: { verdict: ratio > 2 ? 'exploding' : ratio < -2 ? 'vanishing' : 'healthy' },
    metrics: { 'log10-rms-ratio-first-last': ratio },
  });

describe('verdicts with their confidence', () => {
  it("the five postact ratios of the quick preset: healthy at four seeds, so the regime is inconclusive, with the count", () => {
    const postact = [1.875, 2.328, 1.918, 1.933, 1.651].map((ratio, i) => gradient('postact', SEEDS[i]!, ratio));
    const plain = [-3.1, -2.9, -3.4, -3.0, -2.7].map((ratio, i) => gradient('plain', SEEDS[i]!, ratio));
    expect(row([...postact, ...plain], 'gradient-stays-healthy')).toEqual({
      verdict:
        'inconclusive (5 seeds): postact healthy at 4 of 5 seeds: postact healthy, exploding, healthy, healthy, healthy (log10-rms-ratio-first-last 1.941 (95% interval 1.638 to 2.244)) vs plain vanishing (log10-rms-ratio-first-last -3.02 (95% interval -3.341 to -2.699)) at depth 32',
      findings: [
        'postact: inconclusive: postact healthy at 4 of 5 seeds: postact healthy, exploding, healthy, healthy, healthy (log10-rms-ratio-first-last 1.941 (95% interval 1.638 to 2.244)) vs plain vanishing (log10-rms-ratio-first-last -3.02 (95% interval -3.341 to -2.699)) at depth 32',
      ],
    });
  });

  it('a family counts its regimes: held in two of three, inconclusive in one', () => {
    const healthy = (norm: string, ratios: number[]) => ratios.map((ratio, i) => gradient('preact', SEEDS[i]!, ratio, norm));
    const vanishing = (norm: string) => SEEDS.slice(0, 3).map((seed) => gradient('plain', seed, -5, norm));
    const cases = [...healthy('batch', [1, 1.1, 0.9]), ...vanishing('batch'), ...healthy('layer', [0.5, 0.4, 0.6]), ...vanishing('layer'), ...healthy('none', [1.5, 2.5, 1.2]), ...vanishing('none')];
    expect(row(cases, 'gradient-stays-healthy').verdict).toBe('held in 2 of 3 regimes, inconclusive in 1 (3 seeds)');
  });

  it('a metric rule is held where the interval lies above its threshold, not held below it, inconclusive across it', () => {
    const order = (values: number[]) => values.map((order, i) => measured('euler', 'resnet.ode', 'ode', 16, { config: { seed: SEEDS[i]! }, metrics: { 'convergence-order': order } }));
    // Mean 0.9, sd 0.1, n = 3: 0.9 ± 4.303 · 0.1 / √3 = 0.9 ± 0.248, wholly above 0.5.
    expect(row(order([0.8, 0.9, 1]), 'euler-converges').findings).toEqual(['ode: held: ode convergence-order 0.9 (95% interval 0.6516 to 1.148) at depth 16']);
    expect(row(order([0.1, 0.2, 0.3]), 'euler-converges').verdict).toBe('not held (3 seeds)');
    expect(row(order([0.3, 0.6, 0.9]), 'euler-converges').findings).toEqual(['ode: inconclusive: its interval straddles 0.5: ode convergence-order 0.6 (95% interval -0.1452 to 1.345) at depth 16']);
    expect(row(order([0.9]), 'euler-converges').verdict).toBe('held (1 seed, no interval)');
  });

  it('a comparison pairs by seed: the difference’s interval decides, with the probability of improvement', () => {
    const noise = (variant: string, values: number[]) => values.map((value, i) => measured('noise', 'resnet.basic', variant, 32, { config: { seed: SEEDS[i]! }, metrics: { 'input-amplification': value } }));
    // Differences −0.3, −0.2, −0.4: mean −0.3, sd 0.1, interval −0.3 ± 0.248; every preact value is below every plain one.
    expect(row([...noise('preact', [0.5, 0.7, 0.4]), ...noise('plain', [0.8, 0.9, 0.8])], 'noise-not-amplified')).toEqual({
      verdict: 'held (3 seeds)',
      findings: [
        'preact: held: preact input-amplification 0.5333 (95% interval 0.1539 to 0.9128) vs plain input-amplification 0.8333 (95% interval 0.6899 to 0.9768): difference -0.3 (95% interval -0.5484 to -0.05159), P(improvement) 1 at depth 32',
      ],
    });
    // Differences −0.3, 0.1, −0.2: the interval holds 0.
    expect(row([...noise('preact', [0.5, 0.9, 0.6]), ...noise('plain', [0.8, 0.8, 0.8])], 'noise-not-amplified').verdict).toMatch(/^inconclusive \(3 seeds\): its interval straddles 0: /);
  });

  it('a lesion study whose plain net did not train is inconclusive, naming why', () => {
    const lesion = (variant: string, accuracy: number, increase: number, depth = 16) =>
      measured('lesion', 'resnet.basic', variant, depth, {
        metrics: { 'mean-loss-increase-one-block': increase, 'loss-initial': 1.39, 'loss-intact': variant === 'plain' ? 1.3 : 0.4, 'accuracy-intact': accuracy, 'accuracy-chance': 0.25 },
      });
    expect(row([lesion('preact', 0.92, 0.02), lesion('plain', 0.41, 0.001)], 'lesion-ensemble')).toEqual({
      verdict: 'inconclusive (1 seed): plain did not train (accuracy 0.41, chance 0.25) at depth 16',
      findings: ['preact: inconclusive: plain did not train (accuracy 0.41, chance 0.25) at depth 16'],
    });
    // A loss that barely fell: 1.39 → 1.3 is 6.5%, short of the 10% the claim asks.
    expect(row([lesion('preact', 0.92, 0.02), lesion('plain', 0.6, 0.001)], 'lesion-ensemble').verdict).toBe(
      'inconclusive (1 seed): plain did not train (held-out loss 1.39 → 1.3, fell 6.475% where 10% is needed) at depth 16',
    );
  });

  it('compares trained nets at the deepest depth where both learnt, and names the depths it tried when none did', () => {
    const lesion = (variant: string, depth: number, accuracy: number, increase: number) =>
      measured('lesion', 'resnet.basic', variant, depth, {
        metrics: { 'mean-loss-increase-one-block': increase, 'loss-initial': 1.39, 'loss-intact': 0.4, 'accuracy-intact': accuracy, 'accuracy-chance': 0.25 },
      });
    // At depth 16 plain learnt nothing; at depth 4 both did, and deleting a block costs preact 0.02 against plain's 0.3.
    const deepUntrained = [lesion('preact', 16, 0.92, 0.02), lesion('plain', 16, 0.26, 0.001)];
    expect(row([...deepUntrained, lesion('preact', 4, 0.95, 0.02), lesion('plain', 4, 0.9, 0.3)], 'lesion-ensemble').findings).toEqual([
      'preact: held: preact mean-loss-increase-one-block 0.02 (loss-intact 0.4, accuracy-intact 0.95) vs plain mean-loss-increase-one-block 0.3 (loss-intact 0.4, accuracy-intact 0.9): difference -0.28 at depth 4',
    ]);
    expect(row([...deepUntrained, lesion('preact', 4, 0.95, 0.02), lesion('plain', 4, 0.3, 0.3)], 'lesion-ensemble').verdict).toBe(
      'inconclusive (1 seed): plain did not train (accuracy 0.26, chance 0.25) at depth 16 (nor at 4)',
    );
  });
});
