import { dense, deriveSeed, readBack, relu, seededRandom, sequence, skip, stackModel, type Architecture, type Block, type BuildContext, type Model, type ModelConfig, type Scalar, type Task, type Tensor, type TF, type Variable, l2Norm } from '@skipbench/core';
import { RING, sampleMixture, type RingMixture } from './mixture.js';

const variants = {
  plain: { summary: 'W₂ relu(W₁ relu(h)): the pre-activation branch alone, so the discriminator is a 2L-layer ReLU MLP (the ablation)', skips: ['none'] },
  residual: { summary: 'h + W₂ relu(W₁ h): an identity path around a one-hidden-layer branch', skips: ['additive'] },
  preact: { summary: 'h + W₂ relu(W₁ relu(h)): pre-activation residual, a clean identity path (He et al. 2016)', skips: ['additive'] },
} as const;
type Variant = keyof typeof variants;

/** The generator: a dense MLP from a latent z to a point in R². Not trained by core's probes (not in `Model.params`). */
export interface Generator {
  readonly latentSize: number;
  readonly params: Variable[];
  /** Points `[n, 2]` for latents `[n, latentSize]`. */
  generate(z: Tensor): Tensor;
}

/** A `gan.mixture` model: the discriminator is the Model (its stages are the stream); it also carries its generator. */
export interface GanModel extends Model {
  readonly generator: Generator;
  readonly mixture: RingMixture;
}

export function isGanModel(model: Model): model is GanModel {
  return 'generator' in model && 'mixture' in model;
}

/** Standard-normal latents `[count, latentSize]`, drawn in JavaScript from `seed` so every backend gets the same. */
export function sampleLatent(tf: TF, count: number, latentSize: number, seed: number): Tensor {
  const rng = seededRandom(deriveSeed(seed, 'latent', count, latentSize));
  return tf.tensor2d(Float32Array.from({ length: count * latentSize }, () => rng.normal()), [count, latentSize]);
}

/**
 * The discriminator's loss on logits and labels (1 real, 0 generated): binary cross-entropy,
 * `softplus(l) − y·l = −y log σ(l) − (1 − y) log(1 − σ(l))`, averaged over the rows. On a batch half real,
 * half generated that is half of the standard `−log D(x) − log(1 − D(G(z)))`.
 */
export function discriminatorLoss(tf: TF, logits: Tensor, y: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.softplus(logits), tf.mul(y, logits)))) as Scalar;
}

/** The non-saturating generator loss on the discriminator's logits at generated points: mean `−log σ(l) = softplus(−l)`. */
export function generatorLoss(tf: TF, logits: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.neg(logits)))) as Scalar;
}

/**
 * `‖∇ₓ D(x)‖` for every row of `x` `[n, 2]`, D the discriminator's logit: the gradient the generator's
 * samples receive. The discriminator has no batch statistics, so the gradient of `Σ_i D(x_i)` at row i is
 * `∇D(x_i)` alone.
 */
export async function inputGradientNorms(tf: TF, model: Model, x: Tensor): Promise<number[]> {
  const [gradient] = await readBack(tf, () => [tf.grad((input: Tensor) => tf.sum(model.forward(input).out))(x)]);
  return Array.from({ length: x.shape[0]! }, (_, i) => l2Norm(gradient!.subarray(2 * i, 2 * i + 2)));
}

/**
 * Real points from the mixture (the first ⌈n/2⌉ rows, label 1) against the generator's points (the rest,
 * label 0), generated from the generator as it stands: core's probes never train it, so they see the
 * generator at its initialisation.
 */
function ringTask(tf: TF, generator: Generator, mixture: RingMixture): Task {
  return {
    id: 'ring-mixture',
    summary: `real points from ${mixture.modes} Gaussians on a ring (radius ${mixture.radius}, σ ${mixture.sigma}) against the generator's points`,
    sample(batchSize, seed, split = 'train') {
      const real = Math.ceil(batchSize / 2);
      const generated = batchSize - real;
      const { points } = sampleMixture(mixture, real, deriveSeed(seed, split, 'real'));
      const labels = Float32Array.from({ length: batchSize }, (_, i) => (i < real ? 1 : 0));
      return tf.tidy(() => {
        const realPoints = tf.tensor2d(points, [real, 2]);
        const fake = generated === 0 ? [] : [generator.generate(sampleLatent(tf, generated, generator.latentSize, deriveSeed(seed, split, 'generated')))];
        return { x: tf.concat([realPoints, ...fake], 0), y: tf.tensor2d(labels, [batchSize, 1]) };
      });
    },
    loss: (logits, y) => discriminatorLoss(tf, logits, y),
    // Half the rows real, half generated: the logit 0 (D(x) = ½ everywhere) scores ln 2 on every row.
    chanceLoss: Math.log(2),
    accuracy: (logits, y) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(logits, 0), 'float32'), y), 'float32')) as Scalar),
  };
}

function discriminatorBlock(config: ModelConfig, { tf, params }: BuildContext): Block<unknown> {
  const { width } = config;
  const variant = config.variant as Variant;
  const layers = [dense(tf, params, width, width), relu(tf), dense(tf, params, width, width)];
  // plain and preact share the pre-activation branch, so plain is exactly preact without its identity path.
  const branch = variant === 'residual' ? sequence(...layers) : sequence(relu(tf), ...layers);
  return { branch: branch.apply, merge: variant === 'plain' ? skip.none : skip.add, params: branch.params };
}

export const ganMixture: Architecture = {
  id: 'gan.mixture',
  version: '1',
  summary: 'GAN discriminator stacks (depth = discriminator blocks) against a dense generator, on a ring of 8 Gaussians',
  variants,
  defaults: { variant: 'preact', depth: 8, width: 32, inputSize: 8, norm: 'none', init: 'glorot', branchScale: 1 },
  choices: { norm: ['none'], init: ['glorot', 'he'] },
  inputSizeMeaning: "latent dimensions of the generator's input z (the samples are always points in R²)",
  task: { id: 'ring-mixture', summary: `real points from ${RING.modes} Gaussians on a ring (radius ${RING.radius}, σ ${RING.sigma}) against the generator's points` },
  // No variant shares weights across blocks; residual and preact are additive, plain is not (its cases of
  // paths and bound record not-applicable).
  capabilities: { sharedWeights: false },
  build(config, context) {
    const { tf, params } = context;
    const { width, inputSize: latentSize } = config;
    // The generator first, so one seed gives every variant and depth the same initial generator.
    const generatorNet = sequence(dense(tf, params, latentSize, width), relu(tf), dense(tf, params, width, width), relu(tf), dense(tf, params, width, 2));
    const generator: Generator = { latentSize, params: generatorNet.params, generate: generatorNet.apply };
    const discriminator = stackModel({
      tf,
      config,
      stem: dense(tf, params, 2, width),
      blocks: Array.from({ length: config.depth }, () => discriminatorBlock(config, context)),
      // Every variant's last block ends on a dense layer, so the head activates first (as pre-activation ResNets do).
      head: sequence(relu(tf), dense(tf, params, width, 1)),
      task: ringTask(tf, generator, RING),
      stageShape: (batch) => [batch, width],
    });
    const model: GanModel = {
      ...discriminator,
      generator,
      mixture: RING,
      dispose() {
        discriminator.dispose();
        tf.dispose(generator.params);
      },
    };
    return model;
  },
};
