import type { Tensor } from '../tf.js';
import { defineProbe, MeasurementBuilder } from '../probe.js';
import { highFrequencyFraction, tokenShape, tokenSpectrum } from './tokens.js';

const normalise = (energy: number[]) => {
  const total = energy.reduce((a, b) => a + b, 0);
  return energy.map((e) => (total > 0 ? e / total : 0));
};
const average = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/**
 * Energy per frequency along the token axis of the stream, of each block's branch output and of the
 * branch's named parts (e.g. attention): the seed's claim is that the identity path carries the low
 * frequencies while the branch (attention) adds the high ones.
 */
export const spectrum = defineProbe({
  id: 'spectrum',
  summary: 'energy per token frequency of the stream, the branch and its parts; high-frequency fractions',
  requires: ['tokens', 'blocks'],
  headline: ['stream-high-frequency-mean', 'branch-high-frequency-mean', 'claim'],
  async run(model, { tf, seed, settings }) {
    const { x, y } = model.task.sample(settings.batch, seed);
    // By name: the stream, the branch and each named part; one entry per stage or block.
    const fractions = new Map<string, number[]>();
    const fractionsWithoutMean = new Map<string, number[]>();
    const spectra = new Map<string, number[][]>();
    const entries = <T>(map: Map<string, T[]>, name: string) => map.get(name) ?? map.set(name, []).get(name)!;
    let tokens = 0;
    const record = (name: string, tensor: Tensor) => {
      const shape = tokenShape(tensor.shape);
      tokens = shape[1];
      const energy = tokenSpectrum(tensor.dataSync(), shape);
      entries(fractions, name).push(highFrequencyFraction(energy, tokens));
      entries(fractionsWithoutMean, name).push(highFrequencyFraction(energy, tokens, true));
      entries(spectra, name).push(normalise(energy));
    };
    try {
      tf.tidy(() => {
        const { stream } = model.forward(x);
        for (const stage of stream) record('stream', stage);
        for (let l = 0; l < model.depth; l++) {
          record('branch', model.branch(l, x)(stream[l]!));
          for (const [name, part] of Object.entries(model.parts?.(l, x)(stream[l]!) ?? {})) record(name, part);
        }
      });
    } finally {
      tf.dispose([x, y]);
    }
    const builder = new MeasurementBuilder();
    for (const [name, values] of fractions) {
      builder.series(`${name}-high-frequency`, values, '1').metric(`${name}-high-frequency-mean`, average(values), '1');
      const byStage = spectra.get(name)!;
      builder.series(`${name}-spectrum-mean`, byStage[0]!.map((_, k) => average(byStage.map((s) => s[k]!))), '1');
      const withoutMean = fractionsWithoutMean.get(name)!;
      builder.series(`${name}-high-frequency-without-mean`, withoutMean, '1').metric(`${name}-high-frequency-without-mean-mean`, average(withoutMean), '1');
    }
    const streamMean = average(fractions.get('stream')!);
    const branchMean = average(fractions.get('branch')!);
    return builder
      .label('claim', branchMean > streamMean ? 'held' : 'not held')
      .note(
        `DFT along ${tokens} tokens (bins 0…${Math.floor(tokens / 2)}), energy summed over batch and features; ` +
          `high frequency: bins above ${tokens / 4}, as a share of all energy and (*-without-mean) of the energy ` +
          "outside bin 0, i.e. of how the tokens differ; *-spectrum-mean: each bin's share of the energy, averaged " +
          'over stages or blocks; claim held when the branch carries a larger high-frequency share than the stream',
      )
      .build();
  },
});
