// customOp: user-defined differentiable ops (a forward on NDArrays and a vjp), wrapped as
// primitives; its own file as the one public door to the primitive machinery.
import { type NDArray, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkOptions, describeValue, isRecord } from "@tsgrad/ndarray/internal";
import { type Primitive, type VjpContext, apply } from "./primitive.js";
import { type Operand, TensorBase, asTensor } from "./tensor-base.js";
import type { Tensor } from "./tensor.js";

/**
 * The definition of a user op: a forward on tensors and its vjp on Tensors.
 * @example
 * ```ts
 * import { type CustomOpDefinition, customOp, tensor, mul } from "@tsgrad/autograd";
 * import * as T from "@tsgrad/ndarray";
 * const square: CustomOpDefinition = {
 *   name: "square",
 *   forward: (x) => T.mul(x, x),
 *   vjp: (g, { inputs: [x] }) => [mul(g, mul(x!, 2))],
 * };
 * const x = tensor([3], { requiresGrad: true });
 * customOp(square)(x).sum().backward();
 * x.grad!.item(); // 6
 * ```
 * @category Autograd
 */
export interface CustomOpDefinition {
  /** Name shown in errors and anomaly reports. */
  name: string;
  /** Computes the output from the inputs' tensors. */
  forward(...inputs: NDArray[]): NDArray;
  /**
   * Gradients of the inputs (one per input, or null) from the output's gradient `g`.
   * Write it with differentiable ops so the op can be differentiated twice.
   */
  vjp(g: Tensor, ctx: VjpContext<undefined>): readonly (Tensor | null)[];
}

const DEFINITION_KEYS: OptionKeys<CustomOpDefinition> = { name: true, forward: true, vjp: true };

/**
 * Defines an op with a hand-written gradient. The engine treats it like a built-in
 * primitive: it un-broadcasts and checks the returned gradients, and (with
 * `createGraph`) records the vjp so it can be differentiated again.
 *
 * @param def - name, forward and vjp
 * @returns a function applying the op to Tensors, NDArrays or numbers
 * @example
 * ```ts
 * import { customOp, tensor, mul } from "@tsgrad/autograd";
 * import { mul as mulT } from "@tsgrad/ndarray";
 * const double = customOp({
 *   name: "double",
 *   forward: (x) => mulT(x, 2),
 *   vjp: (g) => [mul(g, 2)],
 * });
 * const x = tensor([1, 2], { requiresGrad: true });
 * double(x).sum().backward();
 * x.grad!.data.toArray(); // [2, 2]
 * ```
 * @category Autograd
 */
export function customOp(def: CustomOpDefinition): (...inputs: Operand[]) => Tensor {
  if (!isRecord(def)) throw new ValueError("customOp", `expected a definition { name, forward, vjp }, got ${describeValue(def)}`, {});
  checkOptions("customOp", def, DEFINITION_KEYS);
  if (typeof def.name !== "string" || def.name === "") {
    throw new ValueError("customOp", `definition: expected name as a non-empty string, got ${describeValue(def.name)}`, {});
  }
  for (const key of ["forward", "vjp"] as const) {
    if (typeof def[key] !== "function") throw new ValueError("customOp", `definition: expected ${key} as a function, got ${describeValue(def[key])}`, {});
  }
  const primitive: Primitive = {
    name: def.name,
    forward: (inputs) => def.forward(...inputs),
    vjp: (g, ctx) => def.vjp(g, ctx),
  };
  return (...inputs: Operand[]) => {
    const first = inputs.find((x) => x instanceof TensorBase);
    return apply(
      primitive,
      inputs.map((x) => asTensor(x, first, def.name)),
      undefined,
    );
  };
}
