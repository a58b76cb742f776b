export { installKernelFills, replacedKernel, type KernelFill } from './fills.js';
export { conv2dFilterGradient, conv2dInputGradient, conv2dGeometry, conv2dGradientKernels } from './conv2d-gradients.js';
export type { Conv2DGeometry, Conv2DPad } from './conv2d-gradients.js';
export { KernelScope } from './kernel-scope.js';
export { unsortedSegmentSumKernel } from './segment-sum.js';
export { measureConvKernelTimings, type KernelTiming, type KernelTimingOptions } from './timings.js';
