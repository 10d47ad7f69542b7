/**
 * `@tsgrad/autograd`: reverse-mode automatic differentiation over one user-facing type,
 * {@link Tensor}. Ops record a graph of primitives, each with a vjp written in
 * differentiable ops, so gradients of any order follow; composites (softmax, variance,
 * BatchNorm, …) get their gradients from the primitives they use.
 *
 * @packageDocumentation
 */
export { Tensor, type BackwardOptions } from "./tensor.js";
// The array core's names a Tensor user meets: errors, dtypes, the generator, the NDArray behind
// `.data`, and which kernel tier runs.
export {
  NDArray,
  TsgradError,
  ShapeError,
  AxisError,
  DTypeError,
  ValueError,
  Generator,
  manualSeed,
  type DType,
  type NestedArray,
  type TypedArray,
  type SliceRange,
  type ReduceOptions,
  type VarianceOptions,
  kernelFeatures,
  kernelTier,
  type KernelFeatures,
  type KernelTier,
} from "@tsgrad/ndarray";
export { TensorBase, type GradHook, type HookHandle, type Operand } from "./tensor-base.js";
export {
  type TensorOptions,
  type CreationOptions,
  type RandomOptions,
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
  randLike,
  randnLike,
} from "./creation.js";
export { type Primitive, type VjpContext, Node, apply } from "./primitive.js";
export { backward, grad, type GradOptions } from "./engine.js";
export { sumToShape } from "./primitives/sum-to-shape.js";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled, detectAnomaly, isAnomalyEnabled } from "./grad-mode.js";
export { customOp, type CustomOpDefinition } from "./custom-op.js";
export { PRIMITIVES } from "./primitives/registry.js";
export { type AxisArg } from "./primitives/reduce-attrs.js";
export * from "./ops/all.js";
