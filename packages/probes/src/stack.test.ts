import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Block, type ModelConfig, type SkipRule, blockMaps, createParamFactory, skip, stackModel, type StackSpec, tf, type Tensor } from '@skipbench/core';
import { bound } from './bound.js';
import { paths } from './paths.js';
import { linearReadoutTask } from '@skipbench/core/toys';

const config: ModelConfig = { variant: 'residual', depth: 2, width: 4, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 };
const handWritten: SkipRule = (h, f) => tf.add(h, f);
const identity = { apply: (x: Tensor) => x, params: [] };

function modelWith(merge: SkipRule, additive?: boolean) {
  const params = createParamFactory(tf, 'glorot', 1);
  const blocks = [0, 1].map(() => {
    const alpha = params.constant([], 0.5);
    return { branch: (h: Tensor) => tf.mul(h, alpha), merge, params: [alpha], ...(additive === undefined ? {} : { additive }) };
  });
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(1), stageShape: (batch) => [batch, 4] });
}

/** Two blocks `h + F(h)` on a width-2 stream, the stem and head given. */
const twoBlocks = <C>(spec: Pick<StackSpec<C>, 'stem' | 'blocks' | 'context'>) =>
  stackModel<C>({ tf, config: { ...config, width: 2 }, head: identity, task: linearReadoutTask(1), stageShape: (batch) => [batch, 2], ...spec });
const x = () => tf.tensor2d([[1, 2]]);
const values = (tensors: Tensor[]) => tensors.map((t) => Array.from(t.dataSync()));

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('capabilities.additive', () => {
  it.each([
    ['skip.add', skip.add, undefined, true],
    ['skip.none', skip.none, undefined, false],
    ['a hand-written h + f, undeclared', handWritten, undefined, false],
    ['a hand-written h + f declared additive', handWritten, true, true],
  ] as const)('%s', (_name, merge, additive, expected) => {
    const model = modelWith(merge, additive);
    expect(model.capabilities.additive).toBe(expected);
    model.dispose();
  });

  it.each([
    ['skip.none', skip.none, true],
    ['skip.add', skip.add, false],
    ['a hand-written f, not skip.none', (_h: Tensor, f: Tensor) => f, false],
  ] as const)('branchOnly of a block merged by %s is %s', (_name, merge, expected) => {
    const model = modelWith(merge, undefined);
    expect(model.branchOnly?.(0)).toBe(expected);
    model.dispose();
  });

  it.each([
    ['skip.none', skip.none, 'none'],
    ['skip.add', skip.add, 'additive'],
    ['a hand-written f, undeclared', (_h: Tensor, f: Tensor) => f, undefined],
    ['a hand-written gate declared gated', skip.rule('gated', (h, f) => h.mul(0.5).add(f.mul(0.5))), 'gated'],
  ] as const)('the skip kind of a block merged by %s is %s', (_name, merge, expected) => {
    const model = modelWith(merge, undefined);
    expect(model.skipKind?.(0)).toBe(expected);
    model.dispose();
  });

  it('is what the paths and bound probes need', () => {
    expect(paths.requires).toContain('additive');
    expect(bound.requires).toContain('additive');
  });
});

describe('the blocks\' context', () => {
  it('is made once per forward from the input and stream[0] as perturbed; block(l, input) makes it from the input alone, for block l', () => {
    const madeFor: Array<number | undefined> = [];
    // F(h) = stream[0] + x, read by name from the context.
    const reads: Block<{ offset: Tensor }> = { branch: (_h, { offset }) => offset, merge: skip.add, params: [] };
    const model = twoBlocks({
      stem: identity,
      blocks: [reads, reads],
      context: (input, first, forBlock) => {
        madeFor.push(forBlock);
        return { offset: tf.add(first, input) };
      },
    });
    tf.tidy(() => {
      // stream[0] = x + [10, 10] = [11, 12]; offset = [12, 14]; then [23, 26] and [35, 40].
      const perturb = [tf.tensor2d([[10, 10]]), tf.zeros([1, 2]), tf.zeros([1, 2])];
      expect(values(model.forward(x(), { perturb }).stream)).toEqual([[11, 12], [23, 26], [35, 40]]);
      expect(madeFor).toEqual([undefined]);
      // Replayed alone, block 1 reads the unperturbed stream[0] = x: [1, 1] + [2, 4].
      expect(values([model.block(1, x())(tf.tensor2d([[1, 1]]))])).toEqual([[3, 5]]);
      expect(madeFor).toEqual([undefined, 1]);
    });
    model.dispose();
  });

  it('from a stem that encodes is the unperturbed pass\'s, in forward and block(l, input) alike', () => {
    // stream[0] = 2x; every block adds x, which the stem hands on.
    const model = twoBlocks({
      stem: { encode: (input: Tensor) => ({ first: tf.mul(input, 2), context: { input } }), params: [] },
      blocks: [0, 1].map((): Block<{ input: Tensor }> => ({ branch: (_h, { input }) => input, merge: skip.add, params: [] })),
    });
    tf.tidy(() => {
      const perturb = [tf.tensor2d([[10, 10]]), tf.zeros([1, 2]), tf.zeros([1, 2])];
      expect(values(model.forward(x(), { perturb }).stream)).toEqual([[12, 14], [13, 16], [14, 18]]);
      expect(values([model.branch(0, x())(tf.tensor2d([[5, 5]]))])).toEqual([[1, 2]]);
    });
    model.dispose();
  });

  it('maps(input) runs a stem that encodes once for every block map, gives what block(l, input) gives, and frees it on dispose', () => {
    let encoded = 0;
    const model = twoBlocks({
      stem: {
        encode: (input: Tensor) => {
          encoded++;
          return { first: tf.mul(input, 2), context: { input: tf.add(input, 1) } };
        },
        params: [],
      },
      blocks: [0, 1].map((): Block<{ input: Tensor }> => ({ branch: (h, { input }) => tf.mul(h, input), merge: skip.add, params: [] })),
    });
    const input = x();
    const before = tf.memory().numTensors;
    const maps = blockMaps(model, input);
    tf.tidy(() => {
      const h = tf.tensor2d([[1, 1]]);
      // Each block adds h·(x + 1) = [2, 3]: h + [2, 3] = [3, 4]; the branch alone [2, 3].
      expect(values([maps.block(0)(h), maps.block(1)(h), maps.branch(1)(h)])).toEqual([[3, 4], [3, 4], [2, 3]]);
      expect(encoded).toBe(1);
      expect(values([model.block(1, input)(h), model.branch(1, input)(h)])).toEqual([[3, 4], [2, 3]]);
      expect(encoded).toBe(3);
    });
    maps.dispose();
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
    model.dispose();
  });
});

describe('a pass given the intact stream', () => {
  /** Four blocks h + l·h (stream[l + 1] = (l + 1)·stream[l]), counting the branches applied. */
  function counting() {
    const applied: number[] = [];
    const blocks = [0, 1, 2, 3].map((l): Block => ({
      branch: (h) => {
        applied.push(l);
        return tf.mul(h, l);
      },
      merge: skip.add,
      params: [],
    }));
    const model = stackModel({ tf, config: { ...config, depth: 4, width: 2 }, stem: identity, blocks, head: identity, task: linearReadoutTask(1), stageShape: (batch) => [batch, 2] });
    return { model, applied };
  }

  it('starts at the first bypassed block and gives the output of the pass without it', () => {
    const { model, applied } = counting();
    tf.tidy(() => {
      const intactStream = model.forward(x()).stream;
      // Block l multiplies by l + 1: x·1·2·3·4 intact.
      expect(values(intactStream)).toEqual([[1, 2], [1, 2], [2, 4], [6, 12], [24, 48]]);
      applied.length = 0;
      // Without block 1 (×2): x·1·3·4 = 12x, from stream[1] on, so blocks 2 and 3 alone.
      const resumed = model.forward(x(), { bypass: [1], intactStream });
      expect(applied).toEqual([2, 3]);
      expect(values([resumed.out])).toEqual([[12, 24]]);
      expect(values(resumed.stream)).toEqual([[1, 2], [1, 2], [1, 2], [3, 6], [12, 24]]);
      applied.length = 0;
      const withoutTwo = model.forward(x(), { bypass: [3, 1], intactStream });
      expect(applied).toEqual([2]);
      expect(values([withoutTwo.out])).toEqual(values([model.forward(x(), { bypass: [3, 1] }).out]));
      expect(values([withoutTwo.out])).toEqual([[3, 6]]);
      // With nothing bypassed the intact stream is the whole pass.
      applied.length = 0;
      expect(values([model.forward(x(), { intactStream }).out])).toEqual([[24, 48]]);
      expect(applied).toEqual([]);
    });
    model.dispose();
  });

  it('is refused with perturbations, at another length, or beside a bypass index that is no block', () => {
    const { model } = counting();
    tf.tidy(() => {
      const intactStream = model.forward(x()).stream;
      expect(() => model.forward(x(), { intactStream: intactStream.slice(1) })).toThrow('Expected an intact stream of 5 stages (the stream of a pass with no bypass), but got 4.');
      expect(() => model.forward(x(), { intactStream, perturb: intactStream.map((s) => tf.zerosLike(s)) })).toThrow(
        'Expected perturbations or an intact stream, not both: a perturbed pass differs from the intact one at every stage.',
      );
      expect(() => model.forward(x(), { bypass: [4] })).toThrow('Expected bypass to list block indices in 0..3, but got 4.');
    });
    model.dispose();
  });
});
