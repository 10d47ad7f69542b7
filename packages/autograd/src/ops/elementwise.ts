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
  return underName("square", () => {
    const v = asTensor(x, undefined, "square");
    return mul(v, v);
  });
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
  return underName("minimum", () => {
    const va = asTensor(a, b, "minimum");
    T.broadcastShapes("minimum", va.shape, asTensor(b, va, "minimum").shape);
    return neg(maximum(neg(va), neg(asTensor(b, va, "minimum"))));
  });
}

/**
 * Clamps into `[min, max]` (either bound optional), as PyTorch's `torch.clamp`: the gradient is 1
 * where `min ≤ x ≤ max`, the bounds included, and 0 elsewhere (NaN stays NaN, with gradient 1;
 * PyTorch's is 0 there). Composite: {@link where}.
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
      if (bound !== undefined && (typeof bound !== "number" || Number.isNaN(bound))) {
        throw new T.ValueError("clamp", `expected ${name} as a number (±Infinity allowed, not NaN), got ${describeValue(bound)}`, {});
      }
    }
    if (min === undefined && max === undefined) return v;
    // PyTorch's clamp_backward: the gradient passes where min ≤ x ≤ max, the bounds included,
    // so only values strictly outside are replaced. Each `where` compares x with a bound that is
    // also its constant operand: the form the ONNX exporter maps back to Less/Greater.
    if (min !== undefined && max !== undefined && min > max) {
      // PyTorch's value: max everywhere (NaN stays NaN), and no gradient passes.
      return where(T.lt(v.data, max), max, where(T.ge(v.data, max), max, v));
    }
    const upper = max === undefined ? v : where(T.gt(v.data, max), max, v);
    return min === undefined ? upper : where(T.lt(v.data, min), min, upper);
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
  return underName("gelu", () => {
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
  });
}

/**
 * Root of a sum of squares with a floor, `√(x + eps)`; a helper for norms. Composite.
 *
 * @param x - input (non-negative)
 * @param eps - added before the root, finite and ≥ 0 (default 0)
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
    checkNumber("sqrtEps", "arguments", "eps", eps, { min: 0 });
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
