// Hardening round 2, the policies docs/guarantees.md states: int32 ranges (creation, random,
// integer sums), hyper-parameters (booleans are booleans, numbers are finite, seeds are
// integers in [0, 2^32 − 1]) — each refused with a typed error naming the op.
import { describe, expect, it } from "vitest";
import * as tg from "tsgrad";
import { ValueError } from "tsgrad";
import * as T from "@tsgrad/ndarray";

const refuses = (f: () => unknown, op: string): void => {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, op).toBeInstanceOf(tg.TsgradError);
  expect((err as Error).message, op).toMatch(new RegExp(`^${op}\\b`));
};

describe("int32 policy: creation never wraps", () => {
  it("arange beyond int32", () => {
    refuses(() => tg.arange(2 ** 31 - 1, 2 ** 31 + 1, 1, { dtype: "int32" }), "arange");
    refuses(() => T.arange(-(2 ** 31) - 2, -(2 ** 31), 1, { dtype: "int32" }), "arange");
    expect(tg.arange(2 ** 31 - 2, 2 ** 31, 1, { dtype: "int32" }).toArray()).toEqual([2 ** 31 - 2, 2 ** 31 - 1]);
  });
  it("linspace beyond int32, and NaN or infinite ends", () => {
    refuses(() => tg.linspace(0, 2 ** 31, 3, { dtype: "int32" }), "linspace");
    refuses(() => tg.linspace(NaN, 1, 3), "linspace");
    refuses(() => tg.linspace(0, Infinity, 3), "linspace");
    expect(tg.linspace(0, 10, 3, { dtype: "int32" }).toArray()).toEqual([0, 5, 10]);
  });
  it("randint beyond int32, non-integer bounds, low ≥ high even for an empty shape", () => {
    refuses(() => tg.randint(2 ** 31, 2 ** 31 + 10, [3], { seed: 1 }), "randint");
    refuses(() => tg.randint(5, 0, [0]), "randint");
    refuses(() => tg.randint(0, 2.5, [2]), "randint");
    expect((T.randint(2 ** 31, 2 ** 31 + 10, [3], { seed: 1, dtype: "float64" }).toArray() as number[]).every((v) => v >= 2 ** 31)).toBe(true);
  });
  it("an integer sum or product that leaves int32 is refused; float64 gives the exact value", () => {
    const big = T.full([3], 2 ** 30, { dtype: "int32" });
    refuses(() => T.sum(big), "sum");
    refuses(() => T.prod(big), "prod");
    expect(T.sum(big.astype("float64")).item()).toBe(3 * 2 ** 30);
    refuses(() => T.sum(T.full([2], 2 ** 30, { dtype: "int32" })), "sum"); // 2^31: one past the maximum
    expect(T.sum(T.full([2], 2 ** 30 - 1, { dtype: "int32" }), { axis: 0 }).item()).toBe(2 ** 31 - 2);
  });
});

describe("hyper-parameters: numbers are finite, booleans are booleans, seeds are integers in [0, 2^32 − 1]", () => {
  const x = tg.tensor([[1, 2], [3, 5]]);
  it("variance and std: correction must be a finite number ≥ 0", () => {
    for (const correction of [NaN, -1, Infinity, "1" as unknown as number]) {
      refuses(() => tg.variance(x, { correction }), "variance");
      refuses(() => x.std({ correction }), "std");
      refuses(() => T.variance(x.data, { correction }), "variance");
    }
  });
  it("keepdims must be a boolean, not a truthy string", () => {
    for (const keepdims of ["yes", 1, null] as unknown as boolean[]) {
      refuses(() => tg.sum(x, { axis: 0, keepdims }), "sum");
      refuses(() => x.mean(0, { keepdims }), "mean");
      refuses(() => T.sum(x.data, { axis: 0, keepdims }), "sum");
      refuses(() => T.max(x.data, { axis: 0, keepdims }), "max");
    }
  });
  it("functional batchNorm: eps must be finite and ≥ 0", () => {
    const b = tg.tensor([[1, 2], [3, 4]]);
    for (const eps of [-1, NaN, Infinity]) refuses(() => tg.batchNorm(b, null, null, { eps }), "batchNorm");
  });
  it("layer options: affine and trackRunningStats must be booleans", () => {
    refuses(() => new tg.nn.BatchNorm1d(2, { affine: "no" as unknown as boolean }), "BatchNorm1d");
    refuses(() => new tg.nn.BatchNorm1d(2, { trackRunningStats: 0 as unknown as boolean }), "BatchNorm1d");
    refuses(() => new tg.nn.Linear(2, 2, { bias: "no" as unknown as boolean }), "Linear");
  });
  it("seeds: integers in [0, 2^32 − 1]; 1.5 and 2^32 + 5 would alias 1 and 5", () => {
    for (const seed of [1.5, 2 ** 32 + 5, -1, NaN, Infinity]) {
      expect(() => tg.randn([2], { seed })).toThrow(ValueError);
      expect(() => tg.randn([2], { seed })).toThrow(/invalid seed/);
      expect(() => T.manualSeed(seed)).toThrow(ValueError);
    }
    expect(tg.randn([2], { seed: 2 ** 32 - 1 }).shape).toEqual([2]);
    expect(tg.randn([2], { seed: 0 }).toArray()).toEqual(tg.randn([2], { seed: 0 }).toArray());
  });
});

describe("BatchNorm with one value per channel: one policy for the functional and layer forms (PyTorch's)", () => {
  const one = (): tg.Tensor => tg.tensor([[1, 2, 3]]);
  const image = (): tg.Tensor => tg.randn([1, 3, 1, 1], { seed: 0 });
  it("batch statistics over one value are refused: functional forms", () => {
    for (const f of [tg.batchNorm, tg.batchNormWithStats, tg.fusedBatchNormWithStats] as ((x: tg.Tensor, g: null, b: null) => unknown)[]) {
      expect(() => f(one(), null, null)).toThrow(ValueError);
      expect(() => f(one(), null, null)).toThrow(/more than 1 value per channel when training, got input of shape \[1, 3\]/);
      expect(() => f(image(), null, null)).toThrow(/more than 1 value per channel/);
    }
  });
  it("layers: refused in training, and in eval without running statistics; eval with them is fine", () => {
    const bn = new tg.nn.BatchNorm1d(3);
    expect(() => bn.forward(one())).toThrow(/BatchNorm1d: expected more than 1 value per channel/);
    bn.eval();
    expect(bn.forward(one()).shape).toEqual([1, 3]);
    const noStats = new tg.nn.BatchNorm2d(3, { trackRunningStats: false });
    noStats.eval();
    expect(() => noStats.forward(image())).toThrow(/BatchNorm2d: expected more than 1 value per channel/);
    expect(noStats.forward(tg.randn([2, 3, 1, 1], { seed: 1 })).shape).toEqual([2, 3, 1, 1]);
  });
});

describe("wrong kinds named by the call (the issue's own examples)", () => {
  const cases: [string, RegExp, () => unknown][] = [
    ["randn", /^randn: generator must be a Generator/, () => tg.randn([2], { generator: {} as never })],
    ["randn", /^randn: invalid seed 1\.5/, () => tg.randn([2], { seed: 1.5 })],
    ["step", /^SGD\.step: closure must be a function/, () => new tg.optim.SGD(new tg.nn.Linear(2, 2).parameters(), { lr: 0.1 }).step(5 as never)],
    ["zeros", /^zeros: .*3n \(a BigInt\)/, () => tg.zeros([3n as never])],
    ["noGrad", /^noGrad: expected a function/, () => tg.noGrad(5 as never)],
    ["conv2d", /^conv2d: /, () => tg.conv2d(null as never, tg.zeros([1, 1, 1, 1]))],
    ["grad", /^grad: /, () => tg.grad(tg.tensor([1], { requiresGrad: true }).sum(), [null as never])],
    ["loadStateDict", /^loadStateDict: /, () => new tg.nn.Linear(2, 2).loadStateDict(null as never)],
  ];
  for (const [name, message, call] of cases) {
    it(`${name}: ${String(message)}`, () => {
      expect(call).toThrow(tg.TsgradError);
      expect(call).toThrow(message);
    });
  }
});
