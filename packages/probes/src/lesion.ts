import { defineNames, deriveSeed, randomSubset, seededRandom, defineProbe, MeasurementBuilder, evaluateHeldOut, trainOnTask, type Tensor } from '@skipbench/core';

/** Most blocks removed together, and random draws averaged per count. */
export const LESION_MAX_REMOVED = 8;
export const LESION_DRAWS = 4;

/** The names `lesion` writes in its results. */
export const LESION = defineNames({
  metrics: {
    /** Held-out loss of the model before training: what `loss-intact` fell from. */
    lossInitial: { name: 'loss-initial', unit: 'nats' },
    lossIntact: { name: 'loss-intact', unit: 'nats' },
    trainSteps: { name: 'train-steps', unit: 'steps' },
    meanLossIncreaseOneBlock: { name: 'mean-loss-increase-one-block', unit: '1' },
    maxLossIncreaseOneBlock: { name: 'max-loss-increase-one-block', unit: '1' },
    accuracyIntact: { name: 'accuracy-intact', unit: '1' },
    /** The task's chance accuracy (`Task.chanceAccuracy`), where it declares one. */
    accuracyChance: { name: 'accuracy-chance', unit: '1' },
  },
  series: {
    lossWithoutBlock: { name: 'loss-without-block', unit: 'nats' },
    lossIncreaseWithoutBlock: { name: 'loss-increase-without-block', unit: '1' },
    lossRemovingKBlocks: { name: 'loss-removing-k-blocks', unit: 'nats' },
    accuracyWithoutBlock: { name: 'accuracy-without-block', unit: '1' },
    accuracyRemovingKBlocks: { name: 'accuracy-removing-k-blocks', unit: '1' },
  },
});
const { metrics: M, series: S } = LESION;

/**
 * Lesion study (Veit, Wilber & Belongie 2016): train, then delete blocks at test time (bypass: the block's
 * output is its input) and measure the held-out loss (and accuracy where the task has one): each block
 * alone, then k random blocks for k = 1 … K.
 */
export const lesion = defineProbe({
  id: 'lesion',
  version: '2',
  summary: 'held-out loss and accuracy of a trained model with one block, then k blocks, removed',
  requires: ['bypass'],
  names: LESION,
  headline: [M.meanLossIncreaseOneBlock, M.maxLossIncreaseOneBlock],
  async run(model, { tf, seed, settings, trainedModels }) {
    const heldOut = model.task.sample(Math.max(settings.batch, 32), deriveSeed(seed, 'held-out'), 'held-out');
    let intactStream: Tensor[] = [];
    const evaluate = async (bypass: number[]) => {
      const { loss, accuracy } = await evaluateHeldOut(tf, model, heldOut, { bypass, intactStream });
      return { loss, accuracy: accuracy ?? null };
    };
    const rng = seededRandom(deriveSeed(seed, 'lesion'));
    let base: Awaited<ReturnType<typeof evaluate>>;
    let single: Array<Awaited<ReturnType<typeof evaluate>>>;
    const removingK: Array<{ loss: number; accuracy: number | null }> = [];
    let initialLoss: number;
    try {
      initialLoss = (await evaluateHeldOut(tf, model, heldOut)).loss;
      await trainOnTask(tf, model, settings, seed, trainedModels);
      // Each lesioned pass starts from the intact pass at its first removed block: half the blocks, on average.
      intactStream = tf.tidy(() => model.forward(heldOut.x).stream);
      base = await evaluate([]);
      single = [];
      for (let l = 0; l < model.depth; l++) single.push(await evaluate([l]));
      for (let k = 1; k <= Math.min(LESION_MAX_REMOVED, model.depth); k++) {
        const draws = [];
        for (let d = 0; d < (k === model.depth ? 1 : LESION_DRAWS); d++) draws.push(await evaluate(randomSubset(rng, model.depth, k)));
        const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
        removingK.push({
          loss: mean(draws.map((d) => d.loss)),
          accuracy: base.accuracy === null ? null : mean(draws.map((d) => d.accuracy!)),
        });
      }
    } finally {
      tf.dispose([heldOut.x, heldOut.y, ...intactStream.filter((t) => t !== heldOut.x)]);
    }
    const increases = single.map((s) => (s.loss - base.loss) / base.loss);
    const builder = new MeasurementBuilder(LESION)
      .metric(M.lossInitial, initialLoss)
      .metric(M.lossIntact, base.loss)
      .metric(M.trainSteps, settings.trainSteps)
      .series(S.lossWithoutBlock, single.map((s) => s.loss))
      .series(S.lossIncreaseWithoutBlock, increases)
      .series(S.lossRemovingKBlocks, removingK.map((r) => r.loss))
      .metric(M.meanLossIncreaseOneBlock, increases.reduce((a, b) => a + b, 0) / increases.length)
      .metric(M.maxLossIncreaseOneBlock, Math.max(...increases))
      .note(`trained ${settings.trainSteps} Adam steps; k random blocks removed averaged over ${LESION_DRAWS} draws; increases are relative to the intact loss`);
    if (base.accuracy !== null) {
      if (model.task.chanceAccuracy !== undefined) builder.metric(M.accuracyChance, model.task.chanceAccuracy);
      builder
        .metric(M.accuracyIntact, base.accuracy)
        .series(S.accuracyWithoutBlock, single.map((s) => s.accuracy))
        .series(S.accuracyRemovingKBlocks, removingK.map((r) => r.accuracy));
    }
    return builder.build();
  },
});
