/**
 * A third-party plugin that contributes a probe and a benchmark and no architecture, written only against
 * @skipbench/core's public API: it measures every family that has blocks.
 */
import { API_VERSION, defineNames, definePlugin, defineProbe, l2Norm, MeasurementBuilder, readBack, type BenchmarkDefinition } from '@skipbench/core';

/** The names `update-ratio` writes in its results: readers import these rather than spell them. */
export const UPDATE_RATIO = defineNames({
  metrics: { mean: { name: 'mean-update-ratio', unit: '1' }, max: { name: 'max-update-ratio', unit: '1' } },
  series: { perBlock: { name: 'update-ratio', unit: '1' } },
  labels: {},
});
const { metrics: M, series: S } = UPDATE_RATIO;

/**
 * Per block, ‖F_l(h_l)‖ / ‖h_l‖ on a batch: how large the branch's update is against the stream it updates
 * (Frobenius norms over the batch, in float64). A residual stack that trains well keeps these small; a
 * plain stack's "update" is its whole output.
 */
export const updateRatio = defineProbe({
  id: 'update-ratio',
  summary: "‖F(h)‖ / ‖h‖ per block: the branch's update against the stream it updates",
  requires: ['blocks'],
  names: UPDATE_RATIO,
  headline: [M.mean],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const values = await readBack(tf, () => {
      const { stream } = model.forward(x);
      return Array.from({ length: model.depth }, (_, l) => [stream[l]!, model.branch(l, x)(stream[l]!)]).flat();
    });
    tf.dispose([x, y]);
    const ratios = Array.from({ length: model.depth }, (_, l) => {
      const stream = l2Norm(values[2 * l]!);
      return stream === 0 ? null : l2Norm(values[2 * l + 1]!) / stream;
    });
    const measured = ratios.filter((ratio): ratio is number => ratio !== null);
    const result = new MeasurementBuilder(UPDATE_RATIO).series(S.perBlock, ratios);
    if (measured.length < ratios.length) result.note(`${S.perBlock} is null where the stream h_l is exactly zero`);
    if (measured.length > 0) {
      result.metric(M.mean, measured.reduce((sum, ratio) => sum + ratio, 0) / measured.length).metric(M.max, Math.max(...measured));
    }
    return result.build();
  },
});

/** The probe over the depth sweep, for every architecture that has blocks. */
export const updates: BenchmarkDefinition = {
  id: 'updates',
  summary: "‖F(h)‖ / ‖h‖ per block over a depth sweep: how much each block changes the stream",
  probes: [updateRatio.id],
  sweep: 'depths',
  sweepRegimes: [],
};

// No architectures: a probe-only plugin. Name and version come from package.json.
export default definePlugin({ apiVersion: API_VERSION, probes: [updateRatio], benchmarks: [updates] });
