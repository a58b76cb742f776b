import { API_VERSION, conv2d, definePlugin, normalization, optionValue, relu, sequence, skip, stackModel, type Architecture, type Block, type BuildContext, type ContextStem, type Layer, type ModelConfig, type Tensor, type Tensor4D } from '@skipbench/core';
import { fileURLToPath } from 'node:url';
import { unetGeometry, type Padding } from './geometry.js';
import { thinShapes } from './task.js';

export { stageLevels, unetGeometry, UNIT_SHRINK, type Padding, type UNetGeometry } from './geometry.js';
export { boundaryScores, thinShapes, type BoundaryScores } from './task.js';

const variants = {
  plain: { summary: 'a bare encoder–decoder: the decoder sees only the bottleneck, no long skips (the ablation)', skips: ['none'] },
  skip: { summary: "long skips: each decoder level concatenates its encoder level's map, centre-cropped under valid padding (Ronneberger et al. 2015)", skips: ['concatenation'] },
  residual: { summary: 'long skips, and every unit a residual block relu(h + F(h)), with a 1×1 projection where the channels change', skips: ['concatenation', 'additive'] },
} as const;
type Variant = keyof typeof variants;

/** What a decoder stage with a long skip reads: the encoder's map at every level, level 0 first. */
interface EncoderMaps {
  maps: Tensor[];
}

/**
 * 2 × 2 nearest-neighbour up-sampling, then a 1 × 1 convolution halving the channels: the decoder's up-step.
 * Each pixel is repeated by broadcasting rather than by resizeNearestNeighbor, whose gradient has no
 * gradient of its own (the Lipschitz probe differentiates twice).
 */
function upStep({ tf, params }: BuildContext, inChannels: number, outChannels: number): Layer {
  const project = conv2d(tf, params, 1, inChannels, outChannels);
  return {
    apply: (h) => {
      const [batch, rows, columns, channels] = h.shape as [number, number, number, number];
      const repeated = tf.mul(tf.reshape(h, [batch, rows, 1, columns, 1, channels]), tf.ones([1, 1, 2, 1, 2, 1]));
      return project.apply(tf.reshape(repeated, [batch, rows * 2, columns * 2, channels]));
    },
    params: project.params,
  };
}

/** The central side × side window of an NHWC map (a no-op when it already has that side). */
function centreCrop({ tf }: BuildContext, x: Tensor, side: number): Tensor {
  const offset = (x.shape[1]! - side) / 2;
  return offset === 0 ? x : tf.slice(x, [0, offset, offset, 0], [-1, side, side, -1]);
}

/** Builds the units of one model: two 3×3 convolutions each, plain or residual, 'same' or 'valid'. */
function units(config: ModelConfig, context: BuildContext, padding: Padding) {
  const { tf, params } = context;
  const norm = (channels: number) => normalization(tf, params, config.norm, channels);
  const conv = (inChannels: number, outChannels: number) => conv2d(tf, params, 3, inChannels, outChannels, padding);
  const residualBranch = (inChannels: number, outChannels: number) => sequence(conv(inChannels, outChannels), norm(outChannels), relu(tf), conv(outChannels, outChannels), norm(outChannels));
  /** relu(h + F(h)): the identity cropped to F's side under 'valid' padding. */
  const addResidual = skip.rule('additive', (h, f) => tf.relu(tf.add(centreCrop(context, h, f.shape[1]!), f)));
  return {
    /** A unit from `inChannels` to `outChannels` channels as one layer (encoder levels, up-sampling stages). */
    layer(inChannels: number, outChannels: number): Layer {
      if (config.variant !== 'residual') return sequence(conv(inChannels, outChannels), norm(outChannels), relu(tf), conv(outChannels, outChannels), norm(outChannels), relu(tf));
      const branch = residualBranch(inChannels, outChannels);
      const shortcut = inChannels === outChannels ? undefined : conv2d(tf, params, 1, inChannels, outChannels);
      return {
        apply: (x) => addResidual(shortcut?.apply(x) ?? x, branch.apply(x)),
        params: [...branch.params, ...(shortcut?.params ?? [])],
      };
    },
    /** A unit that keeps the channels as a block, so a residual one exposes its branch to the probes. */
    block(channels: number): Block<unknown> {
      if (config.variant !== 'residual') {
        const unit = this.layer(channels, channels);
        return { branch: unit.apply, merge: skip.none, params: unit.params };
      }
      const branch = residualBranch(channels, channels);
      return { branch: branch.apply, merge: addResidual, params: branch.params };
    },
  };
}

const options = {
  levels: {
    summary: 'down-steps (2×2 max-pool) of the encoder, channels doubling per level; the default 3 is lowered to the depth below depth 3',
    default: 3,
    min: 1,
    max: 'depth',
    integer: true,
  },
  valid: { summary: "1: unpadded ('valid') 3×3 convolutions, long skips centre-cropped, output smaller than the input; 0: 'same' padding", default: 0, values: [0, 1] },
} as const satisfies Architecture['options'];

export const unet: Architecture = {
  id: 'unet.segment',
  version: '1',
  summary: 'U-Net encoder–decoder with long skips between matching levels, on seeded thin-shape segmentation',
  variants,
  defaults: { variant: 'skip', depth: 3, width: 8, inputSize: 32, norm: 'batch', init: 'he', branchScale: 1 },
  choices: { norm: ['batch', 'none'], init: ['he', 'glorot'] },
  inputSizeMeaning: 'image side in pixels; depth counts decoder stages (one per level up-samples and concatenates the long skip)',
  task: { id: 'thin-shapes', summary: 'segment rectangles, discs and 1-pixel lines in noisy grey images, generated from the seed' },
  // A decoder stage changes its map's side and channels, so its output cannot stand in for its input.
  capabilities: { bypass: false, additive: false, sharedWeights: false },
  options,
  reference: fileURLToPath(new URL('../reference/unet_segment.py', import.meta.url)),
  build(config, context) {
    const { tf, params } = context;
    const variant = config.variant as Variant;
    // optionValue refuses a set value outside the declared range (levels above the depth) with a UsageError.
    const padding: Padding = optionValue(unet, config, 'valid') === 1 ? 'valid' : 'same';
    const levels = optionValue(unet, config, 'levels');
    const geometry = unetGeometry(config.inputSize, levels, config.depth, padding);
    const channels = (level: number) => config.width * 2 ** level;
    const make = units(config, context, padding);

    const encoder = Array.from({ length: levels }, (_, level) => make.layer(level === 0 ? 1 : channels(level - 1), channels(level)));
    const bottleneck = make.layer(channels(levels - 1), channels(levels));
    /** stream[0] (the bottleneck's output) and, for the long skips, the map every encoder level made on the way. */
    const encode = (x: Tensor) => {
      const maps: Tensor[] = [];
      let h = x;
      for (const level of encoder) {
        h = level.apply(h);
        maps.push(h);
        h = tf.maxPool(h as Tensor4D, 2, 2, 'valid');
      }
      return { first: bottleneck.apply(h), context: { maps } };
    };
    const stemParams = [...encoder.flatMap((l) => l.params), ...bottleneck.params];
    const longSkips = variant !== 'plain';
    // The plain ablation's decoder reads no maps, so its stem hands none and block(l, x) runs no encoder for it.
    const stem: Layer | ContextStem<EncoderMaps | undefined> = longSkips ? { encode, params: stemParams } : { apply: (x) => encode(x).first, params: stemParams };

    const blocks = geometry.stageLevels.map((level, stage): Block<EncoderMaps | undefined> => {
      if (stage > 0 && geometry.stageLevels[stage - 1] === level) return make.block(channels(level));
      const up = upStep(context, channels(level + 1), channels(level));
      const unit = make.layer(longSkips ? 2 * channels(level) : channels(level), channels(level));
      return {
        branch: (h, skips) => {
          const upsampled = up.apply(h);
          const merged = skips === undefined ? upsampled : tf.concat([centreCrop(context, skips.maps[level], upsampled.shape[1]!), upsampled], -1);
          return unit.apply(merged);
        },
        merge: skip.none,
        params: [...up.params, ...unit.params],
      };
    });
    const head = conv2d(tf, params, 1, channels(0), 1);
    const sides = [geometry.bottleneck, ...geometry.decoder];
    const stageChannels = [channels(levels), ...geometry.stageLevels.map(channels)];
    return stackModel({
      tf,
      config,
      stem,
      blocks,
      head,
      task: thinShapes(tf, config.inputSize, geometry.output),
      stageShape: (batch, stage) => [batch, sides[stage]!, sides[stage]!, stageChannels[stage]!],
    });
  },
};

export default definePlugin({ apiVersion: API_VERSION, architectures: [unet] });
