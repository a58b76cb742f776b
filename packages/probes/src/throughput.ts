import { Bench, type Statistics } from 'tinybench';
import { defineProbe, MeasurementBuilder, type MeasurementNames, type ProbeContext, SkipbenchError, trainStep } from '@skipbench/core';

/** With at least this many repetitions the fastest and the slowest are dropped before the median. */
export const TRIM_FROM_REPEATS = 5;

/** The timed tasks, in the order they are reported. */
export const TIMED_TASKS = ['forward', 'train-step'] as const;
export type TimedTask = (typeof TIMED_TASKS)[number];

/** What is reported of a timed task, as the last part of its metric's name: `train-step-samples-per-second`. */
export type TimingStatistic = 'mean' | 'p99' | 'rme' | 'spread' | 'samples-per-second';

/** The names `throughput` writes in its results. */
export const THROUGHPUT = {
  metrics: {
    batch: 'batch',
    repeats: 'repeats',
    warmupIterations: 'warmup-iterations',
    iterations: 'iterations',
    firstCall: (task: TimedTask) => `${task}-first-call` as const,
    trainStepPeakMemory: 'train-step-peak-memory',
    trainStepNewTensors: 'train-step-new-tensors',
    liveTensors: 'live-tensors',
    forwardKernelTime: 'forward-kernel-time',
    timing: (task: TimedTask, statistic: TimingStatistic) => `${task}-${statistic}` as const,
  },
  series: { repetitionMeans: (task: TimedTask) => `${task}-repetition-means` as const },
} as const satisfies MeasurementNames;
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
  headline: [M.timing('train-step', 'samples-per-second'), M.timing('forward', 'samples-per-second'), M.timing('train-step', 'spread')],
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
      .metric(M.batch, settings.batch, 'samples')
      .metric(M.repeats, settings.repeat, 'repetitions')
      .metric(M.warmupIterations, settings.timing.warmupIterations, 'iterations')
      .metric(M.iterations, settings.timing.iterations, 'iterations');
    for (const task of TIMED_TASKS) builder.metric(M.firstCall(task), firstCallMs[task]!, 'ms');
    builder
      .metric(M.trainStepPeakMemory, memory!.peakBytes / 2 ** 20, 'MiB')
      .metric(M.trainStepNewTensors, memory!.newTensors, 'tensors')
      .metric(M.liveTensors, memory!.liveTensors, 'tensors');
    if (kernelMs !== undefined) builder.metric(M.forwardKernelTime, kernelMs, 'ms');
    for (const task of TIMED_TASKS) {
      const reps = repetitions.get(task)!;
      const mean = summariseRepetitions(reps.map((r) => r.latency.mean));
      const p99 = summariseRepetitions(reps.map((r) => r.latency.p99));
      const rme = summariseRepetitions(reps.map((r) => r.latency.rme));
      builder
        .metric(M.timing(task, 'mean'), mean.median, 'ms')
        .metric(M.timing(task, 'p99'), p99.median, 'ms')
        .metric(M.timing(task, 'rme'), rme.median, '%')
        .metric(M.timing(task, 'spread'), mean.spreadPercent, '%')
        .metric(M.timing(task, 'samples-per-second'), (settings.batch * 1000) / mean.median, 'samples/s')
        .series(S.repetitionMeans(task), reps.map((r) => r.latency.mean), 'ms');
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
