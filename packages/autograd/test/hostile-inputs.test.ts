// Hostile inputs the first checks missed: booleans that are not booleans, a negative eps, hooks on
// Tensors without gradients, assignments to read-only properties, and composites' errors named after a helper.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import * as A from "@tsgrad/autograd";
import { type Tensor, ones, tensor } from "@tsgrad/autograd";

/** Values that are not booleans, null among them (null is refused, not taken as the default). */
const NOT_BOOLEANS: unknown[] = [null, "no", "", 1, 0, {}, [], { keepdims: true }];

/** Checks that `fn` throws an error of class `C` whose message matches `message`. */
function expectError(fn: () => unknown, C: typeof T.TsgradError, message: RegExp): void {
  expect(fn).toThrow(C);
  expect(fn).toThrow(message);
}

describe("booleans are booleans, numbers in range", () => {
  const x = tensor([[1, 2], [3, 4]]);

  it("logSumExp's keepdims: true or false only", () => {
    expect(A.logSumExp(x, 0, true).shape).toEqual([1, 2]);
    expect(A.logSumExp(x, 0, false).shape).toEqual([2]);
    expect(x.logSumExp(0, true).shape).toEqual([1, 2]);
    for (const bad of NOT_BOOLEANS) {
      expectError(() => A.logSumExp(x, 0, bad as boolean), T.ValueError, /^logSumExp: .*keepdims/);
      expect(() => x.logSumExp(0, bad as boolean)).toThrow(/^logSumExp: .*keepdims/);
    }
  });

  it("scaledDotProductAttention's isCausal: true or false only", () => {
    const q = tensor(T.randn([1, 3, 2], { seed: 1 }));
    const causal = A.scaledDotProductAttention(q, q, q, { isCausal: true });
    expect(A.scaledDotProductAttention(q, q, q, { isCausal: false }).shape).toEqual([1, 3, 2]);
    expect(causal.shape).toEqual([1, 3, 2]);
    for (const bad of NOT_BOOLEANS) {
      expectError(() => A.scaledDotProductAttention(q, q, q, { isCausal: bad as boolean }), T.ValueError, /^scaledDotProductAttention: .*isCausal/);
    }
  });

  it("avgPool1d's and maxPool1d's ceilMode and countIncludePad: refused under the 1-D name", () => {
    const s = tensor([[[1, 2, 3, 4, 5]]]);
    for (const bad of NOT_BOOLEANS) {
      expect(() => A.avgPool1d(s, { kernelSize: 2, ceilMode: bad as boolean })).toThrow(/^avgPool1d: .*ceilMode/);
      expect(() => A.avgPool1d(s, { kernelSize: 2, countIncludePad: bad as boolean })).toThrow(/^avgPool1d: .*countIncludePad/);
      expect(() => A.maxPool1d(s, { kernelSize: 2, ceilMode: bad as boolean })).toThrow(/^maxPool1d: .*ceilMode/);
    }
    expect(A.avgPool1d(s, { kernelSize: 2, ceilMode: true }).shape).toEqual([1, 1, 3]);
    expect(A.maxPool1d(s, { kernelSize: 2, ceilMode: false }).shape).toEqual([1, 1, 2]);
  });

  it("sqrtEps's eps: finite and ≥ 0", () => {
    expect(A.sqrtEps(tensor([4]), 0).toArray()).toEqual([2]);
    expect(A.sqrtEps(tensor([3]), 1).toArray()).toEqual([2]);
    for (const bad of [-2, -1e-300, NaN, Infinity, null, "1"]) {
      expectError(() => A.sqrtEps(tensor([4]), bad as number), T.ValueError, /^sqrtEps: .*eps/);
    }
  });

  it("null numeric options are refused, not taken as the default", () => {
    const img = tensor(T.ones([1, 2, 3, 3]));
    expect(() => A.softplus(x, { beta: null as unknown as number })).toThrow(/^softplus: .*beta/);
    expect(() => A.softplus(x, { threshold: null as unknown as number })).toThrow(/^softplus: .*threshold/);
    expect(() => A.groupNorm(img, 1, null, null, { eps: null as unknown as number })).toThrow(/^groupNorm: .*eps/);
    expect(() => A.batchNorm(img, null, null, { eps: null as unknown as number })).toThrow(/^batchNorm: .*eps/);
    expect(() => A.scaledDotProductAttention(x, x, x, { scale: null as unknown as number })).toThrow(/^scaledDotProductAttention: .*scale/);
    expect(() => A.convTranspose2d(img, tensor(T.ones([2, 1, 2, 2])), null, { groups: null as unknown as number })).toThrow(/^convTranspose2d: /);
    expect(() => A.conv1d(tensor(T.ones([1, 1, 4])), tensor(T.ones([1, 1, 2])), null, { padding: null as unknown as number })).toThrow(/^conv1d: .*padding/);
  });

  test.prop([fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.double(), fc.object())], { numRuns: 30 })(
    "any non-boolean keepdims or isCausal is a ValueError naming the call",
    (bad) => {
      expect(() => A.logSumExp(x, -1, bad as unknown as boolean)).toThrow(T.ValueError);
      expect(() => A.scaledDotProductAttention(x, x, x, { isCausal: bad as unknown as boolean })).toThrow(/^scaledDotProductAttention: /);
    },
  );
});

describe("registerHook needs a Tensor that requires grad (PyTorch's rule)", () => {
  it("refused on a constant, with the call's name; accepted on leaves and intermediates that require grad", () => {
    for (const t of [ones([1]), tensor([1, 2]), tensor([1]).detach(), A.noGrad(() => tensor([1], { requiresGrad: true }).mul(2))]) {
      expectError(() => t.registerHook((g) => g), T.TsgradError, /^registerHook: cannot register a hook on a Tensor that does not require grad/);
      expect(t.hooks).toEqual([]);
    }
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    const seen: number[][] = [];
    y.registerHook((g) => void seen.push(Array.from(g.toTypedArray())));
    x.registerHook((g) => g.mul(2));
    y.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.toArray()).toEqual([6, 6]);
  });
});

describe("read-only Tensor properties", () => {
  const cases: [keyof Tensor, unknown, RegExp][] = [
    ["shape", [6], /^shape: a Tensor's shape is read-only; use reshape/],
    ["dtype", "int32", /^dtype: a Tensor's dtype is read-only; use astype/],
    ["version", 5, /^version: a Tensor's version is read-only/],
    ["ndim", 3, /^ndim: a Tensor's ndim is read-only/],
    ["size", 1, /^size: a Tensor's size is read-only/],
    ["isLeaf", false, /^isLeaf: a Tensor's isLeaf is read-only/],
    ["valueShared", true, /^valueShared: a Tensor's valueShared is read-only/],
  ];

  it("assigning one is a TsgradError naming the property, and changes nothing", () => {
    for (const [name, value, message] of cases) {
      const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
      const before = x[name];
      const assign = (): void => {
        (x as unknown as Record<string, unknown>)[name] = value;
      };
      expectError(assign, T.TsgradError, message);
      expect(x[name]).toEqual(before);
      expect(x.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    }
  });

  it("the writable ones stay writable: data, grad, requiresGrad, name", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.data = T.ndarray([3, 4]);
    x.grad = tensor([1, 1]);
    x.requiresGrad = false;
    x.name = "x";
    expect([x.toArray(), x.grad.toArray(), x.requiresGrad, x.name]).toEqual([[3, 4], [1, 1], false, "x"]);
  });
});

describe("a composite's errors start with the public call's name", () => {
  // 3e9 elements: every op that allocates for it fails at the allocation, inside its helpers.
  const huge = (): Tensor => ones([1]).expand([3e9]);
  const calls: [string, (h: Tensor) => unknown][] = [
    ["clone", (h) => h.clone()],
    ["astype", (h) => h.astype("float64")],
    ["gelu", (h) => A.gelu(h)],
    ["gelu", (h) => h.gelu({ approximate: "tanh" })],
    ["square", (h) => A.square(h)],
    ["square", (h) => h.square()],
    ["silu", (h) => A.silu(h)],
    ["minimum", (h) => A.minimum(h, 0)],
    ["minimum", (h) => h.minimum(0)],
    ["variance", (h) => A.variance(h, 0)],
    ["std", (h) => A.std(h, 0)],
    ["logSumExp", (h) => A.logSumExp(h)],
    ["logSoftmax", (h) => A.logSoftmax(h)],
    ["softmax", (h) => A.softmax(h)],
    ["elu", (h) => A.elu(h)],
    ["hardtanh", (h) => A.hardtanh(h)],
    ["relu6", (h) => A.relu6(h)],
    ["softplus", (h) => A.softplus(h)],
    ["mish", (h) => A.mish(h)],
    ["clamp", (h) => A.clamp(h, 0, 1)],
    ["eq", (h) => A.eq(h, 1)],
    ["ne", (h) => h.ne(1)],
    ["lt", (h) => A.lt(h, 1)],
    ["le", (h) => A.le(h, 1)],
    ["gt", (h) => A.gt(h, 1)],
    ["ge", (h) => h.ge(1)],
    ["argmax", (h) => h.argmax()],
    ["argmax", (h) => A.argmax(h)],
    ["argmin", (h) => h.argmin({ keepdims: true })],
    ["argmin", (h) => A.argmin(h)],
    ["batchNorm", (h) => A.batchNorm(h.reshape([1.5e9, 2]), null, null)],
  ];

  it.each(calls.map(([name, f], i) => [`${name} #${i}`, name, f] as const))("%s", (_, name, f) => {
    expectError(() => f(huge()), T.TsgradError, new RegExp(`^${name}: `));
  });

  it("convTranspose2d's validation and avgPool1d's options name them, not the primitives under them", () => {
    const x = tensor(T.ones([1, 2, 3, 3]));
    const w = tensor(T.ones([2, 1, 2, 2]));
    expect(() => A.convTranspose2d(x, w, null, { groups: 3 })).toThrow(/^convTranspose2d: /);
    expect(() => A.convTranspose2d(x, w, null, { padding: 5 })).toThrow(/^convTranspose2d: /);
    expect(() => A.convTranspose2d(x, w, null, { dilation: 0 })).toThrow(/^convTranspose2d: /);
    expect(() => A.convTranspose2d(x, w, null, { stride: 1e6 })).toThrow(/^convTranspose2d: /);
    expect(() => A.convTranspose2d(tensor(T.ones([1, 2, 3, 3], { dtype: "int32" })), tensor(T.ones([2, 1, 2, 2], { dtype: "int32" })))).toThrow(/^convTranspose2d: /);
    expect(() => A.avgPool1d(tensor([[[1, 2, 3]]]), { kernelSize: 2, ceilMode: 1 as unknown as boolean })).toThrow(/^avgPool1d: /);
  });

  it("grad through a freed graph names grad; backward names backward", () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.mul(x).sum();
    A.grad(y, x);
    expect(() => A.grad(y, x)).toThrow(/^grad: trying to backward through the graph a second time/);
    expect(() => y.backward()).toThrow(/^backward: trying to backward through the graph a second time/);
  });
});

describe("null is no default", () => {
  it("convTranspose2d's stride, tensor's dtype and eye's m refuse null", () => {
    const x = tensor(T.ones([1, 1, 2, 2]));
    const w = tensor(T.ones([1, 1, 2, 2]));
    expect(A.convTranspose2d(x, w, null, { stride: 2 }).shape).toEqual([1, 1, 4, 4]);
    expect(() => A.convTranspose2d(x, w, null, { stride: null as unknown as number })).toThrow(/^convTranspose2d: .*stride/);
    expect(() => A.convTranspose2d(x, w, null, { padding: null as unknown as number })).toThrow(/^convTranspose2d: .*padding/);
    expect(() => tensor(tensor([1, 2]), { dtype: null as unknown as "float32" })).toThrow(/^tensor: /);
    expect(A.eye(2).shape).toEqual([2, 2]);
    expect(() => A.eye(2, null as unknown as number)).toThrow(/^eye: /);
  });
});
