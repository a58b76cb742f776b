import { createRequire } from 'node:module';
import { deriveSeed, seededRandom, softmaxClassification, type Split, type Task, type TF } from '@skipbench/core';

export const CLASSES = 4;

/** What the network sees: the task plus its image geometry. */
export interface ImageTask extends Task {
  readonly size: number;
  readonly channels: number;
  readonly classes: number;
}

/**
 * Oriented gratings: class c is a sinusoidal grating at angle c·45°, with random phase, frequency, colour
 * and additive noise, so the label needs spatial structure (not a colour or a mean) to be read.
 */
export function orientedGratings(tf: TF, size: number): ImageTask {
  const channels = 3;
  return {
    id: 'oriented-gratings',
    summary: `${CLASSES}-way orientation of noisy ${size}x${size} RGB gratings, generated from the seed`,
    size,
    channels,
    classes: CLASSES,
    sample(batchSize, seed) {
      const rng = seededRandom(deriveSeed(seed, 'oriented-gratings', size, batchSize));
      const pixels = new Float32Array(batchSize * size * size * channels);
      const labels = new Int32Array(batchSize);
      for (let n = 0; n < batchSize; n++) {
        const label = rng.int(CLASSES);
        labels[n] = label;
        const angle = (label * Math.PI) / CLASSES + (rng.next() - 0.5) * 0.2;
        const frequency = (2 * Math.PI * (2 + 2 * rng.next())) / size;
        const phase = 2 * Math.PI * rng.next();
        const colour = [rng.next(), rng.next(), rng.next()].map((c) => 0.5 + c);
        const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const wave = Math.sin(frequency * (i * dy + j * dx) + phase);
            for (let c = 0; c < channels; c++) {
              pixels[((n * size + i) * size + j) * channels + c] = colour[c]! * wave + 0.3 * rng.normal();
            }
          }
        }
      }
      return tf.tidy(() => ({
        x: tf.tensor4d(pixels, [batchSize, size, size, channels]),
        y: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES),
      }));
    },
    // The classes are drawn uniformly: chance is ln 4.
    ...softmaxClassification(tf, CLASSES),
  };
}

const DIGIT_SIZE = 28;
/** Share of each digit's images used for training; the rest is the held-out split. */
const TRAIN_SHARE = 0.8;
let digitImages: Float32Array[] | undefined;

/** The 10,000 handwritten 28×28 digits the `mnist` package ships (about 1,000 per class), loaded once, lazily. */
function loadDigits(): Float32Array[] {
  const require = createRequire(import.meta.url);
  digitImages ??= Array.from({ length: 10 }, (_, d) => Float32Array.from((require(`mnist/src/digits/${d}.json`) as { data: number[] }).data));
  return digitImages;
}

/** Handwritten digits (a real, small data set from a registry package), 10 classes, pixels in [0, 1]. */
export function digits(tf: TF): ImageTask {
  const pixels = DIGIT_SIZE * DIGIT_SIZE;
  return {
    id: 'digits',
    summary: '10-way handwritten digits, 28x28 grey, from the mnist package (80% train / 20% held-out per class)',
    size: DIGIT_SIZE,
    channels: 1,
    classes: 10,
    sample(batchSize, seed, split: Split = 'train') {
      const images = loadDigits();
      const rng = seededRandom(deriveSeed(seed, 'digits', split, batchSize));
      const x = new Float32Array(batchSize * pixels);
      const labels = new Int32Array(batchSize);
      for (let n = 0; n < batchSize; n++) {
        const digit = rng.int(10);
        const count = images[digit]!.length / pixels;
        const trainCount = Math.floor(count * TRAIN_SHARE);
        const index = split === 'train' ? rng.int(trainCount) : trainCount + rng.int(count - trainCount);
        x.set(images[digit]!.subarray(index * pixels, (index + 1) * pixels), n * pixels);
        labels[n] = digit;
      }
      return tf.tidy(() => ({
        x: tf.tensor4d(x, [batchSize, DIGIT_SIZE, DIGIT_SIZE, 1]),
        y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10),
      }));
    },
    // The digits are drawn uniformly: chance is ln 10.
    ...softmaxClassification(tf, 10),
  };
}
