// backward checks every leaf's existing `.grad` (shape, dtype, kind) before any node runs or
// frees its saved values: a mismatch is a typed error, the graph stays intact, a retry works.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { TsgradError, tensor } from "@tsgrad/autograd";

const shapes = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 });

describe("backward refuses an existing grad that does not fit its leaf", () => {
  it("a grad of shape [1] is not broadcast into a [2] parameter", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const y = p.mul(p).sum();
    p.grad = tensor([5]);
    expect(() => y.backward()).toThrow(TsgradError);
    expect(() => y.backward()).toThrow(/backward.*\[2\].*\[1\]/);
    expect(p.grad!.toArray()).toEqual([5]);
    p.grad = null;
    y.backward(); // the graph was not freed by the failed attempt
    expect(p.grad!.toArray()).toEqual([2, 4]);
  });

  test.prop([shapes, shapes, fc.boolean()])("wrong shape or dtype: typed error before any node runs; retry works", (shape, other, wrongDtype) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const leaf = tensor(Array.from({ length: size }, (_, i) => i / 3), { requiresGrad: true, dtype: "float64" });
    fc.pre(wrongDtype || other.length !== 1 || other[0] !== size);
    const q = leaf.reshape(shape);
    const y = q.mul(q).exp().sum();
    const bad = tensor(new Array<number>(other.reduce((a, b) => a * b, 1)).fill(1), { dtype: wrongDtype ? "float32" : "float64" }).reshape(other);
    leaf.grad = bad;
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

  it("a grad that is not a Tensor is refused before anything runs", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const y = p.mul(p).sum();
    (p as { grad: unknown }).grad = [1, 1];
    expect(() => y.backward()).toThrow(/backward.*expected a Tensor or null/);
    p.grad = null;
    y.backward();
    expect(p.grad!.toArray()).toEqual([2, 4]);
  });
});
