// A leaf's `.grad` always fits it: assigning one of another shape, dtype or kind is refused at
// once (as PyTorch's "assigned grad has data of a different size"), and a `.grad` that stopped
// fitting because `p.data` was replaced is found by backward before any node runs or frees its
// saved values: a typed error, the graph intact, a retry works.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { DTypeError, ShapeError, TsgradError, ValueError, ndarray } from "@tsgrad/ndarray";
import { tensor } from "@tsgrad/autograd";

const shapes = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });
const sizeOf = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe("assigning .grad checks it", () => {
  it("a grad of shape [1] is not broadcast into a [2] parameter: refused when assigned", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(() => {
      p.grad = tensor([5]);
    }).toThrow(ShapeError);
    expect(() => {
      p.grad = tensor([5]);
    }).toThrow(/^grad: assigned gradient of shape \[1\] to a Tensor of shape \[2\]/);
    expect(p.grad).toBeNull();
  });

  test.prop([shapes, shapes, fc.boolean()], { numRuns: 30 })("wrong shape, dtype or kind: a typed error naming grad, the old grad kept", (shape, other, wrongDtype) => {
    fc.pre(wrongDtype || other.length !== shape.length || other.some((d, i) => d !== shape[i]));
    const p = tensor(new Array<number>(sizeOf(shape)).fill(1), { requiresGrad: true, dtype: "float64" }).reshape(shape).detach();
    p.requiresGrad = true;
    const good = tensor(new Array<number>(sizeOf(shape)).fill(2), { dtype: "float64" }).reshape(shape);
    p.grad = good;
    const bad = tensor(new Array<number>(sizeOf(other)).fill(1), { dtype: wrongDtype ? "float32" : "float64" }).reshape(other);
    let err: unknown;
    try {
      p.grad = bad;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsgradError);
    expect(err).toBeInstanceOf(wrongDtype && other.length === shape.length && other.every((d, i) => d === shape[i]) ? DTypeError : TsgradError);
    expect((err as Error).message).toMatch(/^grad: /);
    expect(p.grad).toBe(good);
  });

  it.each([[[1, 1]], [5], ["x"], [{}], [ndarray([1, 1])]])("a grad that is not a Tensor (%j) is a ValueError naming grad", (value) => {
    const p = tensor([1, 2], { requiresGrad: true });
    expect(() => {
      (p as { grad: unknown }).grad = value;
    }).toThrow(ValueError);
    expect(() => {
      (p as { grad: unknown }).grad = value;
    }).toThrow(/^grad: a gradient must be a Tensor or null/);
    expect(p.grad).toBeNull();
    (p as { grad: unknown }).grad = undefined; // clears, like null
    expect(p.grad).toBeNull();
  });
});

describe("backward refuses an existing grad that no longer fits its leaf (p.data replaced)", () => {
  it("a [1] grad left on a parameter whose data became [2]: refused before anything runs; retry works", () => {
    const p = tensor([1], { requiresGrad: true });
    p.grad = tensor([5]);
    p.data = ndarray([1, 2]);
    const y = p.mul(p).sum();
    expect(() => y.backward()).toThrow(TsgradError);
    expect(() => y.backward()).toThrow(/backward.*\[2\].*\[1\]/);
    expect(p.grad!.toArray()).toEqual([5]);
    p.grad = null;
    y.backward(); // the graph was not freed by the failed attempt
    expect(p.grad!.toArray()).toEqual([2, 4]);
  });

  test.prop([shapes, shapes, fc.boolean()], { numRuns: 30 })("wrong shape or dtype: typed error before any node runs; retry works", (shape, other, wrongDtype) => {
    const size = sizeOf(shape);
    fc.pre(wrongDtype || other.length !== 1 || other[0] !== size);
    // The leaf starts with the shape and dtype of the grad, then its data is replaced.
    const leaf = tensor(new Array<number>(sizeOf(other)).fill(0), { requiresGrad: true, dtype: wrongDtype ? "float32" : "float64" }).reshape(other).detach();
    leaf.requiresGrad = true;
    const bad = tensor(new Array<number>(sizeOf(other)).fill(1), { dtype: wrongDtype ? "float32" : "float64" }).reshape(other);
    leaf.grad = bad;
    leaf.data = ndarray(Array.from({ length: size }, (_, i) => i / 3), { dtype: "float64" });
    const q = leaf.reshape(shape);
    const y = q.mul(q).exp().sum();
    let err: unknown;
    try {
      y.backward();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsgradError);
    expect((err as Error).message).toMatch(/^backward/);
    expect(leaf.grad).toBe(bad);
    leaf.grad = null;
    y.backward(); // nothing was freed by the failed attempt
    expect(leaf.grad!.shape).toEqual([size]);
  });
});
