import { defineNames, defineProbe, MeasurementBuilder, readBack, tf, type Model } from '@skipbench/core';

/** The names `gate-openness` writes in its results: readers import these rather than spell them. */
export const GATE_OPENNESS = defineNames({
  metrics: {
    mean: { name: 'mean-openness', unit: '1' },
    firstBlock: { name: 'first-block-openness', unit: '1' },
    lastBlock: { name: 'last-block-openness', unit: '1' },
  },
  series: { perBlock: { name: 'openness', unit: '1' } },
  labels: {},
});
const { metrics: M, series: S } = GATE_OPENNESS;

/** Whether the model's blocks name a `gate` part (a highway block's transform gate T(h)). */
function hasGate(model: Model): boolean {
  return tf.tidy(() => {
    const { x } = model.task.sample(1, 0);
    return 'gate' in (model.parts?.(0, x)(model.forward(x).stream[0]!) ?? {});
  });
}

/**
 * How open each block's transform gate is on a batch: the mean of T(h_l) over samples and features, so
 * 0 carries the input unchanged and 1 replaces it with the transform. At initialisation the gate bias (−2)
 * keeps it near sigmoid(−2) ≈ 0.12: a deep highway net starts close to the identity, as a residual one does.
 */
export const gateOpenness = defineProbe({
  id: 'gate-openness',
  summary: "mean transform-gate openness T(h) per block (0 carries the input, 1 replaces it)",
  requires: ['blocks'],
  names: GATE_OPENNESS,
  headline: [M.mean],
  appliesTo: (model) => (hasGate(model) ? undefined : 'its blocks name no gate part (no transform gate to read)'),
  async run(model, { seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const openness = await readBack(tf, () => {
      const { stream } = model.forward(x);
      return Array.from({ length: model.depth }, (_, l) => tf.mean(model.parts!(l, x)(stream[l]!)['gate']!));
    });
    tf.dispose([x, y]);
    const perBlock = openness.map((value) => value[0]!);
    return new MeasurementBuilder(GATE_OPENNESS)
      .series(S.perBlock, perBlock)
      .metric(M.mean, perBlock.reduce((sum, value) => sum + value, 0) / perBlock.length)
      .metric(M.firstBlock, perBlock[0]!)
      .metric(M.lastBlock, perBlock.at(-1)!)
      .build();
  },
});
