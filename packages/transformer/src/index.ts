import { API_VERSION, definePlugin, dense, firstTokenRecall, normalization, relu, sequence, skip, stackModel, type Architecture, type Block, type BuildContext, type Layer, type ModelConfig, type Tensor } from '@skipbench/core';
import { fileURLToPath } from 'node:url';
import { selfAttention } from './attention.js';
import { transformerClaims } from './claims.js';

/** Symbols of the recall task. */
export const VOCABULARY = 8;
/** Hidden width of the MLP, as a multiple of the model width (the original Transformer's 4). */
const MLP_EXPANSION = 4;

const variants = {
  plain: { summary: 'attention then MLP, each after a norm, with no residual connection (the ablation)', skips: ['none'] },
  preln: { summary: 'h + Attn(norm(h)), then + MLP(norm(·)): the norm inside the branch, a clean residual stream (GPT-2)', skips: ['additive'] },
  postln: { summary: 'norm(h + Attn(h)), then norm(· + MLP(·)): the norm after each addition (Vaswani et al. 2017)', skips: ['additive'] },
  attention: { summary: 'Attn(norm(h)) only, no MLP, no skip: pure attention, which loses rank doubly exponentially (Dong et al. 2021)', skips: ['none'], ablates: ['attention-skip'] },
  'attention-skip': { summary: 'h + Attn(norm(h)), no MLP: attention with skip connections only', skips: ['additive'] },
} as const;
type Variant = keyof typeof variants;

function mlp({ tf, params }: BuildContext, width: number): Layer {
  return sequence(dense(tf, params, width, MLP_EXPANSION * width), relu(tf), dense(tf, params, MLP_EXPANSION * width, width));
}

/**
 * One Transformer layer as a Block. Where a variant has two residual additions (attention, then MLP), the
 * branch is everything the layer adds to `h`, so `h + s·F(h)` is exactly `h + s·a + s·m(h + s·a)`.
 */
function transformerBlock(config: ModelConfig, context: BuildContext): Block {
  const { tf, params } = context;
  const { width, branchScale: s } = config;
  const variant = config.variant as Variant;
  const attention = selfAttention(context, width);
  const norm1 = normalization(tf, params, config.norm, width);
  if (variant === 'attention' || variant === 'attention-skip') {
    const branch = (h: Tensor) => attention.apply(norm1.apply(h));
    return {
      branch,
      merge: variant === 'attention' ? skip.none : skip.add,
      params: [...attention.params, ...norm1.params],
      parts: (h) => ({ attention: branch(h) }),
    };
  }
  const norm2 = normalization(tf, params, config.norm, width);
  const feedForward = mlp(context, width);
  const layerParams = [...attention.params, ...norm1.params, ...feedForward.params, ...norm2.params];
  if (variant === 'postln') {
    return {
      branch: (h) => attention.apply(h),
      // The MLP sublayer and both norms come after the first addition, so they belong to the skip rule.
      merge: skip.rule('additive', (h, scaledAttention) => {
        const u = norm1.apply(tf.add(h, scaledAttention));
        return norm2.apply(tf.add(u, tf.mul(feedForward.apply(u), s)));
      }),
      params: layerParams,
      parts: (h) => {
        const a = attention.apply(h);
        return { attention: a, mlp: feedForward.apply(norm1.apply(tf.add(h, tf.mul(a, s)))) };
      },
    };
  }
  const sublayers = (h: Tensor) => {
    const a = attention.apply(norm1.apply(h));
    // preln feeds the MLP the stream after the attention's addition; plain has no stream to add to.
    const m = feedForward.apply(norm2.apply(variant === 'preln' ? tf.add(h, tf.mul(a, s)) : tf.mul(a, s)));
    return { a, m };
  };
  return {
    branch: (h) => {
      const { a, m } = sublayers(h);
      return variant === 'preln' ? tf.add(a, m) : m;
    },
    merge: variant === 'preln' ? skip.add : skip.none,
    params: layerParams,
    parts: (h) => {
      const { a, m } = sublayers(h);
      return { attention: a, mlp: m };
    },
  };
}

/** Fixed sinusoidal positions (Vaswani et al. 2017), so attention can tell the first token from the others. */
function positions(tokens: number, width: number): Float32Array {
  return Float32Array.from({ length: tokens * width }, (_, i) => {
    const [t, f] = [Math.floor(i / width), i % width];
    const angle = t / 10000 ** ((2 * Math.floor(f / 2)) / width);
    return f % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  });
}

export const transformerBlockArchitecture: Architecture = {
  id: 'transformer.block',
  version: '1',
  reference: fileURLToPath(new URL('../reference/transformer_block.py', import.meta.url)),
  summary: 'stack of Transformer layers (multi-head self-attention + MLP) on a first-token recall task',
  variants,
  defaults: { variant: 'preln', depth: 8, width: 32, inputSize: 16, norm: 'layer', init: 'glorot', branchScale: 1 },
  choices: { norm: ['layer', 'none'], init: ['glorot', 'he'] },
  inputSizeMeaning: 'tokens per sequence',
  task: { id: 'first-token-recall', summary: `recall the first of the sequence's random symbols (vocabulary ${VOCABULARY}) at its last token` },
  capabilities: { tokens: true, sequence: true },
  build(config, context) {
    const { tf, params } = context;
    const { width, inputSize: tokens } = config;
    const task = firstTokenRecall(tf, tokens, VOCABULARY);
    const embed = dense(tf, params, VOCABULARY, width);
    const positionTable = positions(tokens, width);
    const stem: Layer = {
      apply: (x) => tf.add(embed.apply(x), tf.tensor2d(positionTable, [tokens, width])),
      params: embed.params,
    };
    const blocks = Array.from({ length: config.depth }, () => transformerBlock(config, context));
    const finalNorm = normalization(tf, params, config.norm, width);
    const readout = dense(tf, params, width, VOCABULARY);
    // The answer is read at the last token, as far from the first as the sequence allows.
    const head: Layer = {
      apply: (h) => readout.apply(tf.squeeze(tf.slice(finalNorm.apply(h), [0, tokens - 1, 0], [-1, 1, -1]), [1])),
      params: [...finalNorm.params, ...readout.params],
    };
    return stackModel({ tf, config, stem, blocks, head, task, stageShape: (batch) => [batch, tokens, width], tokens: true, readsFrom: tokens - 1 });
  },
};

export default definePlugin({ apiVersion: API_VERSION, architectures: [transformerBlockArchitecture], claims: transformerClaims(Object.keys(variants)) });
