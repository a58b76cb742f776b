import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './backends/index.js';
import type { ModelConfig, SkipRule } from './block.js';
import { createParamFactory } from './params.js';
import { bound } from './probes/bound.js';
import { paths } from './probes/paths.js';
import { skip, stackModel } from './stack.js';
import { linearReadoutTask } from './test-architectures.js';
import { tf, type Tensor } from './tf.js';

const config: ModelConfig = { variant: 'residual', depth: 2, width: 4, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed: 1 };
const handWritten: SkipRule = (h, f) => tf.add(h, f);

function modelWith(merge: SkipRule, additive?: boolean) {
  const params = createParamFactory(tf, 'glorot', 1);
  const blocks = [0, 1].map(() => {
    const alpha = params.constant([], 0.5);
    return { branch: (h: Tensor) => tf.mul(h, alpha), merge, params: [alpha], ...(additive === undefined ? {} : { additive }) };
  });
  const identity = { apply: (x: Tensor) => x, params: [] };
  return stackModel({ tf, config, stem: identity, blocks, head: identity, task: linearReadoutTask(1), stageShape: (batch) => [batch, 4] });
}

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

  it('is what the paths and bound probes need', () => {
    expect(paths.requires).toContain('additive');
    expect(bound.requires).toContain('additive');
  });
});
