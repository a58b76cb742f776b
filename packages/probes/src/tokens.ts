/**
 * Statistics along the token axis of `[batch, tokens, features]` data, computed in float64 on the read-back
 * values: exact for what the backend stored, and the same on every backend (no FFT kernel needed).
 */

import { SkipbenchError } from '@skipbench/core';

export type TokenShape = readonly [batch: number, tokens: number, features: number];

export function tokenShape(shape: readonly number[]): TokenShape {
  if (shape.length !== 3) {
    throw new SkipbenchError(`Expected a [batch, tokens, features] stage from a model declaring capabilities.tokens, but got shape [${shape.join(', ')}].`, 'plugin');
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

export interface RankOneDistance {
  /** ‖X_b − 1 x̄_bᵀ‖_F per sample, x̄_b the token mean (the best rank-one fit with a shared row). */
  residual: number[];
  /** ‖X_b‖_F per sample. */
  norm: number[];
}

/** Distance of each sample's token matrix from the nearest matrix with identical rows (Dong et al. 2021). */
export function rankOneDistance(values: ArrayLike<number>, [batch, tokens, features]: TokenShape): RankOneDistance {
  const residual: number[] = [];
  const norm: number[] = [];
  for (let b = 0; b < batch; b++) {
    const offset = b * tokens * features;
    let residualSquares = 0;
    let normSquares = 0;
    for (let f = 0; f < features; f++) {
      let mean = 0;
      for (let t = 0; t < tokens; t++) mean += values[offset + t * features + f]!;
      mean /= tokens;
      for (let t = 0; t < tokens; t++) {
        const v = values[offset + t * features + f]!;
        residualSquares += (v - mean) ** 2;
        normSquares += v * v;
      }
    }
    residual.push(Math.sqrt(residualSquares));
    norm.push(Math.sqrt(normSquares));
  }
  return { residual, norm };
}

/**
 * Energy per frequency along the tokens, summed over batch and features: bin k of 0…⌊T/2⌋ holds
 * |DFT_k|² (twice for bins that stand for ±k) divided by T, so the bins add up to Σ x² (Parseval).
 */
export function tokenSpectrum(values: ArrayLike<number>, [batch, tokens, features]: TokenShape): number[] {
  const bins = Math.floor(tokens / 2) + 1;
  const cos = Array.from({ length: bins * tokens }, (_, i) => Math.cos((2 * Math.PI * Math.floor(i / tokens) * (i % tokens)) / tokens));
  const sin = Array.from({ length: bins * tokens }, (_, i) => Math.sin((2 * Math.PI * Math.floor(i / tokens) * (i % tokens)) / tokens));
  const energy = new Array<number>(bins).fill(0);
  const series = new Float64Array(tokens);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < features; f++) {
      for (let t = 0; t < tokens; t++) series[t] = values[(b * tokens + t) * features + f]!;
      for (let k = 0; k < bins; k++) {
        let re = 0;
        let im = 0;
        for (let t = 0; t < tokens; t++) {
          re += series[t]! * cos[k * tokens + t]!;
          im -= series[t]! * sin[k * tokens + t]!;
        }
        const mirrored = k > 0 && 2 * k < tokens;
        energy[k]! += ((mirrored ? 2 : 1) * (re * re + im * im)) / tokens;
      }
    }
  }
  return energy;
}

/**
 * Share of the energy in bins above a quarter of the token count (the upper half of 0…T/2). With
 * `withoutMean`, bin 0 (the part every token shares) is left out of the total, so the share describes how
 * the tokens differ.
 */
export function highFrequencyFraction(energy: readonly number[], tokens: number, withoutMean = false): number {
  const total = energy.reduce((a, b, k) => (withoutMean && k === 0 ? a : a + b), 0);
  if (total === 0) return 0;
  return energy.reduce((sum, e, k) => (k > tokens / 4 ? sum + e : sum), 0) / total;
}
