import { getKernel, type DataType, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';
import { SkipbenchError } from '@skipbench/core';

/** The part of the wasm backend a kernel written in JavaScript needs: its heap views and outputs. */
export interface HeapBackend {
  typedArrayFromHeap(tensor: TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
}

/**
 * Runs other kernels of one backend from inside a kernel function, and frees every intermediate result.
 * Kernel functions receive TensorInfos; wrapping them in tensors would hand their data to a tidy scope
 * that frees the caller's inputs, so gap-fills compose the backend's own kernels instead.
 */
export class KernelScope {
  private readonly intermediates: TensorInfo[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: object = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel === undefined) {
      throw new SkipbenchError(`A gap-fill composes kernel '${kernelName}', but backend '${this.backendName}' has not registered it.`, 'internal');
    }
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
    this.intermediates.push(out);
    return out;
  }

  /**
   * Crops the negative counts of `edges` (before, after) off each axis and returns the positive counts as
   * padding, which a convolution applies for free through explicit padding instead of a PadV2 copy.
   */
  cropForPadding(
    x: TensorInfo,
    edges: ReadonlyArray<readonly [number, number]>,
  ): { cropped: TensorInfo; padding: Array<[number, number]> } {
    const crops = edges.map(([before, after]) => [Math.max(0, -before), Math.max(0, -after)] as const);
    const padding = edges.map(([before, after]) => [Math.max(0, before), Math.max(0, after)] as [number, number]);
    if (!crops.some(([b, a]) => b > 0 || a > 0)) return { cropped: x, padding };
    const cropped = this.run('Slice', { x }, {
      begin: crops.map(([b]) => b),
      size: x.shape.map((n, i) => n - crops[i]![0] - crops[i]![1]),
    });
    return { cropped, padding };
  }

  /** Frees every intermediate except `result`, which the caller (the engine) takes over. */
  finish(result: TensorInfo): TensorInfo {
    for (const info of this.intermediates) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    return result;
  }
}
