import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { HeapBackend } from './kernel-scope.js';

/**
 * UnsortedSegmentSum for wasm, which lacks it (gather's gradient and every sparse aggregation need it):
 * `out[segmentIds[i]] += x[i]` over the heap views, one pass, O(size of x). Ids outside
 * [0, numSegments) are dropped, as in TensorFlow.
 */
export function unsortedSegmentSumKernel(backendName: string): KernelConfig {
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const { numSegments } = attrs as NamedAttrMap & { numSegments: number };
      const heap = backend as unknown as HeapBackend;
      const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
      const rowShape = x.shape.slice(segmentIds.shape.length);
      const rowSize = rowShape.reduce((a, b) => a * b, 1);
      const out = heap.makeOutput([numSegments, ...rowShape], x.dtype);
      const values = heap.typedArrayFromHeap(x);
      const ids = heap.typedArrayFromHeap(segmentIds);
      const sums = heap.typedArrayFromHeap(out);
      sums.fill(0);
      for (let i = 0; i < rows; i++) {
        const segment = ids[i]!;
        if (segment < 0 || segment >= numSegments) continue;
        const [from, to] = [i * rowSize, segment * rowSize];
        for (let k = 0; k < rowSize; k++) sums[to + k]! += values[from + k]!;
      }
      return out;
    },
  };
}
