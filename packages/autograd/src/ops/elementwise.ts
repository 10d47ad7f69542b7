// Elementwise composites built from primitives (square, minimum, clamp, leakyRelu, gelu, …):
// ops with no vjp of their own, kept apart from the primitives they are made of.
import { type Operand, asTensor } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { methodsOf } from "../primitive.js";
import { maximum } from "../primitives/maximum.js";
import { mul } from "../primitives/mul.js";
import { neg } from "../primitives/neg.js";
import { where } from "../primitives/where.js";
import * as T from "@tsgrad/ndarray";
import { sqrt } from "../primitives/sqrt.js";
import { add } from "../primitives/add.js";
import { tanh } from "../primitives/tanh.js";
import { pow } from "../primitives/pow.js";
import { erf } from "../primitives/erf.js";
import { checkNumber, checkOptions, describeValue, underName } from "@tsgrad/ndarray/internal";

/**
 * Elementwise square, `x · x`. Composite: one {@link mul}.
 *
 * @param x - input
 * @returns `x²`
 * @example
 * ```ts
 * import { tensor, square } from "@tsgrad/autograd";
 * square(tensor([3])).data.toArray(); // [9]
 * ```
 * @category Composite ops
 */
export function square(x: Operand): Tensor {
  const v = asTensor(x, undefined, "square");
  return mul(v, v);
}

/**
 * Elementwise minimum with broadcasting. Composite: `−maximum(−a, −b)` (ties split the gradient).
 *
 * @param a - first operand
 * @param b - second operand
 * @returns `min(a, b)`
 * @example
 * ```ts
 * import { tensor, minimum } from "@tsgrad/autograd";
 * minimum(tensor([1, 5]), 3).data.toArray(); // [1, 3]
 * ```
 * @category Composite ops
 */
export function minimum(a: Operand, b: Operand): Tensor {
  const va = asTensor(a, b, "minimum");
  T.broadcastShapes("minimum", va.shape, asTensor(b, va, "minimum").shape);
  return neg(maximum(neg(va), neg(asTensor(b, va, "minimum"))));
}

/**
 * Clamps into `[min, max]` (either bound optional). Composite: {@link maximum} and {@link minimum}.
 *
 * @param x - input
 * @param min - lower bound
 * @param max - upper bound
 * @returns the clamped Tensor
 * @example
 * ```ts
 * import { tensor, clamp } from "@tsgrad/autograd";
 * clamp(tensor([-2, 0.5, 3]), 0, 1).data.toArray(); // [0, 0.5, 1]
 * ```
 * @category Composite ops
 */
export function clamp(x: Operand, min?: number, max?: number): Tensor {
  return underName("clamp", () => {
    let v = asTensor(x, undefined, "clamp");
    for (const [name, bound] of [["min", min], ["max", max]] as const) {
      if (bound !== undefined && typeof bound !== "number") throw new T.ValueError("clamp", `expected ${name} as a number, got ${describeValue(bound)}`, {});
    }
    if (min !== undefined) v = maximum(v, min);
    if (max !== undefined) v = minimum(v, max);
    return v;
  });
}

/**
 * Leaky ReLU: `x` where positive, `slope · x` elsewhere. Composite: {@link where} and {@link mul}.
 *
 * @param x - input
 * @param negativeSlope - slope for negative inputs (default 0.01)
 * @returns the activation
 * @example
 * ```ts
 * import { tensor, leakyRelu } from "@tsgrad/autograd";
 * leakyRelu(tensor([-10, 2]), 0.1).data.toArray(); // [-1, 2]
 * ```
 * @category Composite ops
 */
export function leakyRelu(x: Operand, negativeSlope = 0.01): Tensor {
  return underName("leakyRelu", () => {
    const v = asTensor(x, undefined, "leakyRelu");
    checkNumber("leakyRelu", "arguments", "negativeSlope", negativeSlope);
    return where(T.gt(v.data, 0), v, mul(v, negativeSlope));
  });
}

/**
 * GELU, `x · Φ(x)` with Φ the standard normal CDF, as PyTorch's `F.gelu`: exact by
 * default, `½x(1 + erf(x/√2))`; with `approximate: "tanh"`,
 * `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`. Composite.
 *
 * @param x - input
 * @param opts - `approximate`: `"none"` (default) or `"tanh"`
 * @returns the activation
 * @example
 * ```ts
 * import { tensor, gelu } from "@tsgrad/autograd";
 * gelu(tensor([0, 1])).data.toArray();                       // [0, 0.8413…]
 * gelu(tensor([1]), { approximate: "tanh" }).data.toArray();  // [0.8411…]
 * ```
 * @category Composite ops
 */
export function gelu(x: Operand, opts: { approximate?: "none" | "tanh" } = {}): Tensor {
  checkOptions("gelu", opts, { approximate: true });
  const v = asTensor(x, undefined, "gelu");
  if (opts.approximate === "tanh") {
    const inner = mul(add(v, mul(pow(v, 3), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(v, 0.5), add(tanh(inner), 1));
  }
  if (opts.approximate !== undefined && opts.approximate !== "none") {
    throw new T.ValueError("gelu", `approximate must be "none" or "tanh", got ${JSON.stringify(opts.approximate)}`, {});
  }
  return mul(mul(v, 0.5), add(erf(mul(v, Math.SQRT1_2)), 1));
}

/**
 * Root of a sum of squares with a floor, `√(x + eps)`; a helper for norms. Composite.
 *
 * @param x - input (non-negative)
 * @param eps - added before the root (default 0)
 * @returns `√(x + eps)`
 * @example
 * ```ts
 * import { tensor, sqrtEps } from "@tsgrad/autograd";
 * sqrtEps(tensor([4]), 0).data.toArray(); // [2]
 * ```
 * @category Composite ops
 */
export function sqrtEps(x: Operand, eps = 0): Tensor {
  return underName("sqrtEps", () => {
    const v = asTensor(x, undefined, "sqrtEps");
    checkNumber("sqrtEps", "arguments", "eps", eps);
    return sqrt(add(v, eps));
  });
}

/** The method forms of the elementwise composites but sqrtEps, put on Tensor by tensor.ts. @internal */
export const elementwiseMethods: {
  /**
   * Method form of {@link square}: `this²`.
   * @returns the result
   */
  square(): Tensor;

  /**
   * Method form of {@link minimum}: the elementwise minimum.
   * @param other - operand
   * @returns the result
   */
  minimum(other: Operand): Tensor;

  /**
   * Method form of {@link clamp}: the values clamped to `[min, max]`.
   * @param min - lower bound (none when omitted)
   * @param max - upper bound (none when omitted)
   * @returns the result
   */
  clamp(min?: number, max?: number): Tensor;

  /**
   * Method form of {@link leakyRelu}: leaky ReLU.
   * @param negativeSlope - slope for negative inputs (default 0.01)
   * @returns the result
   */
  leakyRelu(negativeSlope?: number): Tensor;

  /**
   * Method form of {@link gelu}: GELU.
   * @param opts - `approximate`
   * @returns the result
   */
  gelu(opts?: { approximate?: "none" | "tanh" }): Tensor;
} = methodsOf({ square, minimum, clamp, leakyRelu, gelu }, { leakyRelu: 1, gelu: 1 });
