// What the tests of ops share: float64 fixed points that broadcast against each other, gradients by
// autograd, the derivative checks of a one-input elementwise op, and extreme logits (nn's tests too).
import { expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import { type Tensor, grad, sum, tensor } from "@tsgrad/autograd";
import { type ArbTensorOptions, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";

/** Options of the gradient checks: throw with the details on failure. */
export const RAISE = { raise: true } as const;

/** A float64 Tensor. */
export const f64 = (data: T.NestedArray): Tensor => tensor(data, { dtype: "float64" });

/** A float64 leaf that requires grad. */
export const leaf = (data: T.NestedArray): Tensor => tensor(data, { dtype: "float64", requiresGrad: true });

// Fixed points: a (2, 3) matrix, a row (3) and a column (2, 1) that broadcast against it.
export const A = f64([
  [0.3, -1.2, 0.7],
  [1.5, -0.4, 2.2],
]);
export const ROW = f64([0.8, -1.7, 1.1]);
export const COL = f64([[0.6], [-1.9]]);

/** Random shapes of the elementwise properties: small, so that gradcheck stays fast. */
export const SHAPES = { maxRank: 3, maxSize: 3 } as const;

/** Gradient of Σ f(x) at x. */
export function gradOf(f: (x: Tensor) => Tensor, x: Tensor): T.NDArray {
  const v = tensor(x, { requiresGrad: true });
  return grad(sum(f(v)), v)[0]!.data;
}

/**
 * Elementwise first and second derivatives of a unary op at x, by autograd (createGraph).
 * A first derivative that does not depend on x (a constant mask) has second derivative 0.
 */
export function derivatives(f: (x: Tensor) => Tensor, x: T.NestedArray): { d1: T.NDArray; d2: T.NDArray } {
  const v = leaf(x);
  const [d1] = grad(sum(f(v)), v, { createGraph: true });
  const d2 = d1!.requiresGrad ? grad(sum(d1!), v)[0]!.data : T.zerosLike(v.data);
  return { d1: d1!.data, d2 };
}

/** A derivative in closed form, checked against autograd's at some points. */
export interface ClosedForm {
  /** What it says, for the test's name (`"d² sin/dx² = −sin"`). */
  what: string;
  /** Where to check it. */
  xs: number[];
  /** Its value at x. */
  f: (x: number) => number;
}

/** What {@link unaryChecks} checks of a one-input elementwise op besides its forward. */
export interface UnaryChecks {
  /** Fixed float64 points inside the domain (and away from kinks) for gradcheck and gradgradcheck. */
  at: Tensor;
  /** The values of the random-direction property (default: arbTensor's, about [-10, 10]). */
  domain?: Pick<ArbTensorOptions, "min" | "max" | "minAbs">;
  /** The first derivative in closed form. */
  d1?: ClosedForm;
  /** The second derivative in closed form. */
  d2?: ClosedForm;
  /** What gradgradcheck differentiates twice (default: the op); a piecewise linear op's square, say. */
  secondOrder?: ((x: Tensor) => Tensor)[];
}

/** The name of a property's domain: " on [a, b]", ", |x| ≥ m", or nothing. */
function domainName(d: UnaryChecks["domain"]): string {
  if (d?.minAbs !== undefined) return `, |x| ≥ ${d.minAbs}`;
  if (d?.min !== undefined || d?.max !== undefined) return ` on [${d.min ?? -10}, ${d.max ?? 10}]`;
  return "";
}

/**
 * The derivative tests of a one-input elementwise op, the same for every such primitive: float64
 * gradcheck at fixed points (and the first derivative in closed form), the random-direction vjp
 * property on random shapes (25 runs), and second order by gradgradcheck (and the second
 * derivative in closed form). Call it inside the op's `primitive.describe` block, after its
 * forward tests.
 */
export function unaryChecks(f: (x: Tensor) => Tensor, c: UnaryChecks): void {
  it(c.d1 ? `gradcheck, and ${c.d1.what} in closed form` : "gradcheck", () => {
    expect(gradcheck((x) => f(x!), [c.at], RAISE).ok).toBe(true);
    if (c.d1) assertClose(derivatives(f, c.d1.xs).d1, c.d1.xs.map(c.d1.f));
  });

  test.prop([arbTensor({ ...SHAPES, ...c.domain })], { numRuns: 25 })(`random-direction vjp${domainName(c.domain)}`, (x) => {
    expect(checkVjp((v) => f(v!), [x], RAISE).ok).toBe(true);
  });

  it(c.d2 ? `second order, and ${c.d2.what} in closed form` : "second order", () => {
    for (const twice of c.secondOrder ?? [f]) expect(gradgradcheck((x) => twice(x!), [c.at], RAISE).ok).toBe(true);
    if (c.d2) assertClose(derivatives(f, c.d2.xs).d2, c.d2.xs.map(c.d2.f));
  });
}

/**
 * Logits for a log-softmax or cross-entropy (n × c, c ≥ 2) with some at ±1e4, labels for
 * them, their shape and a float dtype: the extreme inputs a stable softmax must survive.
 */
export const arbLogits = fc
  .record({ n: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 2, max: 6 }) })
  .chain(({ n, c }) =>
    fc.tuple(
      fc.array(fc.oneof(fc.constantFrom(1e4, -1e4), fc.float({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true })), { minLength: n * c, maxLength: n * c }),
      fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
      fc.constant([n, c]),
      fc.constantFrom<T.DType>("float32", "float64"),
    ),
  );
