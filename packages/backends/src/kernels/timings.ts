import { Bench } from 'tinybench';
import { SkipbenchError, seededRandom, tf, type Tensor } from '@skipbench/core';
import { replacedKernel } from './fills.js';

export interface KernelTiming {
  name: string;
  meanMs: number;
  p99Ms: number;
  rme: number;
  /** Mean time relative to the forward convolution measured in the same run. */
  relativeToForward: number;
}

export interface KernelTimingOptions {
  /** [batch, height, width, channels] @default [32, 32, 32, 16] */
  inputShape?: [number, number, number, number];
  /** @default 16 */
  outChannels?: number;
  /** tinybench time budget per kernel in ms. @default 500 */
  time?: number;
}

/**
 * Times the conv2d gradient kernels the current backend uses against its forward convolution, side by side
 * in one run (ratios are what carry across noisy machines), plus any backend kernel a fill replaced.
 */
export async function measureConvKernelTimings(options: KernelTimingOptions = {}): Promise<KernelTiming[]> {
  const inputShape = options.inputShape ?? [32, 32, 32, 16];
  const outChannels = options.outChannels ?? 16;
  const rng = seededRandom(1);
  const random = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.normal()), shape);
  const x = random(inputShape) as tf.Tensor4D;
  const filter = random([3, 3, inputShape[3], outChannels]) as tf.Tensor4D;
  const dy = random([inputShape[0], inputShape[1], inputShape[2], outChannels]) as tf.Tensor4D;
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  const filterAttrs = { ...attrs, filterShape: filter.shape } as unknown as tf.NamedAttrMap;
  const inputAttrs = { ...attrs, inputShape } as unknown as tf.NamedAttrMap;
  const readAndFree = (t: Tensor) => {
    t.dataSync();
    t.dispose();
  };
  const bench = new Bench({ time: options.time ?? 500, iterations: 5, warmupIterations: 2, throws: true });
  bench
    .add('forward conv2d', () => readAndFree(tf.conv2d(x, filter, 1, 'same')))
    .add('Conv2DBackpropFilter', () =>
      readAndFree(tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, filterAttrs) as Tensor),
    )
    .add('Conv2DBackpropInput', () =>
      readAndFree(tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, inputAttrs) as Tensor),
    );
  const original = replacedKernel('Conv2DBackpropInput', tf.getBackend());
  if (original !== undefined) {
    // It was unregistered before the backend initialised, so its wasm bindings were never set up.
    original.setupFunc?.(tf.backend());
    bench.add(`Conv2DBackpropInput (${tf.getBackend()}'s own)`, () => {
      const backend = tf.backend();
      const out = original.kernelFunc({ inputs: { dy, filter }, backend, attrs: inputAttrs }) as tf.TensorInfo;
      backend.readSync(out.dataId);
      backend.disposeData(out.dataId);
    });
  }
  await bench.run();
  tf.dispose([x, filter, dy]);
  const stats = bench.tasks.map((task) => {
    if (task.result.state !== 'completed') {
      throw new SkipbenchError(`Expected timing '${task.name}' to complete (it throws on error), but it ended in state '${task.result.state}'.`, 'internal');
    }
    return { name: task.name, latency: task.result.latency };
  });
  const forward = stats[0]!.latency.mean;
  return stats.map(({ name, latency }) => ({
    name,
    meanMs: latency.mean,
    p99Ms: latency.p99,
    rme: latency.rme,
    relativeToForward: latency.mean / forward,
  }));
}
