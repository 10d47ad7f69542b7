// The forward and vjp of an elementwise primitive whose derivative is an op of its input or of
// its output (sin, sinh, erf; exp, tanh, sigmoid, …), written once. Not a primitive itself.
import type * as T from "@tsgrad/ndarray";
import type { Primitive } from "../primitive.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./mul.js";

/** The derivative `f′` of an elementwise op, as differentiable ops on its input x or on its output y. @internal */
export type Derivative = { readonly ofInput: (x: Tensor) => Tensor } | { readonly ofOutput: (y: Tensor) => Tensor };

/**
 * What a one-input elementwise primitive holds besides its name: forward `y = kernel(x)`; vjp
 * `x̄ = ḡ · f′`, with f′ from the input or, where that is cheaper, from the output the node keeps
 * (`{ name: "sinh", ...unaryRule(T.sinh, { ofInput: cosh }) }`).
 * @internal
 */
export function unaryRule(kernel: (x: T.NDArray) => T.NDArray, derivative: Derivative): Pick<Primitive, "forward" | "vjp"> {
  const forward: Primitive["forward"] = ([x]) => kernel(x!);
  if ("ofInput" in derivative) return { forward, vjp: (g, { inputs: [x] }) => [mul(g, derivative.ofInput(x!))] };
  return { forward, vjp: (g, { output }) => [mul(g, derivative.ofOutput(output))] };
}
