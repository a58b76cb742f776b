import { defineNames, type Tensor, defineProbe, MeasurementBuilder, readBack } from '@skipbench/core';
import { highFrequencyFraction, tokenShape, tokenSpectrum } from './tokens.js';

const normalise = (energy: number[]) => {
  const total = energy.reduce((a, b) => a + b, 0);
  return energy.map((e) => (total > 0 ? e / total : 0));
};
const average = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** The names `spectrum` writes in its results, per source of energy: `stream`, `branch`, or a part the block names (e.g. `attention`). */
export const SPECTRUM = defineNames({
  metrics: {
    highFrequencyMean: { name: (source: string) => `${source}-high-frequency-mean` as const, unit: '1' },
    highFrequencyWithoutMeanMean: { name: (source: string) => `${source}-high-frequency-without-mean-mean` as const, unit: '1' },
  },
  series: {
    highFrequency: { name: (source: string) => `${source}-high-frequency` as const, unit: '1' },
    spectrumMean: { name: (source: string) => `${source}-spectrum-mean` as const, unit: '1' },
    highFrequencyWithoutMean: { name: (source: string) => `${source}-high-frequency-without-mean` as const, unit: '1' },
  },
  labels: { claim: 'claim' },
});
const { metrics: M, series: S, labels: L } = SPECTRUM;

/**
 * Energy per frequency along the token axis of the stream, of each block's branch output and of the
 * branch's named parts (e.g. attention): the seed's claim is that the identity path carries the low
 * frequencies while the branch (attention) adds the high ones.
 */
export const spectrum = defineProbe({
  id: 'spectrum',
  version: '1',
  summary: 'energy per token frequency of the stream, the branch and its parts; high-frequency fractions',
  requires: ['tokens', 'blocks'],
  names: SPECTRUM,
  headline: [M.highFrequencyMean('stream'), M.highFrequencyMean('branch'), L.claim],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    const tokens = model.streamShapes(1)[0]![1]!;
    // Energy spectra by name (the stream, the branch, each named part): one per stage or block.
    const energies = new Map<string, number[][]>();
    try {
      // Named tensors computed in one scope, then read back together.
      const named: Array<{ name: string; shape: number[] }> = [];
      const values = await readBack(tf, () => {
        const tensors: Tensor[] = [];
        const record = (name: string, tensor: Tensor) => {
          named.push({ name, shape: tensor.shape });
          tensors.push(tensor);
        };
        const { stream } = model.forward(x);
        for (const stage of stream) record('stream', stage);
        for (let l = 0; l < model.depth; l++) {
          record('branch', model.branch(l, x)(stream[l]!));
          for (const [name, part] of Object.entries(model.parts?.(l, x)(stream[l]!) ?? {})) record(name, part);
        }
        return tensors;
      });
      named.forEach(({ name, shape }, i) => {
        const spectra = energies.get(name) ?? energies.set(name, []).get(name)!;
        spectra.push(tokenSpectrum(values[i]!, tokenShape(shape)));
      });
    } finally {
      tf.dispose([x, y]);
    }
    const builder = new MeasurementBuilder(SPECTRUM);
    const fractions = new Map<string, number[]>();
    for (const [name, spectra] of energies) {
      const high = spectra.map((energy) => highFrequencyFraction(energy, tokens));
      const highWithoutMean = spectra.map((energy) => highFrequencyFraction(energy, tokens, true));
      const shares = spectra.map(normalise);
      fractions.set(name, high);
      builder
        .series(S.highFrequency(name), high)
        .metric(M.highFrequencyMean(name), average(high))
        .series(S.spectrumMean(name), shares[0]!.map((_, k) => average(shares.map((s) => s[k]!))))
        .series(S.highFrequencyWithoutMean(name), highWithoutMean)
        .metric(M.highFrequencyWithoutMeanMean(name), average(highWithoutMean));
    }
    const streamMean = average(fractions.get('stream')!);
    const branchMean = average(fractions.get('branch')!);
    return builder
      .label(L.claim, branchMean > streamMean ? 'held' : 'not held')
      .note(
        `DFT along ${tokens} tokens (bins 0…${Math.floor(tokens / 2)}), energy summed over batch and features; ` +
          `high frequency: bins above ${tokens / 4}, as a share of all energy and (*-without-mean) of the energy ` +
          "outside bin 0, i.e. of how the tokens differ; *-spectrum-mean: each bin's share of the energy, averaged " +
          'over stages or blocks; claim held when the branch carries a larger high-frequency share than the stream',
      )
      .build();
  },
});
