import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type ProbeContext, tf } from '@skipbench/core';
import { buildToyTokens } from '@skipbench/core/toys';
import { rankCollapse, rankRegime } from './rank-collapse.js';
import { spectrum } from './spectrum.js';
import { highFrequencyFraction, rankOneDistance, tokenSpectrum } from './tokens.js';

const context: ProbeContext = {
  tf,
  seed: 5,
  settings: { batch: 3, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 },
  rebuild: (overrides) => buildToyTokens(overrides),
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('rank-one distance', () => {
  it('is 0 for tokens that are all the same row, 1xᵀ', () => {
    const row = [0.5, -2, 3];
    const { residual, norm } = rankOneDistance([...row, ...row, ...row, ...row], [1, 4, 3]);
    expect(residual).toEqual([0]);
    expect(norm[0]).toBeCloseTo(2 * Math.hypot(...row), 12);
  });

  it('matches a hand computation: X = [[1, 2], [3, 4]] has mean row [2, 3], residual rows ±[1, 1], so ‖R‖ = 2', () => {
    const { residual, norm } = rankOneDistance([1, 2, 3, 4], [1, 2, 2]);
    expect(residual[0]).toBeCloseTo(2, 12);
    expect(norm[0]).toBeCloseTo(Math.sqrt(30), 12);
  });

  it('of a rank-one uvᵀ is ‖u − ū1‖·‖v‖ (rank one is not enough: the rows must be equal)', () => {
    const u = [1, 2, 6];
    const v = [2, -1];
    const values = u.flatMap((ui) => v.map((vj) => ui * vj));
    const centred = u.map((ui) => ui - 3);
    expect(rankOneDistance(values, [1, 3, 2]).residual[0]).toBeCloseTo(Math.hypot(...centred) * Math.hypot(...v), 12);
  });

  it('labels the regime from the profile', () => {
    expect(rankRegime([0.9, 1e-7])).toBe('collapsed');
    // Rates over the second half of the stack (stages 1 → 3): −0.45 and −0.01 decades per block.
    expect(rankRegime([0.96, 0.8, 0.47, 0.1])).toBe('decaying');
    expect(rankRegime([0.92, 0.5, 0.48, 0.46])).toBe('holding');
  });
});

describe('token spectrum', () => {
  const tokens = 16;
  const cosine = (k: number) => Array.from({ length: tokens }, (_, t) => Math.cos((2 * Math.PI * k * t) / tokens));

  it('puts a pure cosine along the tokens in its own bin, with Σx² of energy (Parseval)', () => {
    const energy = tokenSpectrum(cosine(3), [1, tokens, 1]);
    expect(energy).toHaveLength(tokens / 2 + 1);
    // Σ cos² over a whole number of periods is T/2.
    for (const [k, e] of energy.entries()) expect(e).toBeCloseTo(k === 3 ? tokens / 2 : 0, 9);
  });

  it('puts a constant in bin 0 and the alternating sequence in the Nyquist bin, each with energy T', () => {
    expect(tokenSpectrum(new Array(tokens).fill(1), [1, tokens, 1])[0]).toBeCloseTo(tokens, 9);
    expect(tokenSpectrum(cosine(tokens / 2), [1, tokens, 1])[tokens / 2]).toBeCloseTo(tokens, 9);
  });

  it('sums every feature and sample, and counts bins above T/4 as high frequency', () => {
    // Two features per token: cos(2π·2t/T) (low) and cos(2π·6t/T) (high), equal energy.
    const values = Array.from({ length: tokens }, (_, t) => [cosine(2)[t]!, cosine(6)[t]!]).flat();
    const energy = tokenSpectrum(values, [1, tokens, 2]);
    expect(energy[2]).toBeCloseTo(tokens / 2, 9);
    expect(energy[6]).toBeCloseTo(tokens / 2, 9);
    expect(highFrequencyFraction(energy, tokens)).toBeCloseTo(0.5, 12);
  });
});

describe('rank-collapse and spectrum probes on token-averaging blocks', () => {
  it('plain averaging is rank one after one block: relative distance exactly 0, regime collapsed', async () => {
    const model = buildToyTokens({ variant: 'plain', depth: 3 });
    const { series, labels } = await rankCollapse.run(model, context);
    expect(series.relative![0]).toBeGreaterThan(0.1);
    expect(series.relative!.slice(1)).toEqual([0, 0, 0]);
    expect(labels.regime).toBe('collapsed');
    model.dispose();
  });

  it('residual averaging keeps ‖h − 1h̄ᵀ‖ of the stem while the norm grows, and its branch holds only frequency 0', async () => {
    const model = buildToyTokens({ variant: 'residual', depth: 4 });
    const { series } = await rankCollapse.run(model, context);
    for (const absolute of series.absolute!) expect(absolute).toBeCloseTo(series.absolute![0]!, 4);
    expect(series.relative![4]!).toBeLessThan(series.relative![0]!);
    const measured = await spectrum.run(model, context);
    expect(measured.series['branch-high-frequency']).toHaveLength(4);
    for (const fraction of [...measured.series['branch-high-frequency']!, ...measured.series['mixing-high-frequency']!]) expect(fraction).toBeLessThan(1e-10);
    expect(measured.series['branch-spectrum-mean']![0]).toBeCloseTo(1, 9);
    expect(measured.labels.claim).toBe('not held');
    model.dispose();
  });
});
