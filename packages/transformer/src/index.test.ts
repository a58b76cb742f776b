import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, tf, validatePlugin, type Model, type ModelConfig, type ProbeContext } from '@skipbench/core';
import { rankCollapse } from '@skipbench/probes';
import { selectBackend } from '@skipbench/backends';
import plugin, { transformerBlockArchitecture as transformer } from './index.js';

function build(overrides: Partial<ModelConfig>): Model {
  return buildModel(transformer, { ...transformer.defaults, width: 16, inputSize: 8, depth: 3, seed: 5, ...overrides });
}

const context: ProbeContext = {
  tf,
  seed: 3,
  settings: { batch: 4, trainSteps: 1, learningRate: 1e-3, timing: { iterations: 1, warmupIterations: 1 }, repeat: 1 },
  rebuild: (overrides) => build(overrides),
};

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('transformer.block', () => {
  it('is a valid plugin with a plain ablation', () => {
    expect(validatePlugin(plugin)).toEqual([]);
    expect(Object.keys(transformer.variants)).toEqual(['plain', 'preln', 'postln', 'attention', 'attention-skip']);
  });

  it.each(['preln', 'attention-skip'])('with branch scale 0, %s blocks are the identity', (variant) => {
    const model = build({ variant, branchScale: 0 });
    const { x, y } = model.task.sample(2, 1);
    tf.tidy(() => {
      const { stream } = model.forward(x);
      for (const stage of stream.slice(1)) expect(Array.from(stage.dataSync())).toEqual(Array.from(stream[0]!.dataSync()));
    });
    tf.dispose([x, y]);
    model.dispose();
  });

  it('attention maps equal tokens to equal tokens: a rank-one stream stays rank one', () => {
    // Every query sees the same keys, so every softmax row is uniform and every output row the same mean of values.
    const model = build({ variant: 'attention-skip', norm: 'none' });
    tf.tidy(() => {
      const same = tf.tile(tf.randomNormal([2, 1, 16], 0, 1, 'float32', 4), [1, 8, 1]);
      const out = model.block(0)(same);
      const rows = tf.sub(out, tf.mean(out, 1, true));
      expect(tf.max(tf.abs(rows)).dataSync()[0]!).toBeLessThan(1e-5 * tf.max(tf.abs(out)).dataSync()[0]!);
    });
    model.dispose();
  });

  it('shows the regimes of Dong et al.: pure attention collapses to rank one, pre-LN blocks with skips do not', async () => {
    const regime = async (variant: string, norm: string) => {
      const model = build({ variant, norm, depth: 6 });
      const { labels, metrics } = await rankCollapse.run(model, context);
      model.dispose();
      return { regime: labels.regime, last: metrics['relative-last']! };
    };
    const pure = await regime('attention', 'none');
    expect(pure.regime).toBe('collapsed');
    const preln = await regime('preln', 'layer');
    expect(preln.regime).not.toBe('collapsed');
    expect(preln.last).toBeGreaterThan(1e-2);
  });
});
