// The gradient check the nn behaviour tests share: float64 finite differences of first (and
// second) order, failing with the worst element found.
import { expect } from "vitest";
import type { Tensor } from "@tsgrad/autograd";
import type { NDArray } from "@tsgrad/ndarray";
import { gradcheck, gradgradcheck } from "@tsgrad/testing";

/** Asserts `fn`'s gradients at `inputs` match finite differences; with `second`, its second-order gradients too. */
export function checkBoth(fn: (...xs: Tensor[]) => Tensor, inputs: NDArray[], seed: number, second = true): void {
  const r = gradcheck(fn, inputs, { seed });
  expect(r.ok, JSON.stringify(r.worst)).toBe(true);
  if (!second) return;
  const r2 = gradgradcheck(fn, inputs, { seed });
  expect(r2.ok, JSON.stringify(r2.worst)).toBe(true);
}
