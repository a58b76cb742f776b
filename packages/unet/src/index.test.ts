import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, tf, UsageError, validatePlugin, type Model, type ModelConfig } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { trainability } from '@skipbench/probes';
import plugin, { boundaryScores, stageLevels, unet, unetGeometry } from './index.js';

function build(overrides: Partial<ModelConfig>): Model {
  return buildModel(unet, { ...unet.defaults, seed: 5, ...overrides });
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('geometry', () => {
  it('takes a 572-pixel input to a 388-pixel output with 4 valid levels, cropping 88, 40, 16 and 4 pixels per side (Ronneberger et al.)', () => {
    const geometry = unetGeometry(572, 4, 4, 'valid');
    expect(geometry.encoder).toEqual([568, 280, 136, 64]);
    expect(geometry.bottleneck).toBe(28);
    expect(geometry.decoder).toEqual([52, 100, 196, 388]);
    // Each encoder map minus both crops is the up-sampled map it joins: 568 − 2·88 = 392 = 2·196.
    expect(geometry.crops).toEqual([88, 40, 16, 4]);
    expect(geometry.output).toBe(388);
  });

  it('keeps every side with same padding and crops nothing', () => {
    expect(unetGeometry(32, 3, 3, 'same')).toMatchObject({ encoder: [32, 16, 8], bottleneck: 4, decoder: [8, 16, 32], crops: [0, 0, 0], output: 32 });
  });

  it('spreads decoder stages one per level, then the rest to the deepest levels first', () => {
    expect(stageLevels(3, 3)).toEqual([2, 1, 0]);
    expect(stageLevels(8, 3)).toEqual([2, 2, 2, 1, 1, 1, 0, 0]);
  });

  it('refuses a side that pools to an odd map, naming the nearest sides that work', () => {
    expect(() => unetGeometry(570, 4, 4, 'valid')).toThrow(UsageError);
    expect(() => unetGeometry(570, 4, 4, 'valid')).toThrow('the nearest sides that work are 556 and 572');
  });
});

describe('unet.segment', () => {
  it('is a valid plugin with a plain ablation', () => {
    expect(validatePlugin(plugin)).toEqual([]);
    expect(Object.keys(unet.variants)).toEqual(['plain', 'skip', 'residual']);
  });

  it('builds the 572 → 388 network: the stream follows the decoder and the output is the cropped mask', () => {
    const model = build({ width: 1, depth: 4, inputSize: 572, options: { levels: 4, valid: 1 } });
    expect(model.streamShapes(1)).toEqual([
      [1, 28, 28, 16],
      [1, 52, 52, 8],
      [1, 100, 100, 4],
      [1, 196, 196, 2],
      [1, 388, 388, 1],
    ]);
    tf.tidy(() => {
      const { x, y } = model.task.sample(1, 1);
      const { out, stream } = model.forward(x);
      expect(stream.map((s) => s.shape)).toEqual(model.streamShapes(1));
      expect(out.shape).toEqual([1, 388, 388, 1]);
      expect(y.shape).toEqual([1, 388, 388, 1]);
    });
    // Stages change shape, so bypassing one is not meaningful.
    expect(model.capabilities.bypass).toBe(false);
    model.dispose();
  });

  it('a decoder stage reads its long skip from the input it is replayed for; plain reads none and needs no input', () => {
    const [skip, plain] = [build({ depth: 2, inputSize: 16, options: { levels: 2 } }), build({ variant: 'plain', depth: 2, inputSize: 16, options: { levels: 2 } })];
    tf.tidy(() => {
      const [x, other] = [skip.task.sample(1, 1).x, skip.task.sample(1, 2).x];
      const difference = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
      // With stream[0] perturbed, stage 1 is still block(0, x) of it: the skip carries x's unperturbed encoder map.
      const perturb = skip.streamShapes(1).map((shape, l) => (l === 0 ? tf.fill(shape, 0.1) : tf.zeros(shape)));
      const { stream } = skip.forward(x, { perturb });
      expect(difference(skip.block(0, x)(stream[0]), stream[1])).toBeLessThan(1e-5);
      expect(difference(skip.block(0, other)(stream[0]), stream[1])).toBeGreaterThan(1e-2);
      const plainStream = plain.forward(x).stream;
      expect(difference(plain.block(0)(plainStream[0]), plainStream[1])).toBe(0);
    });
    skip.dispose();
    plain.dispose();
  });

  it("crops the valid task's mask from the centre of the same image's full mask", () => {
    const [same, valid] = [build({ inputSize: 92, depth: 2 }), build({ inputSize: 92, depth: 2, options: { valid: 1 } })];
    tf.tidy(() => {
      const full = same.task.sample(2, 7).y;
      const cropped = valid.task.sample(2, 7).y;
      const side = cropped.shape[1]!;
      const offset = (92 - side) / 2;
      expect(Array.from(cropped.dataSync())).toEqual(Array.from(tf.slice(full, [0, offset, offset, 0], [-1, side, side, -1]).dataSync()));
    });
    same.dispose();
    valid.dispose();
  });

  it('long skips carry the boundaries: after 40 steps the skip U-Net has a clearly higher boundary F1 than plain', async () => {
    const boundaryF1 = async (variant: string) => {
      const model = build({ variant });
      const settings = { batch: 8, trainSteps: 40, learningRate: 3e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 };
      const { metrics } = await trainability.run(model, { tf, seed: 1, settings, rebuild: build });
      model.dispose();
      return metrics['boundary-f1-final']!;
    };
    const [plain, skip] = [await boundaryF1('plain'), await boundaryF1('skip')];
    expect(skip).toBeGreaterThan(plain + 0.2);
  });
});

describe('boundaryScores', () => {
  // A 4 × 4 square at rows and columns 2…5 of a 10 × 10 image: 12 boundary pixels (its ring), 4 inside.
  const square = (shift: number) => Array.from({ length: 100 }, (_, k) => (Math.floor(k / 10) >= 2 && Math.floor(k / 10) <= 5 && k % 10 >= 2 + shift && k % 10 <= 5 + shift ? 1 : 0));

  it('scores a perfect mask 1 and 0, and a 1-pixel shift as within tolerance', () => {
    expect(boundaryScores(square(0), square(0), 10)).toEqual({ boundaryF1: 1, edgeBandError: 0 });
    expect(boundaryScores(square(1), square(0), 10).boundaryF1).toBe(1);
  });

  it('scores an empty prediction F1 0, with the band error its foreground share: 12 of the 32 band pixels', () => {
    // Band: the 6 × 6 block around the square (36 pixels) less the 2 × 2 interior whose 3 × 3 is all foreground.
    expect(boundaryScores(new Array(100).fill(0), square(0), 10)).toEqual({ boundaryF1: 0, edgeBandError: 12 / 32 });
  });

  it('counts a 1-pixel line as all boundary: shifted by 2 pixels it matches nothing', () => {
    const line = (column: number) => Array.from({ length: 100 }, (_, k) => (k % 10 === column && k >= 20 && k < 70 ? 1 : 0));
    expect(boundaryScores(line(4), line(4), 10).boundaryF1).toBe(1);
    expect(boundaryScores(line(6), line(4), 10).boundaryF1).toBe(0);
  });
});
