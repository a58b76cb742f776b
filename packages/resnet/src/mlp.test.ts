import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, tf, type ModelConfig } from '@skipbench/core';
import { ERROR_CORRECTION, errorCorrection } from '@skipbench/probes';
import { selectBackend } from '@skipbench/backends';
import { resnetMlp, signalDimension } from './mlp.js';

const settings = { batch: 4, trainSteps: 0, learningRate: 1e-3, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const { metrics: M } = ERROR_CORRECTION;

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('resnet.mlp', () => {
  it('keeps a quarter of the width for the clean signal', () => {
    expect([4, 8, 16, 2].map(signalDimension)).toEqual([1, 2, 4, 1]);
  });

  const atBranchScaleZero = async (variant: string) => {
    const config: ModelConfig = { ...resnetMlp.defaults, variant, width: 8, depth: 2, branchScale: 0, seed: 3 };
    const model = buildModel(resnetMlp, config);
    const m = await errorCorrection.run(model, { tf, seed: 1, settings, rebuild: () => model });
    model.dispose();
    return m;
  };

  it('with branch scale 0, the residual net is the identity: the clean signal passes and the whole error stays', async () => {
    // h + 0·F(h) = h, so G = network − identity = 0: ‖G(s)‖ = 0, ‖G(ε) + ε‖/‖ε‖ = 1, the output s + ε leaves all
    // of the error, and G(ε) = 0 has no direction, so its cosine is not recorded.
    const m = await atBranchScaleZero('residual');
    expect(m.metrics[M.stackCleanChange]).toBeCloseTo(0, 6);
    expect(m.metrics[M.stackErrorResidual]).toBeCloseTo(1, 6);
    expect(m.metrics[M.relativeOutputError]).toBeCloseTo(1, 6);
    expect(m.metrics).not.toHaveProperty(M.stackErrorCosine);
    expect([m.metrics[M.dimension], m.metrics[M.signalDimension]]).toEqual([8, 2]);
  });

  it('with branch scale 0, the plain net outputs 0: G = −identity removes the error and the signal alike', async () => {
    // Every plain block outputs 0·F(h) = 0: ‖G(s)‖/‖s‖ = 1, G(ε) + ε = 0 and cos(G(ε), ε) = cos(−ε, ε) = −1.
    const m = await atBranchScaleZero('plain');
    expect(m.metrics[M.stackCleanChange]).toBeCloseTo(1, 6);
    expect(m.metrics[M.stackErrorResidual]).toBeCloseTo(0, 6);
    expect(m.metrics[M.stackErrorCosine]).toBeCloseTo(-1, 6);
  });
});
