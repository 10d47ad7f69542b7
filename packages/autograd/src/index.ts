/**
 * `@tsgrad/autograd`: reverse-mode automatic differentiation. {@link Variable}s wrap
 * tensors; ops record a graph of primitives, each with a vjp written in
 * differentiable ops, so gradients of any order follow; composites (softmax,
 * variance, BatchNorm, …) get their gradients from the primitives they use.
 *
 * @packageDocumentation
 */
export { Variable, variable, type VariableOptions, type BackwardOptions, type GradHook, type HookHandle, type Operand } from "./variable.js";
export { type Primitive, type VjpContext, Node, apply } from "./primitive.js";
export { backward, grad, sumToShape, type GradOptions } from "./engine.js";
export { noGrad, enableGrad, isGradEnabled, detectAnomaly, isAnomalyEnabled } from "./grad-mode.js";
export { customOp, type CustomOpDefinition } from "./custom-op.js";
export { PRIMITIVES } from "./primitives/index.js";
export * from "./ops/all.js";
