import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Model, type ModelConfig, optionValue, SkipbenchError, UsageError, graphOf, createParamFactory, skip, stackModel, tf, type Tensor } from '@skipbench/core';
import { tokenShape } from '@skipbench/probes';
import { assertPluginConforms, checkPlugin } from './check-plugin.js';
import { linearReadoutTask, toyConv } from '@skipbench/core/toys';

const config: ModelConfig = { variant: 'residual', depth: 2, width: 4, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 };

/** Two blocks `h + αh`; `widths` gives each stage's width (stages of different widths cannot be bypassed). */
function twoBlocks(widths: readonly number[], context?: (x: Tensor) => unknown): Model {
  const params = createParamFactory(tf, 'glorot', 1);
  const blocks = [0, 1].map(() => {
    const alpha = params.constant([], 0.5);
    return { branch: (h: Tensor) => tf.mul(h, alpha), merge: skip.add, params: [alpha] };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(1), stageShape: (batch, stage) => [batch, widths[stage]!], ...(context ? { context } : {}) });
}

/** The thrown value, for asserting its class, code and message together. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe("core throws only SkipbenchError, with the code of whoever made the mistake", () => {
  it("'usage': a caller's out-of-range block index, wrong number of perturbations, bypass where stages differ, or a missing model input", () => {
    const model = twoBlocks([4, 4, 4]);
    expect(thrown(() => model.block(2)(tf.zeros([1, 4])))).toEqual(new UsageError('Expected a block index in 0..1, but got 2.'));
    expect(thrown(() => model.blockParams(-1))).toEqual(new UsageError('Expected a block index in 0..1, but got -1.'));
    expect(thrown(() => model.forward(tf.zeros([1, 4]), { perturb: [] }))).toEqual(new UsageError('Expected 3 perturbations (one per stage), but got 0.'));
    model.dispose();
    const narrowing = twoBlocks([4, 4, 2]);
    expect(thrown(() => narrowing.forward(tf.zeros([1, 4]), { bypass: [1] }))).toEqual(
      new UsageError('Expected no bypass on this model (capabilities.bypass is false: its stages differ in shape), but got bypass [1].'),
    );
    narrowing.dispose();
    const reading = twoBlocks([4, 4, 4], (x) => x);
    expect(thrown(() => reading.block(1)(tf.zeros([1, 4])))).toEqual(new UsageError('Block 1 reads the model input, but none was passed: call block(1, input).'));
    reading.dispose();
  });

  it("'plugin': a model declaring tokens or graph without them, an architecture reading an option it does not declare, a stack with two sources of context (`context` and a stem that encodes)", () => {
    const tokens = thrown(() => tokenShape([2, 8]));
    expect(tokens).toEqual(new SkipbenchError('Expected a [batch, tokens, features] stage from a model declaring capabilities.tokens, but got shape [2, 8].', 'plugin'));
    expect((tokens as SkipbenchError).code).toBe('plugin');
    const graph = thrown(() => graphOf({ capabilities: { graph: true } } as unknown as Model));
    expect(graph).toEqual(new SkipbenchError('Expected a model declaring capabilities.graph to have a graph, but model.graph is undefined.', 'plugin'));
    expect((graph as SkipbenchError).code).toBe('plugin');
    const option = thrown(() => optionValue(toyConv, { ...toyConv.defaults, seed: 1 }, 'levels'));
    expect(option).toEqual(new SkipbenchError('Architecture toy.conv reads option \'levels\', which it does not declare; declared: none.', 'plugin'));
    expect((option as SkipbenchError).code).toBe('plugin');
    const identity = { apply: (x: Tensor) => x, params: [] };
    const encoding = { encode: (x: Tensor) => ({ first: x, context: x }), params: [] };
    const twoSources = thrown(() =>
      stackModel({ tf, config, stem: encoding, blocks: [], head: identity, task: linearReadoutTask(1), stageShape: (batch) => [batch, 4], context: (x) => x }),
    );
    expect(twoSources).toEqual(new SkipbenchError("Expected one source of the blocks' context, but the stack has context and a stem that encodes.", 'plugin'));
    expect((twoSources as SkipbenchError).code).toBe('plugin');
  });

  it("the conformance kit: 'usage' for its own bad options, 'plugin' (one line) for a plugin that breaks a promise", async () => {
    const options = await checkPlugin({}, { batch: 0 }).catch((error: unknown) => error);
    expect(options).toEqual(new UsageError('checkPlugin options: batch: expected a positive integer, but got 0. Accepted: depths, batch, seed, config, trainSteps, backend.'));
    const broken = await assertPluginConforms({ name: 'x' }).catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(SkipbenchError);
    expect((broken as SkipbenchError).code).toBe('plugin');
    expect((broken as SkipbenchError).message).toMatch(/^The plugin breaks \d+ promise\(s\) of the skipbench contract: .*\.$/);
    expect((broken as SkipbenchError).message).not.toContain('\n');
  });
});
