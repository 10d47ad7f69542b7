// An optimizer's per-parameter state must fit its parameter: after `p.data` is replaced by an
// array of another shape or dtype, step() refuses before any parameter moves (no NaN).
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { tensor } from "@tsgrad/autograd";
import { DTypeError, ShapeError, ndarray } from "@tsgrad/ndarray";
import { Adam, AdamW, RMSprop, SGD } from "@tsgrad/nn";

const makers = {
  "SGD momentum": (ps: ReturnType<typeof tensor>[]) => new SGD(ps, { lr: 0.1, momentum: 0.9 }),
  Adam: (ps: ReturnType<typeof tensor>[]) => new Adam(ps, { lr: 0.1 }),
  AdamW: (ps: ReturnType<typeof tensor>[]) => new AdamW(ps, { lr: 0.1 }),
  "RMSprop momentum": (ps: ReturnType<typeof tensor>[]) => new RMSprop(ps, { lr: 0.1, momentum: 0.5 }),
};

describe("optimizer state that no longer fits its parameter", () => {
  test.prop([fc.constantFrom(...(Object.keys(makers) as (keyof typeof makers)[])), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })])(
    "a replaced p.data of another size: ShapeError, nothing moves; resetting the state works",
    (name, n, extra) => {
      const p = tensor(new Array<number>(n).fill(1), { requiresGrad: true });
      const other = tensor([2, 3], { requiresGrad: true });
      const opt = makers[name]([other, p]);
      p.grad = tensor(new Array<number>(n).fill(1));
      other.grad = tensor([1, 1]);
      opt.step();
      const bigger = new Array<number>(n + extra).fill(1);
      p.data = ndarray(bigger);
      p.grad = tensor(bigger);
      const before = [p.toArray(), other.toArray()];
      expect(() => opt.step()).toThrow(ShapeError);
      expect(() => opt.step()).toThrow(/step: the state "\w+" of parameter 1 has shape/);
      expect([p.toArray(), other.toArray()]).toEqual(before);
      opt.state.delete(p);
      opt.step();
      expect((p.toArray() as number[]).every((v) => Number.isFinite(v))).toBe(true);
    },
  );

  it("a replaced p.data of another dtype: DTypeError", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([1, 1]);
    opt.step();
    p.data = ndarray([1, 2], { dtype: "float64" });
    p.grad = tensor([1, 1], { dtype: "float64" });
    expect(() => opt.step()).toThrow(DTypeError);
  });
});
