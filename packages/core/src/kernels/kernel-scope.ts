import { getKernel, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs';

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
      throw new Error(`Kernel '${kernelName}' is not registered for backend '${this.backendName}'.`);
    }
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
    this.intermediates.push(out);
    return out;
  }

  /** Pads (positive counts) or crops (negative counts) each axis at both ends. */
  padOrCrop(x: TensorInfo, edges: ReadonlyArray<readonly [number, number]>): TensorInfo {
    const crops = edges.map(([before, after]) => [Math.max(0, -before), Math.max(0, -after)] as const);
    const pads = edges.map(([before, after]) => [Math.max(0, before), Math.max(0, after)] as const);
    let out = x;
    if (crops.some(([b, a]) => b > 0 || a > 0)) {
      out = this.run('Slice', { x: out }, {
        begin: crops.map(([b]) => b),
        size: out.shape.map((n, i) => n - crops[i]![0] - crops[i]![1]),
      });
    }
    if (pads.some(([b, a]) => b > 0 || a > 0)) {
      out = this.run('PadV2', { x: out }, { paddings: pads.map(([b, a]) => [b, a]), constantValue: 0 });
    }
    return out;
  }

  /** Frees every intermediate except `result`, which the caller (the engine) takes over. */
  finish(result: TensorInfo): TensorInfo {
    for (const info of this.intermediates) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    return result;
  }
}
