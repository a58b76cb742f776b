import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '@skipbench/backends';
import { type ModelConfig, type Measurement, type Probe, type ProbeContext, type ProbeSettings, type TrainedModels, tf } from '@skipbench/core';
import { lesion, trainability } from '@skipbench/probes';
import { buildToyConv, toyConv } from '@skipbench/core/toys';
import { runBenchmark } from './runner.js';
import { trainedModelStore, trainedModelsPath } from './trained-models.js';

const settings: ProbeSettings = { batch: 4, trainSteps: 6, learningRate: 1e-2, timing: { warmupIterations: 1, iterations: 1 }, repeat: 1 };
const config: Partial<ModelConfig> = { depth: 3, width: 4, norm: 'none' };

beforeAll(async () => {
  await selectBackend('wasm');
});

/** A store over a fresh folder that counts the trainings it could not spare. */
function countingStore(folder = mkdtempSync(path.join(os.tmpdir(), 'skipbench-trained-'))) {
  const store = trainedModelStore(tf, folder, { architecture: toyConv.id, backend: tf.getBackend() });
  const counted = {
    folder,
    trainings: 0,
    store: {
      reuse: (model, training, train) =>
        store.reuse(model, training, () => {
          counted.trainings++;
          return train();
        }),
    } satisfies TrainedModels,
  };
  return counted;
}

async function measure(probe: Probe, trainedModels?: TrainedModels, overrides: { settings?: Partial<ProbeSettings>; seed?: number; config?: Partial<ModelConfig> } = {}): Promise<Measurement> {
  const model = buildToyConv({ ...config, ...overrides.config });
  const context: ProbeContext = {
    tf,
    seed: overrides.seed ?? 5,
    settings: { ...settings, ...overrides.settings },
    rebuild: () => {
      throw new Error('no rebuild');
    },
    ...(trainedModels === undefined ? {} : { trainedModels }),
  };
  try {
    return await probe.run(model, context);
  } finally {
    model.dispose();
  }
}

describe('trained models', () => {
  it('lesion and trainability on one config train once, and measure exactly what they measure training each itself', async () => {
    const fresh = [await measure(lesion), await measure(trainability)];
    const counted = countingStore();
    const reused = [await measure(lesion, counted.store), await measure(trainability, counted.store)];
    expect(counted.trainings).toBe(1);
    expect(readdirSync(counted.folder)).toHaveLength(1);
    // wasm is deterministic: the restored weights and losses are the trained ones bit for bit.
    expect(reused).toEqual(fresh);
    expect(reused[1]!.series['train-loss']).toHaveLength(settings.trainSteps);
  });

  it('another train-step count, seed, learning rate or config trains again', async () => {
    const counted = countingStore();
    await measure(lesion, counted.store);
    await measure(trainability, counted.store, { settings: { trainSteps: 4 } });
    await measure(trainability, counted.store, { seed: 6 });
    await measure(trainability, counted.store, { settings: { learningRate: 2e-2 } });
    await measure(trainability, counted.store, { config: { variant: 'plain' } });
    expect(counted.trainings).toBe(5);
    await measure(trainability, counted.store, { seed: 6 });
    expect(counted.trainings).toBe(5);
  });

  it('an entry cut short or of other shapes is ignored: the case trains, measures as without a store, and replaces it', async () => {
    const fresh = await measure(trainability);
    const counted = countingStore();
    await measure(lesion, counted.store);
    const [name] = readdirSync(counted.folder);
    const file = path.join(counted.folder, name!);
    const whole = statSync(file).size;
    for (const broken of ['{"key":', JSON.stringify({ key: 'other', losses: '', params: [] })]) {
      writeFileSync(file, broken);
      expect(await measure(trainability, counted.store)).toEqual(fresh);
    }
    expect(counted.trainings).toBe(3);
    expect(statSync(file).size).toBe(whole);
  });

  it('a run with an output file reuses trainings across its cases and measures as a run without one; the folder goes with the journal', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipbench-trained-run-'));
    const out = path.join(folder, 'r.json');
    const options = { benchmark: 'depth', probeIds: ['trainability', 'lesion'], architectures: [toyConv], depths: [2, 3], width: 4, inputSize: 6, norms: ['none'], trainSteps: 5, seed: 3 };
    const fresh = await runBenchmark(options);
    // A rename writes a new inode: an entry whose inode never changes was written once, so trained once.
    const firstSeen = new Map<string, number>();
    let rewritten = 0;
    const reused = await runBenchmark({
      ...options,
      out,
      onCase: () => {
        for (const entry of readdirSync(trainedModelsPath(out))) {
          const inode = statSync(path.join(trainedModelsPath(out), entry)).ino;
          if (!firstSeen.has(entry)) firstSeen.set(entry, inode);
          else if (firstSeen.get(entry) !== inode) rewritten++;
        }
      },
    });
    const values = (c: (typeof fresh.cases)[number]) => ({ id: c.id, status: c.status, metrics: c.metrics, series: c.series, labels: c.labels, notes: c.notes });
    expect(reused.cases).toHaveLength(2 * 2 * 2);
    expect(reused.cases.every((c) => c.status === 'ok')).toBe(true);
    expect(reused.cases.map(values)).toEqual(fresh.cases.map(values));
    // Two variants at two depths: four trainings for eight cases.
    expect(firstSeen.size).toBe(4);
    expect(rewritten).toBe(0);
    expect(existsSync(trainedModelsPath(out))).toBe(false);
  });

  it('an interrupted run keeps its trained models for --resume, and a run started afresh clears them', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'skipbench-trained-resume-'));
    const out = path.join(folder, 'r.json');
    const options = { benchmark: 'depth', probeIds: ['trainability', 'lesion'], architectures: [toyConv], variants: ['residual'], depths: [2], width: 4, inputSize: 6, norms: ['none'], trainSteps: 5, seed: 3 };
    const fresh = await runBenchmark(options);
    const interrupt = () => {
      const stop = new AbortController();
      return runBenchmark({ ...options, out, force: true, signal: stop.signal, onCase: () => stop.abort() });
    };
    await interrupt();
    const [entry] = readdirSync(trainedModelsPath(out));
    const inode = statSync(path.join(trainedModelsPath(out), entry!)).ino;
    let inodeAfterLesion: number | undefined;
    const resumed = await runBenchmark({ ...options, out, resume: true, onCase: () => (inodeAfterLesion = statSync(path.join(trainedModelsPath(out), entry!)).ino) });
    expect(inodeAfterLesion).toBe(inode);
    expect(resumed.cases.map((c) => c.metrics)).toEqual(fresh.cases.map((c) => c.metrics));
    expect(existsSync(trainedModelsPath(out))).toBe(false);
    await interrupt();
    expect(readdirSync(trainedModelsPath(out))).toEqual([entry]);
    // Started afresh and stopped before any case: the earlier run's trainings are gone.
    await runBenchmark({ ...options, out, force: true, signal: AbortSignal.abort() });
    expect(existsSync(trainedModelsPath(out))).toBe(false);
  });
});
