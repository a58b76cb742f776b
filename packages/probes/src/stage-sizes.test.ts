import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type Block, type ModelConfig, l2Norm, stackModel, tf, type Tensor } from '@skipbench/core';
import { FEATURES, linearReadoutTask } from '@skipbench/core/toys';
import { activationProfile } from './activation-profile.js';
import { gradientProfile } from './gradient-profile.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const DEPTH = 3;
/** The stream doubles its width at every block: 6, 12, 24, 48 elements per sample. */
const WIDENING = 2 ** DEPTH;

/**
 * A DenseNet-like widening stream that keeps every element's size: stream[0] = x (6 features), and block l
 * concatenates a copy of the input, `h ↦ concat(h, tile(x, 2^l))`, so stream[l] = tile(x, 2^l). The copy is
 * read from the model input (the blocks' context), not from the stream, so no gradient flows through it. The
 * head averages the 2^L copies back to 6 features and the loss is L = Σ out ⊙ c (the linear readout task).
 */
function wideningModel(): ReturnType<typeof stackModel> {
  const concatCopy = (l: number): Block<Tensor> => ({
    branch: (_h, x) => tf.tile(x, [1, 2 ** l]),
    merge: (h, copy) => tf.concat([h, copy], 1),
    params: [],
  });
  const config: ModelConfig = { variant: 'plain', depth: DEPTH, width: FEATURES, inputSize: 1, norm: 'none', init: 'glorot', branchScale: 1, seed: 7 };
  return stackModel<Tensor>({
    tf,
    config,
    stem: { apply: (x) => x, params: [] },
    blocks: Array.from({ length: DEPTH }, (_, l) => concatCopy(l)),
    head: { apply: (h) => tf.mean(tf.reshape(h, [h.shape[0]!, WIDENING, FEATURES]), 1), params: [] },
    task: linearReadoutTask(7),
    stageShape: (batch, stage) => [batch, FEATURES * 2 ** stage],
    context: (x) => x,
  });
}

const settings = { batch: 4, trainSteps: 0, learningRate: 0, timing: { warmupIterations: 0, iterations: 0 }, repeat: 1 };
const context = (model: ReturnType<typeof stackModel>) => ({ tf, seed: 3, settings, rebuild: () => model });

describe('per-stage series on a stream that widens from 6 to 48 elements per sample, every element the same size', () => {
  it('activation-profile: the per-sample norm grows by log10 √8 decades, the per-element RMS by 0', async () => {
    // stream[l] = tile(x, 2^l): each sample's norm is √(2^l)·‖x_b‖, so norm[l] = √(2^l)·‖x‖_F / √batch, and
    // over 6·2^l elements per sample rms[l] = ‖x‖_F / √(6·batch) at every stage. Growth from stage 0 to 3:
    // log10 √(2^3) = 1.5·log10 2 = 0.4515 decades for the norm, log10 1 = 0 for the RMS.
    const model = wideningModel();
    const { x, y } = model.task.sample(settings.batch, 3);
    const rms = l2Norm(x.dataSync()) / Math.sqrt(FEATURES * settings.batch);
    tf.dispose([x, y]);
    const { metrics, series, units } = await activationProfile.run(model, context(model));
    expect(series['stage-elements']).toEqual([6, 12, 24, 48]);
    expect(units['stage-elements']).toBe('1');
    expect(metrics['log10-norm-growth']).toBeCloseTo(Math.log10(Math.sqrt(WIDENING)), 6);
    expect(metrics['log10-norm-growth']).toBeCloseTo(0.4515, 4);
    expect(metrics['log10-rms-growth']).toBeCloseTo(0, 6);
    for (const value of series.rms!) expect(value! / rms).toBeCloseTo(1, 6);
    model.dispose();
  });

  it('gradient-profile: the norms of dL/dstream differ by log10 √8 decades, the per-element RMS by 0, and the verdict reads the RMS', async () => {
    // dL/dout = c for every sample; the head averages 8 copies, so every entry of dL/dstream[3] is c_j / 8.
    // The copies carry no gradient back, so dL/dstream[l] is the first 6·2^l columns of dL/dstream[l + 1]:
    // every entry is c_j / 8 at every stage. Then ‖dL/dstream[l]‖ = √(batch·2^l)·‖c‖ / 8, and over
    // batch·6·2^l entries the RMS is ‖c‖ / (8·√6) at every stage. First over last: the norms'
    // log10 √(1/8) = −0.4515, the RMS's log10 1 = 0; healthy either way.
    const model = wideningModel();
    const { x, y } = model.task.sample(settings.batch, 3);
    const c = l2Norm(y.dataSync().slice(0, FEATURES));
    tf.dispose([x, y]);
    const { metrics, series, labels } = await gradientProfile.run(model, context(model));
    expect(series['stage-elements']).toEqual([6, 12, 24, 48]);
    for (const [l, norm] of series['stream-grad-norm']!.entries()) expect(norm! / ((Math.sqrt(settings.batch * 2 ** l) * c) / WIDENING)).toBeCloseTo(1, 5);
    for (const rms of series['stream-grad-rms']!) expect(rms! / (c / (WIDENING * Math.sqrt(FEATURES)))).toBeCloseTo(1, 5);
    expect(metrics['log10-ratio-first-last']).toBeCloseTo(-Math.log10(Math.sqrt(WIDENING)), 5);
    expect(metrics['log10-ratio-first-last']).toBeCloseTo(-0.4515, 4);
    expect(metrics['log10-rms-ratio-first-last']).toBeCloseTo(0, 5);
    expect(labels.verdict).toBe('healthy');
    model.dispose();
  });
});
