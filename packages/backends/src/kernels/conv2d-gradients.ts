import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  type KernelBackend,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { SkipbenchError } from '@skipbench/core';
import { KernelScope } from './kernel-scope.js';

/** Geometry of a 2-D convolution in NHWC layout, as the gradients need it. */
export interface Conv2DGeometry {
  strides: [number, number];
  dilations: [number, number];
  pad: backend_util.PadInfo;
  inShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  outShape: [number, number, number, number];
}

export type Conv2DPad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

export function conv2dGeometry(
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: Conv2DPad,
  roundingMode?: 'floor' | 'round' | 'ceil',
): Conv2DGeometry {
  const info = backend_util.computeConv2DInfo(inShape, filterShape, strides, dilations, pad, roundingMode);
  return {
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    pad: info.padInfo,
    inShape,
    filterShape,
    outShape: info.outShape as [number, number, number, number],
  };
}

/**
 * dL/dfilter as one forward convolution: batch and channel axes swap roles. With x padded and laid out as
 * [Ci, H, W, N] (a batch of Ci single images with N channels) and dy as the filter [OH, OW, N, Co], a
 * 'valid' convolution whose stride is the original dilation and whose dilation is the original stride
 * gives [Ci, kh, kw, Co]; a transpose makes it [kh, kw, Ci, Co]. ~10x faster than im2col + matMul on wasm.
 */
export function conv2dFilterGradient(
  scope: KernelScope,
  x: TensorInfo,
  dy: TensorInfo,
  geometry: Conv2DGeometry,
): TensorInfo {
  const [kh, kw] = geometry.filterShape;
  const [, H, W] = geometry.inShape;
  const [, OH, OW] = geometry.outShape;
  const [sh, sw] = geometry.strides;
  const [dh, dw] = geometry.dilations;
  const { top, left } = geometry.pad;
  // Rows of x that the forward pass read, counted from the first padded row; the padding goes to the conv.
  const neededH = (kh - 1) * dh + (OH - 1) * sh + 1;
  const neededW = (kw - 1) * dw + (OW - 1) * sw + 1;
  const { cropped, padding } = scope.cropForPadding(x, [
    [0, 0],
    [top, neededH - top - H],
    [left, neededW - left - W],
    [0, 0],
  ]);
  const xAsBatch = scope.run('Transpose', { x: cropped }, { perm: [3, 1, 2, 0] });
  const dyAsFilter = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const grad = scope.run('Conv2D', { x: xAsBatch, filter: dyAsFilter }, {
    strides: [dh, dw],
    dilations: [sh, sw],
    pad: [[0, 0], padding[1]!, padding[2]!, [0, 0]],
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  });
  return scope.run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
}

/**
 * dL/dx as one forward convolution with the spatially flipped filter, its in/out axes swapped, over dy
 * (spread out by the stride with zeros between rows and columns). wasm's own Conv2DBackpropInput
 * (a transposed convolution) is ~10x slower on the reference shape.
 */
export function conv2dInputGradient(
  scope: KernelScope,
  dy: TensorInfo,
  filter: TensorInfo,
  geometry: Conv2DGeometry,
): TensorInfo {
  const [kh, kw] = geometry.filterShape;
  const [N, H, W] = geometry.inShape;
  const [, OH, OW, Co] = geometry.outShape;
  const [sh, sw] = geometry.strides;
  const [dh, dw] = geometry.dilations;
  const { top, left } = geometry.pad;
  let spread = dy;
  if (sh > 1 || sw > 1) {
    // [N, OH, 1, OW, 1, Co] padded to [N, OH, sh, OW, sw, Co] puts each dy value at stride positions.
    const expanded = scope.run('Reshape', { x: dy }, { shape: [N, OH, 1, OW, 1, Co] });
    const zeroed = scope.run('PadV2', { x: expanded }, {
      paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]],
      constantValue: 0,
    });
    spread = scope.run('Reshape', { x: zeroed }, { shape: [N, OH * sh, OW * sw, Co] });
  }
  const spreadH = spread.shape[1]!;
  const spreadW = spread.shape[2]!;
  const padTop = (kh - 1) * dh - top;
  const padLeft = (kw - 1) * dw - left;
  const { cropped, padding } = scope.cropForPadding(spread, [
    [0, 0],
    [padTop, H + (kh - 1) * dh - padTop - spreadH],
    [padLeft, W + (kw - 1) * dw - padLeft - spreadW],
    [0, 0],
  ]);
  const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
  const swapped = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  return scope.run('Conv2D', { x: cropped, filter: swapped }, {
    strides: [1, 1],
    dilations: [dh, dw],
    pad: [[0, 0], padding[1]!, padding[2]!, [0, 0]],
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  });
}

type Shape4 = [number, number, number, number];

interface BackpropAttrs {
  strides: number | [number, number];
  pad: Conv2DPad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Conv2DBackpropFilter's. */
  filterShape: Shape4;
  /** Conv2DBackpropInput's. */
  inputShape: Shape4;
}

type KernelArgs = { inputs: Record<string, TensorInfo>; backend: KernelBackend; attrs: unknown };

/** A kernel config that derives the forward geometry from the attributes and computes one gradient in a scope. */
function gradientKernel(
  kernelName: string,
  backendName: string,
  shapes: (inputs: Record<string, TensorInfo>, attrs: BackpropAttrs) => { inShape: Shape4; filterShape: Shape4 },
  compute: (scope: KernelScope, inputs: Record<string, TensorInfo>, geometry: Conv2DGeometry) => TensorInfo,
) {
  return {
    kernelName,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }: KernelArgs) => {
      const a = attrs as BackpropAttrs;
      if (a.dataFormat !== 'NHWC') {
        throw new SkipbenchError(`${kernelName} gap-fill on ${backendName} supports dataFormat 'NHWC' only, but got '${a.dataFormat}'.`, 'backend');
      }
      const { inShape, filterShape } = shapes(inputs, a);
      const scope = new KernelScope(backend, backendName);
      return scope.finish(compute(scope, inputs, conv2dGeometry(inShape, filterShape, a.strides, 1, a.pad, a.dimRoundingMode)));
    },
  };
}

/** Kernel configs for `backendName` that replace the two conv2d gradients with forward convolutions. */
export function conv2dGradientKernels(backendName: string) {
  return [
    gradientKernel(
      Conv2DBackpropFilter,
      backendName,
      (inputs, attrs) => ({ inShape: inputs.x!.shape as Shape4, filterShape: attrs.filterShape }),
      (scope, inputs, geometry) => conv2dFilterGradient(scope, inputs.x!, inputs.dy!, geometry),
    ),
    gradientKernel(
      Conv2DBackpropInput,
      backendName,
      (inputs, attrs) => ({ inShape: attrs.inputShape, filterShape: inputs.filter!.shape as Shape4 }),
      (scope, inputs, geometry) => conv2dInputGradient(scope, inputs.dy!, inputs.filter!, geometry),
    ),
  ];
}
