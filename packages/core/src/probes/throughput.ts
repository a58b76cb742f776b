import { Bench, type Task as BenchTask } from 'tinybench';
import { defineProbe, MeasurementBuilder, type ProbeContext } from '../probe.js';
import type { Tensor } from '../tf.js';

/**
 * Samples per second of a forward pass and of a train step (forward, gradients of every weight, SGD update).
 * The clock stops only after a result has been read back, so an asynchronous device has finished its work.
 */
export const throughput = defineProbe({
  id: 'throughput',
  summary: 'forward and train-step samples/s at one batch size (tinybench: warm-up, mean, p99, rme)',
  requires: [],
  headline: ['forward-samples-per-second', 'train-step-samples-per-second', 'train-step-mean'],
  async run(model, context) {
    const { tf, seed, settings } = context;
    const { x, y } = model.task.sample(settings.batch, seed);
    const optimizer = tf.train.sgd(1e-3);
    const forward = async () => {
      const out = tf.tidy(() => model.forward(x).out);
      await out.data();
      out.dispose();
    };
    const trainStep = async () => {
      const cost = optimizer.minimize(() => model.task.loss(model.forward(x).out, y), true, model.params);
      await cost!.data();
      cost!.dispose();
    };
    const bench = benchFor(context);
    bench.add('forward', forward).add('train-step', trainStep);
    await bench.run();
    optimizer.dispose();
    tf.dispose([x, y] as Tensor[]);
    const builder = new MeasurementBuilder().metric('batch', settings.batch, 'samples');
    for (const task of bench.tasks) recordTask(builder, task, settings.batch);
    builder.note(`tinybench ${JSON.stringify(settings.timing)}; times exclude warm-up`);
    return builder.build();
  },
});

function benchFor({ settings }: ProbeContext): Bench {
  const { time, iterations, warmupTime, warmupIterations } = settings.timing;
  return new Bench({ time, iterations, warmupTime, warmupIterations, warmup: true, throws: true });
}

function recordTask(builder: MeasurementBuilder, task: BenchTask, batch: number): void {
  const result = task.result;
  if (result.state !== 'completed') {
    throw new Error(`tinybench task '${task.name}' ended in state '${result.state}'.`);
  }
  const { latency } = result;
  builder
    .metric(`${task.name}-mean`, latency.mean, 'ms')
    .metric(`${task.name}-p99`, latency.p99, 'ms')
    .metric(`${task.name}-rme`, latency.rme, '%')
    .metric(`${task.name}-samples`, latency.samples?.length ?? task.runs, 'iterations')
    .metric(`${task.name}-samples-per-second`, (batch * 1000) / latency.mean, 'samples/s');
}
