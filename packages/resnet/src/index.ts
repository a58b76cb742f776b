import { API_VERSION, conv2d, definePlugin, dense, globalAveragePool, normalization, relu, sequence, skip, stackModel, type Architecture, type Block, type BuildContext, type Layer, type ModelConfig, type SkipRule } from '@skipbench/core';
import { fileURLToPath } from 'node:url';
import { spectrallyNormalisedConv } from './spectral.js';
import { CLASSES, digits, orientedGratings, type ImageTask } from './task.js';
import { resnetMlp } from './mlp.js';
import { resnetClaims } from './claims.js';

const variants = {
  plain: { summary: 'conv-norm-relu-conv-norm, then ReLU; no identity path (the ablation)', skips: ['none'] },
  postact: { summary: 'h + conv-norm-relu-conv-norm(h), then ReLU after the addition (He et al. 2015)', skips: ['additive'] },
  preact: { summary: 'h + conv(relu(norm(conv(relu(norm(h)))))): clean identity path (He et al. 2016)', skips: ['additive'] },
  ode: { summary: 'one pre-activation block shared by every layer, h + F(h)/L: forward Euler for dh/dt = F(h)', skips: ['additive'] },
  'ode-plain': { summary: 'one plain block shared by every layer and iterated, F(F(…F(h))): the ODE ablation', skips: ['none'], ablates: ['ode'] },
} as const;
type Variant = keyof typeof variants;

function basicBlock(config: ModelConfig, { tf, params }: BuildContext): Block {
  const { width } = config;
  // 'spectral' is a weight normalisation (no activation statistics): each conv is a contraction of gain 0.9.
  const spectral = config.norm === 'spectral';
  const norm = () => normalization(tf, params, spectral ? 'none' : config.norm, width);
  const conv = () => (spectral ? spectrallyNormalisedConv({ tf, params }, width) : conv2d(tf, params, 3, width, width));
  const variant = config.variant as Variant;
  if (variant === 'preact' || variant === 'ode') {
    const branch = sequence(norm(), relu(tf), conv(), norm(), relu(tf), conv());
    const apply = variant === 'ode' ? (h: Parameters<Layer['apply']>[0]) => tf.div(branch.apply(h), config.depth) : branch.apply;
    return { branch: apply, merge: skip.add, params: branch.params };
  }
  const branch = sequence(conv(), norm(), relu(tf), conv(), norm());
  const merge: SkipRule = variant === 'postact' ? skip.rule('additive', (h, f) => tf.relu(tf.add(h, f))) : skip.rule('none', (_h, f) => tf.relu(f));
  return { branch: branch.apply, merge, params: branch.params };
}

export const resnetBasic: Architecture = {
  id: 'resnet.basic',
  version: '1',
  reference: fileURLToPath(new URL('../reference/resnet_basic.py', import.meta.url)),
  summary: 'residual stack of 3x3 conv blocks at constant width and resolution, on oriented gratings or digits',
  variants,
  defaults: { variant: 'preact', depth: 8, width: 16, inputSize: 16, norm: 'batch', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none', 'batch', 'spectral'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'image side in pixels (the digits task is always 28)',
  task: { id: 'oriented-gratings', summary: `${CLASSES}-way orientation of noisy RGB gratings, generated from the seed` },
  tasks: { digits: '10-way handwritten digits from the mnist package (real data)' },
  build(config, context) {
    const { tf, params } = context;
    const { width } = config;
    const task: ImageTask = config.task === 'digits' ? digits(tf) : orientedGratings(tf, config.inputSize);
    const preactivated = config.variant === 'preact' || config.variant === 'ode';
    const activationNorm = config.norm === 'spectral' ? 'none' : config.norm;
    // conv-norm-ReLU for every variant, as in ResNet v1 and v2's ImageNet stems, so variants share stream[0]'s scale.
    const stem = sequence(conv2d(tf, params, 3, task.channels, width), normalization(tf, params, activationNorm, width), relu(tf));
    const shared = config.variant === 'ode' || config.variant === 'ode-plain';
    const one = shared ? basicBlock(config, context) : undefined;
    const blocks = Array.from({ length: config.depth }, () => one ?? basicBlock(config, context));
    const classifier = sequence(globalAveragePool(tf), dense(tf, params, width, task.classes));
    // Pre-activation blocks end on a convolution, so the head normalises first (He et al. 2016).
    const head = preactivated ? sequence(normalization(tf, params, activationNorm, width), relu(tf), classifier) : classifier;
    return stackModel({
      tf,
      config,
      stem,
      blocks,
      head,
      task,
      stageShape: (batch) => [batch, task.size, task.size, width],
      sharedWeights: shared,
    });
  },
};

export { resnetMlp };
export default definePlugin({ apiVersion: API_VERSION, architectures: [resnetBasic, resnetMlp], claims: resnetClaims });
