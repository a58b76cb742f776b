import { backend_util, util, type KernelBackend, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { SkipbenchError } from '@skipbench/core';
import { type HeapBackend, KernelScope } from './kernel-scope.js';

/** Reductions over more values than this are summed in doubles; below it one float32 accumulator is accurate enough. */
export const DOUBLE_REDUCTION_MIN_SIZE = 64;

/**
 * Sum or Mean for a backend whose own kernel adds every value into one float32 accumulator (wasm's): the
 * error of a mean of n values grows like √n·ε there (2e-6 on a mean of 15,488 values in [1, 2), where the
 * cpu backend's JavaScript doubles give 4e-8), and batch norm's gradient subtracts such means of nearly
 * cancelling terms. Over more than DOUBLE_REDUCTION_MIN_SIZE float32 values this one sums in doubles over
 * the heap, as the cpu backend does; smaller or integer reductions go to the backend's own kernel.
 */
export function doubleReductionKernel(kernelName: 'Sum' | 'Mean', backendName: string, own: () => KernelConfig | undefined): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const original = own();
    if (original === undefined) throw new SkipbenchError(`The ${kernelName} fill on ${backendName} found no kernel of the backend's own to compose.`, 'internal');
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as NamedAttrMap & { axis: number | number[]; keepDims: boolean };
    const axes = util.parseAxisParam(axis, x.shape);
    const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const size = util.sizeFromShape(reduceShape);
    if (size <= DOUBLE_REDUCTION_MIN_SIZE || x.dtype !== 'float32') return original.kernelFunc({ inputs, backend, attrs });
    const scope = new KernelScope(backend as KernelBackend, backendName);
    const heap = backend as unknown as HeapBackend;
    const sums = new Float64Array(util.sizeFromShape(outShape));
    const leading = axes.every((a, i) => a === i);
    if (leading) {
      // Reducing the leading axes (batch norm's N, H, W of NHWC): one pass in memory order, one sum per trailing index.
      const values = heap.typedArrayFromHeap(x);
      const width = sums.length;
      for (let i = 0; i < values.length; i += width) for (let k = 0; k < width; k++) sums[k]! += values[i + k]!;
    } else {
      const permutation = backend_util.getAxesPermutation(axes, x.shape.length);
      const values = heap.typedArrayFromHeap(permutation === null ? x : scope.run('Transpose', { x }, { perm: permutation }));
      for (let o = 0, from = 0; o < sums.length; o++) for (const end = from + size; from < end; from++) sums[o]! += values[from]!;
    }
    // The output is made only once the sums are in, so nothing above can leave it allocated.
    const out = heap.makeOutput(keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape, 'float32');
    const results = heap.typedArrayFromHeap(out);
    const scale = kernelName === 'Mean' ? 1 / size : 1;
    for (let o = 0; o < sums.length; o++) results[o] = sums[o]! * scale;
    return scope.finish(out);
  };
  // The backend runs its kernels' setup when it starts: the replaced kernel's must still run (it binds its wasm function).
  return { kernelName, backendName, kernelFunc, setupFunc: ((b) => own()?.setupFunc?.(b)) as KernelConfig['setupFunc'] };
}
