import type { BuildContext, Layer } from '@skipbench/core';

/** Gain every spectrally normalised convolution is scaled to: each is a contraction. */
export const SPECTRAL_GAIN = 0.9;

/** Largest singular value of a rows × cols matrix (row-major) by power iteration. */
export function largestSingularValue(matrix: Float32Array, rows: number, cols: number, iterations = 50): number {
  let v = new Float64Array(cols).fill(1 / Math.sqrt(cols));
  let sigma = 0;
  for (let it = 0; it < iterations; it++) {
    const u = new Float64Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) u[i]! += matrix[i * cols + j]! * v[j]!;
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[j]! += matrix[i * cols + j]! * u[i]!;
    const norm = Math.hypot(...w);
    if (norm === 0) return 0;
    sigma = Math.sqrt(norm);
    v = w.map((x) => x / norm);
  }
  return sigma;
}

/**
 * A 3×3 'same' convolution rescaled at build so that Σ_taps ‖W_tap‖₂ ≤ 0.9. A convolution is the sum over
 * taps of a shift (norm ≤ 1 with zero padding) times the tap's channel matrix, so its operator norm is at
 * most that sum: the layer is a contraction, as in invertible ResNets (Behrmann et al. 2019), and a branch
 * ReLU-conv-ReLU-conv has K_F ≤ 0.81 < 1.
 */
export function spectrallyNormalisedConv({ tf, params }: Pick<BuildContext, 'tf' | 'params'>, width: number): Layer {
  const kernel = 3;
  const filter = params.weight([kernel, kernel, width, width], kernel * kernel * width, kernel * kernel * width);
  const values = filter.dataSync() as Float32Array;
  let bound = 0;
  for (let tap = 0; tap < kernel * kernel; tap++) bound += largestSingularValue(values.subarray(tap * width * width, (tap + 1) * width * width), width, width);
  if (bound > SPECTRAL_GAIN) tf.tidy(() => filter.assign(tf.mul(filter, SPECTRAL_GAIN / bound)));
  return { apply: (x) => tf.conv2d(x as never, filter as never, 1, 'same'), params: [filter] };
}
