/**
 * `@tsgrad/testing`: the testing kit tsgrad's own suite uses, published for anyone who
 * writes ops or models with it. Numerical checks on functions of Tensors —
 * {@link gradcheck} (element by element against float64 central differences),
 * {@link gradgradcheck} (second order), {@link checkVjp} (the random-direction identity
 * ⟨u, J·v⟩ = ⟨Jᵀu, v⟩) — and {@link assertClose} for Tensors, numbers and nested arrays;
 * fast-check arbitraries for shapes, Tensors, broadcastable shapes and axis specs.
 * `fast-check` is a peer dependency.
 *
 * @module index
 */
export { CheckError } from "./check-error.js";
export type { CheckInput } from "./check-input.js";
export { gradcheck, type GradcheckOptions, type GradcheckResult, type GradcheckElement } from "./gradcheck.js";
export { gradgradcheck, type GradgradcheckOptions } from "./gradgradcheck.js";
export { checkVjp, type CheckVjpOptions, type CheckVjpResult, type VjpCheckTerm } from "./check-vjp.js";
export { assertClose, type AssertCloseOptions, type CloseMismatch } from "./assert-close.js";
export { arbShape, type ArbShapeOptions } from "./arb-shape.js";
export { arbTensor, type ArbTensorOptions } from "./arb-tensor.js";
export { arbBroadcastShapes, type ShapeTuple } from "./arb-broadcast-shapes.js";
export { arbAxes, type AxisSpec, type ArbAxesOptions } from "./arb-axes.js";
