import { deriveSeed, seededRandom, type Rng, type Scalar, type Task, type TF } from '@skipbench/core';

/** Foreground contrast against the background, and the pixel noise: thin lines need context and detail both. */
const CONTRAST = 1;
const NOISE = 0.35;

/**
 * Binary segmentation of seeded grey images: filled rectangles and discs (sharp edges) and 1-pixel lines
 * (thin structures) on a sloped background, under Gaussian noise. The mask is the union of the shapes,
 * centre-cropped to the network's output side (smaller than the input under 'valid' padding).
 */
export function thinShapes(tf: TF, inputSize: number, outputSize: number): Task {
  const offset = (inputSize - outputSize) / 2;
  return {
    id: 'thin-shapes',
    summary: `segment rectangles, discs and 1-pixel lines in noisy ${inputSize}x${inputSize} grey images (mask ${outputSize}x${outputSize}), generated from the seed`,
    sample(batchSize, seed, split = 'train') {
      const rng = seededRandom(deriveSeed(seed, 'thin-shapes', split, batchSize, inputSize));
      const pixels = new Float32Array(batchSize * inputSize * inputSize);
      const masks = new Float32Array(batchSize * outputSize * outputSize);
      for (let n = 0; n < batchSize; n++) {
        const mask = drawShapes(rng, inputSize);
        const [slopeRows, slopeCols] = [rng.next() - 0.5, rng.next() - 0.5];
        for (let i = 0; i < inputSize; i++) {
          for (let j = 0; j < inputSize; j++) {
            const background = (slopeRows * i + slopeCols * j) / inputSize;
            pixels[(n * inputSize + i) * inputSize + j] = background + CONTRAST * mask[i * inputSize + j]! + NOISE * rng.normal();
          }
        }
        for (let i = 0; i < outputSize; i++) {
          for (let j = 0; j < outputSize; j++) masks[(n * outputSize + i) * outputSize + j] = mask[(i + offset) * inputSize + j + offset]!;
        }
      }
      return tf.tidy(() => ({
        x: tf.tensor4d(pixels, [batchSize, inputSize, inputSize, 1]),
        y: tf.tensor4d(masks, [batchSize, outputSize, outputSize, 1]),
      }));
    },
    // No chanceLoss: a model that learnt only the foreground share p scores its entropy H(p), below the logit
    // 0's ln 2, and p is what the drawn shapes make it, not a number the task fixes.
    loss: (logits, y) => tf.losses.sigmoidCrossEntropy(y, logits) as Scalar,
    accuracy: (logits, y) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.greater(logits, 0), tf.greater(y, 0.5)), 'float32')) as Scalar),
    scores(logits, y) {
      // Thresholded here rather than by a kernel: trainability has read `logits` back, and webgpu in Node has no synchronous read of a new tensor.
      const predicted = logits.dataSync().map((logit) => (logit > 0 ? 1 : 0));
      const { boundaryF1, edgeBandError } = boundaryScores(predicted, y.dataSync(), outputSize);
      return { 'boundary-f1': { value: boundaryF1, unit: '1' }, 'edge-band-error': { value: edgeBandError, unit: '1' } };
    },
  };
}

/** One image's mask, side × side: 1 rectangle, 1 disc and 3 lines, each placed from `rng`. */
function drawShapes(rng: Rng, side: number): Uint8Array {
  const mask = new Uint8Array(side * side);
  const set = (i: number, j: number) => {
    if (i >= 0 && j >= 0 && i < side && j < side) mask[i * side + j] = 1;
  };
  const [top, left] = [rng.int(side), rng.int(side)];
  const [height, width] = [2 + rng.int(Math.max(1, side >> 2)), 2 + rng.int(Math.max(1, side >> 2))];
  for (let i = top; i < top + height; i++) for (let j = left; j < left + width; j++) set(i, j);
  const [ci, cj, radius] = [rng.next() * side, rng.next() * side, 1.5 + rng.next() * side * 0.15];
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) if ((i - ci) ** 2 + (j - cj) ** 2 <= radius ** 2) set(i, j);
  for (let line = 0; line < 3; line++) {
    // A 1-pixel line: one pixel per step along its longer axis (Bresenham-like), so it stays thin.
    const [i0, j0, i1, j1] = [rng.int(side), rng.int(side), rng.int(side), rng.int(side)];
    const steps = Math.max(Math.abs(i1 - i0), Math.abs(j1 - j0), 1);
    for (let t = 0; t <= steps; t++) set(Math.round(i0 + ((i1 - i0) * t) / steps), Math.round(j0 + ((j1 - j0) * t) / steps));
  }
  return mask;
}

export interface BoundaryScores {
  /** F1 of predicted against true boundary pixels, each matched within 1 pixel (Chebyshev); 1 when neither has any. */
  boundaryF1: number;
  /** Share of wrong pixels in the band where the true mask changes within 1 pixel (3×3 not constant); 0 when there is none. */
  edgeBandError: number;
}

/**
 * Boundary accuracy of binary masks `[images, side, side]` (values 0/1), pooled over the images. A
 * boundary pixel is a foreground pixel with a background 4-neighbour, so a 1-pixel line is all boundary.
 */
export function boundaryScores(predicted: ArrayLike<number>, truth: ArrayLike<number>, side: number): BoundaryScores {
  const images = truth.length / (side * side);
  const at = (mask: ArrayLike<number>, n: number, i: number, j: number) => (i < 0 || j < 0 || i >= side || j >= side ? undefined : mask[(n * side + i) * side + j]! > 0.5);
  const isBoundary = (mask: ArrayLike<number>, n: number, i: number, j: number) =>
    at(mask, n, i, j) === true && [at(mask, n, i - 1, j), at(mask, n, i + 1, j), at(mask, n, i, j - 1), at(mask, n, i, j + 1)].includes(false);
  const near = (test: (i: number, j: number) => boolean, i: number, j: number) => {
    for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) if (test(i + di, j + dj)) return true;
    return false;
  };
  let [predictedCount, predictedMatched, trueCount, trueMatched, band, bandWrong] = [0, 0, 0, 0, 0, 0];
  for (let n = 0; n < images; n++) {
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        if (isBoundary(predicted, n, i, j)) {
          predictedCount++;
          if (near((a, b) => isBoundary(truth, n, a, b), i, j)) predictedMatched++;
        }
        if (isBoundary(truth, n, i, j)) {
          trueCount++;
          if (near((a, b) => isBoundary(predicted, n, a, b), i, j)) trueMatched++;
        }
        const label = at(truth, n, i, j);
        if (near((a, b) => at(truth, n, a, b) === !label, i, j)) {
          band++;
          if (at(predicted, n, i, j) !== label) bandWrong++;
        }
      }
    }
  }
  const precision = predictedCount === 0 ? 0 : predictedMatched / predictedCount;
  const recall = trueCount === 0 ? 0 : trueMatched / trueCount;
  const boundaryF1 = predictedCount === 0 && trueCount === 0 ? 1 : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { boundaryF1, edgeBandError: band === 0 ? 0 : bandWrong / band };
}
