import { Bench, type Statistics } from 'tinybench';
import { defineNames, defineProbe, MeasurementBuilder, type ProbeContext, SkipbenchError, trainStep } from '@skipbench/core';

/** With at least this many repetitions the fastest and the slowest are dropped before the median. */
export const TRIM_FROM_REPEATS = 5;

/** The timed tasks, in the order they are reported. */
export const TIMED_TASKS = ['forward', 'train-step'] as const;
export type TimedTask = (typeof TIMED_TASKS)[number];

/** What is reported of a timed task, as the last part of its metric's name: `train-step-samples-per-second`. */
export type TimingStatistic = 'mean' | 'p99' | 'rme' | 'spread' | 'samples-per-second';

/** The names `throughput` writes in its results; a timed task's statistics are families by task (`timingMetric` names one). */
export const THROUGHPUT = defineNames({
  metrics: {
    batch: { name: 'batch', unit: 'samples' },
    repeats: { name: 'repeats', unit: 'repetitions' },
    warmupIterations: { name: 'warmup-iterations', unit: 'iterations' },
    iterations: { name: 'iterations', unit: 'iterations' },
    firstCall: { name: (task: TimedTask) => `${task}-first-call` as const, unit: 'ms' },
    trainStepPeakMemory: { name: 'train-step-peak-memory', unit: 'MiB' },
    trainStepNewTensors: { name: 'train-step-new-tensors', unit: 'tensors' },
    liveTensors: { name: 'live-tensors', unit: 'tensors' },
    forwardKernelTime: { name: 'forward-kernel-time', unit: 'ms' },
    meanLatency: { name: (task: TimedTask) => `${task}-mean` as const, unit: 'ms' },
    p99Latency: { name: (task: TimedTask) => `${task}-p99` as const, unit: 'ms' },
    rme: { name: (task: TimedTask) => `${task}-rme` as const, unit: '%' },
    spread: { name: (task: TimedTask) => `${task}-spread` as const, unit: '%' },
    samplesPerSecond: { name: (task: TimedTask) => `${task}-samples-per-second` as const, unit: 'samples/s' },
  },
  series: { repetitionMeans: { name: (task: TimedTask) => `${task}-repetition-means` as const, unit: 'ms' } },
});

const TIMING_FAMILIES = { mean: 'meanLatency', p99: 'p99Latency', rme: 'rme', spread: 'spread', 'samples-per-second': 'samplesPerSecond' } as const satisfies Record<TimingStatistic, keyof typeof THROUGHPUT.metrics>;

/** The metric of one statistic of a timed task: `timingMetric('train-step', 'samples-per-second')`. */
export function timingMetric<S extends TimingStatistic>(task: TimedTask, statistic: S): `${TimedTask}-${S}` {
  return THROUGHPUT.metrics[TIMING_FAMILIES[statistic]](task) as `${TimedTask}-${S}`;
}
const { metrics: M, series: S } = THROUGHPUT;

interface Repetition {
  latency: Statistics;
}

/** Median, and spread (max − min) / median in %, of what is kept of the repetitions. */
export function summariseRepetitions(means: number[]): { median: number; spreadPercent: number; kept: number } {
  const sorted = [...means].sort((a, b) => a - b);
  const kept = sorted.length >= TRIM_FROM_REPEATS ? sorted.slice(1, -1) : sorted;
  const middle = Math.floor(kept.length / 2);
  const median = kept.length % 2 === 1 ? kept[middle]! : (kept[middle - 1]! + kept[middle]!) / 2;
  return { median, spreadPercent: ((kept.at(-1)! - kept[0]!) / median) * 100, kept: kept.length };
}

/**
 * Samples per second of a forward pass and of a train step (forward, gradients of every weight, SGD update).
 * The clock stops only after a result has been read back, so an asynchronous device has finished its work.
 * Each task's first call (shader compilation, kernel set-up) is timed alone and left out; then warm-up and
 * iteration counts fixed by the preset; `repeat` whole repetitions give a median and spread. One profiled
 * train step gives the peak memory and the tensors it leaves behind; `tf.time` the forward kernels' time.
 */
export const throughput = defineProbe({
  id: 'throughput',
  version: '1',
  summary: 'forward and train-step samples/s at one batch size (tinybench: fixed warm-up and iterations, repetitions)',
  requires: [],
  timed: true,
  names: THROUGHPUT,
  headline: [M.samplesPerSecond('train-step'), M.samplesPerSecond('forward'), M.spread('train-step')],
  async run(model, context) {
    const { tf, seed, settings } = context;
    const { x, y } = model.task.sample(settings.batch, seed);
    const optimizer = tf.train.sgd(1e-3);
    const tasks: Record<TimedTask, () => Promise<void>> = {
      forward: async () => {
        const out = tf.tidy(() => model.forward(x).out);
        await out.data();
        out.dispose();
      },
      'train-step': async () => {
        await trainStep(model, optimizer, x, y);
      },
    };
    const repetitions = new Map<string, Repetition[]>(TIMED_TASKS.map((task) => [task, []]));
    const firstCallMs: Partial<Record<TimedTask, number>> = {};
    let memory: { peakBytes: number; newTensors: number; liveTensors: number } | undefined;
    let kernelMs: number | undefined;
    try {
      // The first call compiles shaders (webgpu) or builds kernels and plans: timed alone, kept out of the statistics.
      for (const task of TIMED_TASKS) {
        const start = performance.now();
        await tasks[task]();
        firstCallMs[task] = performance.now() - start;
      }
      const profile = await tf.profile(tasks['train-step']);
      memory = { peakBytes: profile.peakBytes, newTensors: profile.newTensors, liveTensors: tf.memory().numTensors };
      // Device time of the forward kernels, where the backend measures it (webgpu needs timestamp queries).
      const timing = await tf.time(() => tf.dispose(tf.tidy(() => model.forward(x).out)));
      if (typeof timing.kernelMs === 'number') kernelMs = timing.kernelMs;
      for (let r = 0; r < settings.repeat; r++) {
        const bench = benchFor(context);
        for (const task of TIMED_TASKS) bench.add(task, tasks[task]);
        await bench.run();
        for (const task of bench.tasks) {
          if (task.result.state !== 'completed') {
            throw new SkipbenchError(`Expected tinybench task '${task.name}' to complete (it throws on error), but it ended in state '${task.result.state}'.`, 'internal');
          }
          repetitions.get(task.name)!.push({ latency: task.result.latency });
        }
      }
    } finally {
      optimizer.dispose();
      tf.dispose([x, y]);
    }
    const builder = new MeasurementBuilder(THROUGHPUT)
      .metric(M.batch, settings.batch)
      .metric(M.repeats, settings.repeat)
      .metric(M.warmupIterations, settings.timing.warmupIterations)
      .metric(M.iterations, settings.timing.iterations);
    for (const task of TIMED_TASKS) builder.metric(M.firstCall(task), firstCallMs[task]!);
    builder
      .metric(M.trainStepPeakMemory, memory!.peakBytes / 2 ** 20)
      .metric(M.trainStepNewTensors, memory!.newTensors)
      .metric(M.liveTensors, memory!.liveTensors);
    if (kernelMs !== undefined) builder.metric(M.forwardKernelTime, kernelMs);
    for (const task of TIMED_TASKS) {
      const reps = repetitions.get(task)!;
      const mean = summariseRepetitions(reps.map((r) => r.latency.mean));
      const p99 = summariseRepetitions(reps.map((r) => r.latency.p99));
      const rme = summariseRepetitions(reps.map((r) => r.latency.rme));
      builder
        .metric(M.meanLatency(task), mean.median)
        .metric(M.p99Latency(task), p99.median)
        .metric(M.rme(task), rme.median)
        .metric(M.spread(task), mean.spreadPercent)
        .metric(M.samplesPerSecond(task), (settings.batch * 1000) / mean.median)
        .series(S.repetitionMeans(task), reps.map((r) => r.latency.mean));
    }
    const kept = summariseRepetitions(repetitions.get('forward' satisfies TimedTask)!.map((r) => r.latency.mean)).kept;
    builder.note(
      settings.repeat === 1
        ? `one repetition of ${settings.timing.iterations} iterations after ${settings.timing.warmupIterations} warm-up; spread is 0 by definition, rme is tinybench's`
        : `median of ${kept} of ${settings.repeat} repetitions${kept < settings.repeat ? ' (the fastest and the slowest dropped)' : ''}, ` +
            `each ${settings.timing.iterations} iterations after ${settings.timing.warmupIterations} warm-up; spread = (max - min) / median of the kept repetition means`,
    );
    return builder.build();
  },
});

function benchFor({ settings }: ProbeContext): Bench {
  const { iterations, warmupIterations } = settings.timing;
  // time 0: exactly `iterations` runs after exactly `warmupIterations`, the same on every machine.
  return new Bench({ time: 0, iterations, warmupTime: 0, warmupIterations, warmup: true, throws: true });
}
