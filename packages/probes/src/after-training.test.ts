import { beforeAll, describe, expect, it } from 'vitest';
import { type Model, type Measurement, type Probe, type ProbeContext, type ProbeSettings, tf, trainOnTask } from '@skipbench/core';
import { selectBackend } from '@skipbench/backends';
import { buildToyGraph, buildToyTokens } from '@skipbench/core/toys';
import { horizon } from './horizon.js';
import { horizonTrained } from './horizon-trained.js';
import { spectrum } from './spectrum.js';
import { spectrumTrained } from './spectrum-trained.js';
import { AFTER_TRAINING } from './after-training.js';

const settingsWith = (trainSteps: number): ProbeSettings => ({ batch: 4, trainSteps, learningRate: 1e-2, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 });
const contextWith = (trainSteps: number): ProbeContext => ({
  tf,
  seed: 3,
  settings: settingsWith(trainSteps),
  rebuild: () => {
    throw new Error('no rebuild');
  },
});

beforeAll(async () => {
  await selectBackend('wasm');
});

async function measure(build: () => Model, probe: Probe, context: ProbeContext, before?: (model: Model) => Promise<unknown>): Promise<Measurement> {
  const model = build();
  try {
    await before?.(model);
    return await probe.run(model, context);
  } finally {
    model.dispose();
  }
}

/** The measurement without the three metrics `afterTraining` adds, and without its note. */
function innerPart({ metrics, units, notes, ...rest }: Measurement): Measurement {
  const added = new Set<string>(Object.values(AFTER_TRAINING.metrics));
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([name]) => !added.has(name)));
  return { ...rest, metrics: keep(metrics), units: keep(units), notes: notes.slice(0, -1) };
}

const cases = [
  ['spectrum-trained on token-averaging blocks', spectrumTrained, spectrum, () => buildToyTokens({ depth: 3 })],
  ['horizon-trained on GCN layers over a cycle', horizonTrained, horizon, () => buildToyGraph({ depth: 3, inputSize: 12 })],
] as const;

describe.each(cases)('%s', (_name, trained, untrained, build) => {
  it('after 0 steps is the untrained probe exactly, with trained-steps 0 and the held-out loss unchanged', async () => {
    const context = contextWith(0);
    const measured = await measure(build, trained, context);
    expect(innerPart(measured)).toEqual(await measure(build, untrained, context));
    expect(measured.metrics['trained-steps']).toBe(0);
    expect(measured.metrics['trained-loss-final']).toBe(measured.metrics['trained-loss-initial']);
  });

  it('after N steps is the untrained probe on the model trainOnTask trained, N recorded', async () => {
    const context = contextWith(12);
    const measured = await measure(build, trained, context);
    const byHand = await measure(build, untrained, context, (model) => trainOnTask(tf, model, context.settings, context.seed));
    expect(innerPart(measured)).toEqual(byHand);
    expect(measured.metrics['trained-steps']).toBe(12);
    // Training changed what the probe measures: its numbers differ from the untrained model's.
    expect(innerPart(measured).metrics).not.toEqual((await measure(build, untrained, context)).metrics);
  });
});

it('trains: on the toy graph, whose one fixed draw of labels can be fitted, the held-out loss falls', async () => {
  const { metrics } = await measure(() => buildToyGraph({ depth: 3, inputSize: 12 }), horizonTrained, contextWith(12));
  expect(metrics['trained-loss-final']!).toBeLessThan(metrics['trained-loss-initial']!);
});

it('keeps the inner probe’s capabilities and headline, and adds trained-steps to it', () => {
  expect(spectrumTrained.requires).toEqual(spectrum.requires);
  expect(horizonTrained.requires).toEqual(['graph']);
  expect(spectrumTrained.headline).toEqual([...spectrum.headline!, 'trained-steps']);
});
