import {
  API_VERSION,
  conv2d,
  definePlugin,
  dense,
  globalAveragePool,
  normalization,
  sequence,
  skip,
  stackModel,
  type Architecture,
  type Block,
  type BuildContext,
  type Layer,
  type ModelConfig,
  type SkipRule,
} from '@skipbench/core';
import { createRequire } from 'node:module';
import { CLASSES, INPUT_CHANNELS, orientedGratings } from './task.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

const variants = {
  plain: 'conv-norm-relu-conv-norm, then ReLU; no identity path (the ablation)',
  postact: 'h + conv-norm-relu-conv-norm(h), then ReLU after the addition (He et al. 2015)',
  preact: 'h + conv(relu(norm(conv(relu(norm(h)))))): clean identity path (He et al. 2016)',
} as const;
type Variant = keyof typeof variants;

function relu(tf: BuildContext['tf']): Layer {
  return { apply: (x) => tf.relu(x), params: [] };
}

function basicBlock(config: ModelConfig, { tf, params }: BuildContext): Block {
  const { width, norm } = config;
  const conv = () => conv2d(tf, params, 3, width, width);
  const variant = config.variant as Variant;
  if (variant === 'preact') {
    const branch = sequence(normalization(tf, params, norm, width), relu(tf), conv(), normalization(tf, params, norm, width), relu(tf), conv());
    return { branch: branch.apply, merge: skip.add, params: branch.params };
  }
  const branch = sequence(conv(), normalization(tf, params, norm, width), relu(tf), conv(), normalization(tf, params, norm, width));
  const merge: SkipRule = variant === 'postact' ? (h, f) => tf.relu(tf.add(h, f)) : (_h, f) => tf.relu(f);
  return { branch: branch.apply, merge, params: branch.params };
}

export const resnetBasic: Architecture = {
  id: 'resnet.basic',
  summary: 'residual stack of 3x3 conv blocks at constant width and resolution, on oriented gratings',
  variants,
  defaults: { variant: 'preact', depth: 8, width: 16, inputSize: 16, norm: 'batch', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none', 'batch'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'image side in pixels',
  task: { id: 'oriented-gratings', summary: `${CLASSES}-way orientation of noisy RGB gratings, generated from the seed` },
  build(config, context) {
    const { tf, params } = context;
    const { width, norm } = config;
    const preact = config.variant === 'preact';
    // conv-norm-ReLU for every variant, as in ResNet v1 and v2's ImageNet stems, so variants share stream[0]'s scale.
    const stem = sequence(conv2d(tf, params, 3, INPUT_CHANNELS, width), normalization(tf, params, norm, width), relu(tf));
    const blocks = Array.from({ length: config.depth }, () => basicBlock(config, context));
    const classifier = sequence(globalAveragePool(tf), dense(tf, params, width, CLASSES));
    // Pre-activation blocks end on a convolution, so the head normalises first (He et al. 2016).
    const head = preact ? sequence(normalization(tf, params, norm, width), relu(tf), classifier) : classifier;
    return stackModel({
      tf,
      config,
      stem,
      blocks,
      head,
      task: orientedGratings(tf, config.inputSize),
      stageShape: (batch) => [batch, config.inputSize, config.inputSize, width],
    });
  },
};

export default definePlugin({
  name,
  version,
  apiVersion: API_VERSION,
  architectures: [resnetBasic],
});
