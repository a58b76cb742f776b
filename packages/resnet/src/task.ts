import { deriveSeed, seededRandom, type Task, type TF } from '@skipbench/core';

export const CLASSES = 4;
const CHANNELS = 3;

/**
 * Oriented gratings: class c is a sinusoidal grating at angle c·45°, with random phase, frequency, colour
 * and additive noise, so the label needs spatial structure (not a colour or a mean) to be read.
 */
export function orientedGratings(tf: TF, size: number): Task {
  return {
    id: 'oriented-gratings',
    summary: `${CLASSES}-way orientation of noisy ${size}x${size} RGB gratings, generated from the seed`,
    sample(batchSize, seed) {
      const rng = seededRandom(deriveSeed(seed, 'oriented-gratings', size, batchSize));
      const pixels = new Float32Array(batchSize * size * size * CHANNELS);
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
            for (let c = 0; c < CHANNELS; c++) {
              pixels[((n * size + i) * size + j) * CHANNELS + c] = colour[c]! * wave + 0.3 * rng.normal();
            }
          }
        }
      }
      return tf.tidy(() => ({
        x: tf.tensor4d(pixels, [batchSize, size, size, CHANNELS]),
        y: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES),
      }));
    },
    loss: (logits, y) => tf.losses.softmaxCrossEntropy(y, logits) as ReturnType<Task['loss']>,
  };
}

export const INPUT_CHANNELS = CHANNELS;
