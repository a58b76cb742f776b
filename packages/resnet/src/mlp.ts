import { dense, errorCorrectionTask, relu, sequence, skip, stackModel, type Architecture, type Block, type BuildContext, type Layer, type ModelConfig } from '@skipbench/core';

/** The clean subspace's share of the width: k = max(1, width / 4), the error subspace the other 3/4. */
export const signalDimension = (width: number) => Math.max(1, Math.floor(width / 4));

/** `W2 relu(W1 h)` with 2·width hidden units: enough for relu(z) − relu(−z) = z to make any linear map exactly, −P_⊥ among them. */
function mlpBlock(config: ModelConfig, { tf, params }: BuildContext): Block {
  const branch = sequence(dense(tf, params, config.width, 2 * config.width), relu(tf), dense(tf, params, 2 * config.width, config.width));
  return { branch: branch.apply, merge: config.variant === 'plain' ? skip.none : skip.add, params: branch.params };
}

export const resnetMlp: Architecture = {
  id: 'resnet.mlp',
  version: '1',
  summary: 'the simplest residual net: dense blocks h + W2 relu(W1 h) on the input space itself (identity stem and head), on error correction',
  variants: {
    plain: { summary: 'W2 relu(W1 h): no identity path (the ablation)', skips: ['none'] },
    residual: { summary: 'h + W2 relu(W1 h)', skips: ['additive'] },
  },
  defaults: { variant: 'residual', depth: 4, width: 16, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'unused: a sample is one width-dimensional vector, its clean subspace width/4 of it',
  task: { id: 'error-correction', summary: 'recover a clean signal in a seeded width/4-dimensional subspace from it plus an error in the orthogonal complement' },
  build(config, context) {
    const { tf } = context;
    // The stream is the input space, so the task's clean and error subspaces are the same at every stage.
    const identity: Layer = { apply: (x) => x, params: [] };
    return stackModel({
      tf,
      config,
      stem: identity,
      blocks: Array.from({ length: config.depth }, () => mlpBlock(config, context)),
      head: identity,
      task: errorCorrectionTask(tf, config.width, signalDimension(config.width), config.seed),
      stageShape: (batch) => [batch, config.width],
    });
  },
};
