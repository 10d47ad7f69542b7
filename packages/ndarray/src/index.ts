/**
 * `@tsgrad/ndarray`: n-dimensional arrays over typed storage — shapes, strides and
 * offsets, views that never copy, NumPy broadcasting and type promotion, seeded
 * random numbers, and the raw kernels that the autograd layer builds on. No gradients.
 *
 * @packageDocumentation
 */
export { NDArray, type NestedArray } from "./ndarray.js";
export { type DType, type TypedArray, type TypedArrayFor, MAX_ELEMENTS, promoteTypes } from "./dtype.js";
export { type Shape, MAX_RANK, broadcastShapes } from "./shape.js";
export { TsgradError, ShapeError, AxisError, DTypeError, ValueError } from "./errors.js";
export { type CreationOptions, type NDArrayOptions, ndarray, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye } from "./creation.js";
export { Generator, type RandomOptions, manualSeed, rand, randn, randint, permutation } from "./random.js";
export {
  type SliceRange,
  contiguous,
  reshape,
  transpose,
  permute,
  broadcastTo,
  expand,
  squeeze,
  unsqueeze,
  slice,
  narrow,
  flatten,
} from "./views.js";
export {
  neg,
  abs,
  exp,
  log,
  sqrt,
  rsqrt,
  sin,
  cos,
  sinh,
  cosh,
  tanh,
  sigmoid,
  relu,
  sign,
  square,
  reciprocal,
  floor,
  ceil,
  round,
  log1p,
  expm1,
  erf,
} from "./ops/unary.js";
export { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge, where, clip } from "./ops/binary.js";
export { type ReduceOptions, type VarianceOptions } from "./kernels/reduce.js";
export { sum, prod, mean, max, min, variance, std, argmax, argmin, moments, mulSumTo } from "./ops/reduction.js";
export { matmul } from "./ops/linalg.js";
export { type KernelFeatures, type KernelTier, kernelFeatures, kernelTier, setKernelTier } from "./kernels/dispatch.js";
export { concat, stack, gather, scatterAdd, indexSelect, indexAdd, oneHot, sliceScatter } from "./ops/indexing.js";
export { type Size2d } from "./kernels/window2d.js";
export { type Conv2dOptions, type Im2colOptions, conv2d, conv2dInputGrad, conv2dWeightGrad, im2col, col2im } from "./ops/conv.js";
export {
  type AvgPool2dOptions,
  type MaxPool2dOptions,
  maxPool2d,
  maxPool2dWithIndices,
  maxPool2dGrad,
  gatherPlanes,
  avgPool2d,
  avgPool2dGrad,
} from "./ops/pool.js";
export { type BatchNormSaved, batchNormForward, batchNormBackward } from "./ops/batch-norm.js";
