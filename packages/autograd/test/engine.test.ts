// The engine: topological order, accumulation, un-broadcasting, the vjp contract, graph
// lifetime, error cases, mixed dtypes and grad(). Per-primitive gradients live in
// primitives*.test.ts; here the primitives are only the material the graphs are built from.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import {
  type Tensor,
  PRIMITIVES,
  add,
  backward,
  customOp,
  grad,
  logSoftmax,
  logSumExp,
  matmul,
  mul,
  sin,
  softmax,
  sqrt,
  std,
  sum,
  sumToShape,
  tensor,
  variance,
} from "@tsgrad/autograd";
import { recordedNodes, recordedOps } from "./graph-ops.js";
import { arbBroadcastPair, arbSeed, arbShape, broadcastIndexMap, expectClose, flat, sizeOf, unbroadcastRef } from "./engine-helpers.js";

const f64 = { dtype: "float64" } as const;

function leaf(data: T.NestedArray | T.NDArray, dtype: T.DType = "float64"): Tensor {
  return tensor(data, { requiresGrad: true, dtype });
}

function gradOf(v: Tensor): number[] {
  expect(v.grad).not.toBeNull();
  return Array.from(v.grad!.data.toTypedArray());
}

describe("topological order", () => {
  it("runs a 10,000-op chain without overflowing the stack", () => {
    const x = leaf([1]);
    let y = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expectClose(gradOf(x), [1.0001 ** 10_000], { rtol: 1e-10 });
  });

  it("differentiates a 10,000-deep chain twice with createGraph", () => {
    const x0 = 0.5;
    const x = leaf([x0]);
    let y = x;
    for (let i = 0; i < 10_000; i++) y = sin(y);
    const [d1] = grad(y.sum(), x, { createGraph: true });
    const [d2] = grad(d1!.sum(), x);
    // Forward-mode reference: (value, first, second derivative) through the same chain.
    let v = x0;
    let first = 1;
    let second = 0;
    for (let i = 0; i < 10_000; i++) {
      second = -Math.sin(v) * first * first + Math.cos(v) * second;
      first = Math.cos(v) * first;
      v = Math.sin(v);
    }
    expectClose([d1!.item()], [first], { rtol: 1e-9 });
    expectClose([d2!.item()], [second], { rtol: 1e-9 });
  });

  it("waits for every consumer before passing a gradient on (a long and a short path)", () => {
    // h feeds a 1,000-op path and, directly, the output: h's gradient must collect both
    // contributions before it reaches x, whatever order a depth-first walk would take.
    const x = leaf([3]);
    const h = x.mul(2);
    let long = h;
    for (let i = 0; i < 1_000; i++) long = long.add(0);
    long.mul(h).sum().backward(); // y = (2x)² → dy/dx = 8x
    expect(gradOf(x)).toEqual([24]);
  });

  it("walks a recorded 10,000-node graph iteratively (graph-ops helper)", () => {
    let y = leaf([1]);
    for (let i = 0; i < 5_000; i++) y = y.mul(2).add(1);
    expect(recordedNodes(y)).toHaveLength(10_000);
    expect(recordedOps(y)).toEqual(new Set(["mul", "add"]));
  });
});

describe("accumulation into leaves", () => {
  it("x·x and x + x collect both contributions", () => {
    const x = leaf([1, -2, 3]);
    x.mul(x).sum().backward();
    expect(gradOf(x)).toEqual([2, -4, 6]);
    const z = leaf([1, -2, 3]);
    z.add(z).sum().backward();
    expect(gradOf(z)).toEqual([2, 2, 2]);
  });

  it("a diamond a → b, c → d sums both paths", () => {
    const a = leaf([1.5, -2]);
    const b = a.mul(2);
    const c = a.mul(3);
    b.mul(c).sum().backward(); // d = 6a² → 12a
    expect(gradOf(a)).toEqual([18, -24]);
  });

  it("a node reused 100 times receives all 100 contributions", () => {
    const x = leaf([1, 2]);
    const h = x.mul(2);
    let acc = h;
    for (let i = 1; i < 100; i++) acc = acc.add(h);
    acc.sum().backward();
    expect(gradOf(x)).toEqual([200, 200]);
  });

  it("`.grad` accumulates over two backward calls and zeroGrad resets it", () => {
    const x = leaf([1, 2]);
    x.mul(3).sum().backward();
    x.mul(x).sum().backward();
    expect(gradOf(x)).toEqual([3 + 2, 3 + 4]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(3).sum().backward();
    expect(gradOf(x)).toEqual([3, 3]);
  });

  test.prop([arbShape(), arbSeed], { numRuns: 40 })("on random shapes: d/dx Σ(x² + 3x + x) = 2x + 4, twice", (shape, seed) => {
    const x = leaf(T.randn(shape, { seed, dtype: "float64" }));
    const loss = (): Tensor => x.mul(x).add(x.mul(3)).add(x).sum();
    loss().backward();
    const once = Array.from(x.data.toTypedArray(), (v) => 2 * v + 4);
    expect(x.grad!.shape).toEqual(shape);
    expectClose(gradOf(x), once);
    loss().backward();
    expectClose(
      gradOf(x),
      once.map((v) => 2 * v),
    );
  });
});

describe("un-broadcasting", () => {
  it("sums leading axes and size-1 axes back to each operand's shape", () => {
    const a = leaf(T.ones([3, 1], f64));
    const b = leaf(T.ones([4], f64));
    add(a, b).sum().backward();
    expect(a.grad!.shape).toEqual([3, 1]);
    expect(b.grad!.shape).toEqual([4]);
    expect(flat(a.grad!.data.toArray())).toEqual([4, 4, 4]);
    expect(flat(b.grad!.data.toArray())).toEqual([3, 3, 3, 3]);
    const c = leaf(T.ones([2, 3, 4], f64));
    const d = leaf(T.ones([1, 4], f64));
    mul(c, d).sum().backward();
    expect(d.grad!.shape).toEqual([1, 4]);
    expect(flat(d.grad!.data.toArray())).toEqual([6, 6, 6, 6]);
  });

  it("gives a 0-d operand a 0-d gradient", () => {
    const s = leaf(2);
    const x = leaf([[1, 2], [3, 4]]);
    mul(x, s).sum().backward();
    expect(s.grad!.shape).toEqual([]);
    expect(s.grad!.item()).toBe(10);
    expect(x.grad!.data.toArray()).toEqual([[2, 2], [2, 2]]);
  });

  it("matmul: a vector operand and a broadcast batch get gradients of their own shapes", () => {
    const w = leaf([[1, 2], [3, 4]]);
    const v = leaf([5, 6]);
    matmul(w, v).sum().backward();
    expect(v.grad!.data.toArray()).toEqual([4, 6]);
    expect(w.grad!.data.toArray()).toEqual([[5, 6], [5, 6]]);
    const batch = leaf(T.ones([3, 2, 2], f64));
    const m = leaf([[1, 2], [3, 4]]);
    matmul(batch, m).sum().backward();
    expect(m.grad!.shape).toEqual([2, 2]);
    expect(m.grad!.data.toArray()).toEqual([[6, 6], [6, 6]]);
    expect(batch.grad!.shape).toEqual([3, 2, 2]);
  });

  test.prop([arbBroadcastPair(), arbSeed], { numRuns: 60 })(
    "add and mul: each operand's gradient is the upstream gradient summed to its shape",
    ({ a: aShape, b: bShape, out }, seed) => {
      const gen = new T.Generator(seed);
      const a = leaf(T.randn(aShape, { generator: gen, dtype: "float64" }));
      const b = leaf(T.randn(bShape, { generator: gen, dtype: "float64" }));
      const g = T.randn(out, { generator: gen, dtype: "float64" });
      const gFlat = g.toTypedArray();
      add(a, b).backward(g);
      expect(a.grad!.shape).toEqual(aShape);
      expect(b.grad!.shape).toEqual(bShape);
      expectClose(gradOf(a), unbroadcastRef(gFlat, out, aShape));
      expectClose(gradOf(b), unbroadcastRef(gFlat, out, bShape));
      a.zeroGrad();
      b.zeroGrad();
      mul(a, b).backward(g);
      const aOut = broadcastIndexMap(aShape, out).map((i) => a.data.toTypedArray()[i]!);
      const bOut = broadcastIndexMap(bShape, out).map((i) => b.data.toTypedArray()[i]!);
      expectClose(gradOf(a), unbroadcastRef(Array.from(gFlat, (gi, k) => gi * bOut[k]!), out, aShape));
      expectClose(gradOf(b), unbroadcastRef(Array.from(gFlat, (gi, k) => gi * aOut[k]!), out, bShape));
    },
  );

  test.prop([arbBroadcastPair(), arbSeed], { numRuns: 30 })("sumToShape agrees with the reference and is a no-op on equal shapes", ({ a: shape, out }, seed) => {
    const g = tensor(T.randn(out, { seed, dtype: "float64" }));
    const s = sumToShape(g, shape);
    expect(s.shape).toEqual(shape);
    expectClose(Array.from(s.data.toTypedArray()), unbroadcastRef(g.data.toTypedArray(), out, shape));
    expect(sumToShape(g, out)).toBe(g);
  });

  it("sumToShape refuses a shape the gradient is not a broadcast of, naming the op and both shapes", () => {
    const g = tensor(T.ones([2, 3]));
    expect(() => sumToShape(g, [4], "myOp")).toThrow(T.TsgradError);
    expect(() => sumToShape(g, [4], "myOp")).toThrow(/myOp.*\[2, 3\].*\[4\]/);
    expect(() => sumToShape(g, [1, 2, 3], "myOp")).toThrow(/\[1, 2, 3\]/);
  });
});

describe("the vjp contract: one gradient per input, of the input's shape", () => {
  const identityForward = (a: T.NDArray): T.NDArray => a;

  it("a vjp returning a gradient of the wrong shape is an error naming the op", () => {
    const badShape = customOp({ name: "badShapeOp", forward: identityForward, vjp: () => [tensor(T.ones([5]))] });
    const x = leaf([1, 2, 3]);
    let error: unknown;
    try {
      badShape(x).sum().backward();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(T.TsgradError);
    expect((error as T.TsgradError).op).toBe("badShapeOp");
    expect(String(error)).toMatch(/"badShapeOp".*\[5\].*\[3\]/);
    expect(x.grad).toBeNull();
  });

  it("a vjp returning too many or too few gradients is an error naming the op", () => {
    const tooMany = customOp({ name: "tooMany", forward: identityForward, vjp: (g) => [g, g] });
    const tooFew = customOp({ name: "tooFew", forward: (a: T.NDArray, b: T.NDArray) => T.add(a, b), vjp: (g) => [g] });
    expect(() => tooMany(leaf([1])).sum().backward()).toThrow(/"tooMany" returned 2 gradients for 1 inputs/);
    expect(() => tooFew(leaf([1]), leaf([2])).sum().backward()).toThrow(/"tooFew" returned 1 gradients for 2 inputs/);
  });

  it("a vjp returning something other than Tensors is an error naming the op", () => {
    const returnsNDArray = customOp({ name: "returnsNDArray", forward: identityForward, vjp: (g) => [g.data as unknown as Tensor] });
    const returnsNothing = customOp({ name: "returnsNothing", forward: identityForward, vjp: () => undefined as unknown as Tensor[] });
    expect(() => returnsNDArray(leaf([1])).sum().backward()).toThrow(/the vjp of "returnsNDArray" returned an NDArray as the gradient of input 0; expected a Tensor or null/);
    expect(() => returnsNothing(leaf([1])).sum().backward()).toThrow(/"returnsNothing" returned undefined/);
  });

  it("a forward returning something other than an NDArray is an error naming the op", () => {
    const notAnNDArray = customOp({ name: "notAnNDArray", forward: () => [1, 2] as unknown as T.NDArray, vjp: (g) => [g] });
    expect(() => notAnNDArray(leaf([1]))).toThrow(/notAnNDArray: the forward of op "notAnNDArray" returned an array; expected an NDArray/);
  });

  it("null means no gradient for that input; a gradient of another dtype is cast to the input's", () => {
    const firstOnly = customOp({
      name: "firstOnly",
      forward: (a: T.NDArray, b: T.NDArray) => T.add(a, b),
      vjp: (g) => [g.data.dtype === "float32" ? tensor(g.data, { dtype: "float64" }) : g, null],
    });
    const a = leaf([1, 2], "float32");
    const b = leaf([3, 4], "float32");
    firstOnly(a, b).sum().backward();
    expect(a.grad!.dtype).toBe("float32");
    expect(gradOf(a)).toEqual([1, 1]);
    expect(b.grad).toBeNull();
  });
});

describe("graph lifetime", () => {
  it("a second backward through a freed graph is a clear error", () => {
    const x = leaf([1, 2]);
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(/second time.*retainGraph/);
    expect(gradOf(x)).toEqual([2, 4]);
  });

  it("with retainGraph a second backward works and accumulates", () => {
    const x = leaf([1, 2]);
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    expect(y.node!.released).toBe(false);
    y.backward();
    expect(gradOf(x)).toEqual([4, 8]);
    expect(y.node!.released).toBe(true);
  });

  it("releases the saved values of every node after backward", () => {
    const x = leaf([1, 2]);
    const y = x.exp().mul(x).add(1).sum();
    const nodes = recordedNodes(y);
    expect(nodes).toHaveLength(4);
    expect(nodes.every((n) => !n.released)).toBe(true);
    y.backward();
    expect(y.node!.released).toBe(true);
    expect(nodes.every((n) => n.released && n.peekInputs().length === 0 && n.output() === null)).toBe(true);
  });

  it("a new graph built on a freed part reports the freed op", () => {
    const x = leaf([1, 2]);
    const h = x.exp();
    h.sum().backward();
    expect(() => h.mul(2).sum().backward()).toThrow(/second time \(op "exp"\)/);
  });

  it("without createGraph the gradients carry no graph", () => {
    const x = leaf([1, 2]);
    x.mul(x).mul(x).sum().backward();
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.node).toBeNull();
    const [g] = grad(x.mul(x).sum(), x);
    expect(g!.requiresGrad).toBe(false);
    expect(g!.node).toBeNull();
  });

  it("with createGraph the gradients have nodes and can be differentiated again", () => {
    const x = leaf([2, -1]);
    x.mul(x).mul(x).sum().backward(undefined, { createGraph: true }); // 3x²
    expect(x.grad!.requiresGrad).toBe(true);
    expect(x.grad!.node).not.toBeNull();
    expect(gradOf(x)).toEqual([12, 3]);
    const [second] = grad(x.grad!.sum(), x); // 6x
    expect(Array.from(second!.data.toTypedArray())).toEqual([12, -6]);
  });

  it("createGraph keeps the graph by default and retainGraph: false frees it", () => {
    const x = leaf([1]);
    const y = x.mul(x).sum();
    grad(y, x, { createGraph: true });
    expect(y.node!.released).toBe(false);
    grad(y, x, { createGraph: true, retainGraph: false });
    expect(y.node!.released).toBe(true);
  });
});

describe("backward errors", () => {
  it("a non-scalar output without gradOutput is an error naming the shape", () => {
    const y = leaf([[1, 2, 3], [4, 5, 6]]).mul(2);
    expect(() => y.backward()).toThrow(T.TsgradError);
    expect(() => y.backward()).toThrow(/shape \[2, 3\].*gradOutput/);
  });

  it("a one-element output of any rank gets an implied gradient of 1", () => {
    const x = leaf([[2]]);
    x.mul(x).backward();
    expect(gradOf(x)).toEqual([4]);
  });

  it("a gradOutput of the wrong shape is an error naming both shapes", () => {
    const x = leaf([1, 2, 3]);
    const y = x.mul(2);
    expect(() => y.backward(T.ones([2], f64))).toThrow(/gradOutput of shape \[2\] does not match output 0 of shape \[3\]/);
    expect(() => y.backward(T.ones([1, 3], f64))).toThrow(/\[1, 3\]/);
    y.backward(T.ndarray([1, 10, 100], f64));
    expect(gradOf(x)).toEqual([2, 20, 200]);
  });

  it("an output that does not require grad is an error", () => {
    expect(() => tensor([1]).mul(2).sum().backward()).toThrow(/does not require grad/);
  });

  it("the free backward wants one gradient per output", () => {
    const x = leaf([1, 2]);
    expect(() => backward([x.mul(2), x.mul(3)], [T.ones([2], f64)])).toThrow(/got 1 gradients for 2 outputs/);
    backward([x.mul(2), x.mul(x).sum()], [T.ones([2], f64), T.ones([], f64)]);
    expect(gradOf(x)).toEqual([2 + 2, 2 + 4]);
  });

  it("replacing the data of an input between forward and backward is an error (version counter)", () => {
    const x = leaf([1, 2]);
    const w = leaf([3, 4]);
    const y = x.mul(w).sum();
    w.data = T.ndarray([5, 6], f64);
    expect(() => y.backward()).toThrow(/input 1 of op "mul" was modified/);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
  });

  it("replacing the data of an output a vjp reads is an error too", () => {
    const x = leaf([4]);
    const y = sqrt(x); // its vjp reads y
    y.data = T.ndarray([100], f64);
    expect(() => y.sum().backward()).toThrow(/output of op "sqrt" was modified/);
    expect(x.grad).toBeNull();
  });

  it("replacing data after backward (an optimizer step) is fine", () => {
    const w = leaf([1, 2]);
    w.mul(w).sum().backward();
    w.data = T.sub(w.data, T.mul(w.grad!.data, 0.1));
    w.zeroGrad();
    w.mul(w).sum().backward();
    expectClose(gradOf(w), [1.6, 3.2]);
  });
});

describe("mixed dtypes", () => {
  it("a float32 op with a float64 operand gives each leaf a gradient of its own dtype", () => {
    const a = leaf([1, 2], "float32");
    const b = leaf([3, 4], "float64");
    const y = mul(a, b);
    expect(y.dtype).toBe("float64");
    y.sum().backward();
    expect(a.grad!.dtype).toBe("float32");
    expect(b.grad!.dtype).toBe("float64");
    expect(gradOf(a)).toEqual([3, 4]);
    expect(gradOf(b)).toEqual([1, 2]);
  });

  it("keeps the leaf dtype through accumulation and createGraph", () => {
    const a = leaf([0.5], "float32");
    const b = leaf([2], "float64");
    mul(a, b).add(a).sum().backward(undefined, { createGraph: true });
    expect(a.grad!.dtype).toBe("float32");
    expect(gradOf(a)).toEqual([3]);
    const [dab] = grad(a.grad!.sum(), b); // d(b + 1)/db = 1
    expect(dab!.dtype).toBe("float64");
    expect(dab!.item()).toBe(1);
  });

  it("a number operand takes the Tensor's dtype", () => {
    const a = leaf([1, 2], "float32");
    const y = a.mul(0.1).add(1);
    expect(y.dtype).toBe("float32");
    y.sum().backward();
    expect(a.grad!.dtype).toBe("float32");
    expectClose(gradOf(a), [0.1, 0.1], { rtol: 1e-7 });
  });
});

describe("grad()", () => {
  it("returns gradients without touching .grad", () => {
    const x = leaf([1, 2]);
    const [g] = grad(x.mul(x).sum(), x);
    expect(Array.from(g!.data.toTypedArray())).toEqual([2, 4]);
    expect(x.grad).toBeNull();
    x.mul(3).sum().backward();
    grad(x.mul(x).sum(), [x]);
    expect(gradOf(x)).toEqual([3, 3]);
  });

  it("differentiates with respect to intermediate Tensors", () => {
    const x = leaf([1, 2]);
    const h = x.mul(3);
    const y = h.mul(h).sum();
    const [dh, dx] = grad(y, [h, x]);
    expect(Array.from(dh!.data.toTypedArray())).toEqual([6, 12]); // 2h
    expect(Array.from(dx!.data.toTypedArray())).toEqual([18, 36]); // 18x
    expect(h.grad).toBeNull();
    expect(x.grad).toBeNull();
  });

  it("an output itself as input gets the output gradient", () => {
    const x = leaf([1, 2]);
    const y = x.mul(2);
    const [gy] = grad(y, y, { gradOutputs: [T.ndarray([5, 7], f64)] });
    expect(Array.from(gy!.data.toTypedArray())).toEqual([5, 7]);
  });

  it("an unused input is null with allowUnused and a clear error without", () => {
    const x = leaf([1]);
    const unused = leaf([2]);
    const [gx, gu] = grad(x.mul(x).sum(), [x, unused], { allowUnused: true });
    expect(gx!.item()).toBe(2);
    expect(gu).toBeNull();
    expect(() => grad(x.mul(x).sum(), [x, unused])).toThrow(/input 1 \(shape \[1\]\) was not used.*allowUnused/);
  });

  it("an input that does not require grad is an error", () => {
    const x = leaf([1]);
    expect(() => grad(x.mul(2).sum(), tensor([1]))).toThrow(/input 0 \(shape \[1\]\) does not require grad/);
  });

  it("several outputs with gradOutputs: Σ of the vector–Jacobian products", () => {
    const x = leaf([1, 2, 3]);
    const u1 = T.ndarray([1, -1, 2], f64);
    const u2 = T.ndarray([0.5, 3, -2], f64);
    const [g] = grad([x.mul(2), x.mul(x)], x, { gradOutputs: [u1, u2] });
    expect(Array.from(g!.data.toTypedArray())).toEqual([2 * 1 + 2 * 1 * 0.5, 2 * -1 + 2 * 2 * 3, 2 * 2 + 2 * 3 * -2]);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), arbSeed], { numRuns: 30 })(
    "Hessian-vector product of xᵀAx by double grad equals (A + Aᵀ)v",
    (n, seed) => {
      const gen = new T.Generator(seed);
      const A = tensor(T.randn([n, n], { generator: gen, dtype: "float64" }));
      const x = leaf(T.randn([n], { generator: gen, dtype: "float64" }));
      const v = T.randn([n], { generator: gen, dtype: "float64" });
      const f = sum(mul(x, matmul(A, x)));
      const [g] = grad(f, x, { createGraph: true });
      const [hv] = grad(g!, x, { gradOutputs: [v] });
      const a = A.data.toTypedArray();
      const xs = x.data.toTypedArray();
      const vs = v.toTypedArray();
      const sym = (i: number, j: number): number => a[i * n + j]! + a[j * n + i]!;
      const expectedG: number[] = [];
      const expectedHv: number[] = [];
      for (let i = 0; i < n; i++) {
        let gi = 0;
        let hi = 0;
        for (let j = 0; j < n; j++) {
          gi += sym(i, j) * xs[j]!;
          hi += sym(i, j) * vs[j]!;
        }
        expectedG.push(gi);
        expectedHv.push(hi);
      }
      expectClose(Array.from(g!.data.toTypedArray()), expectedG, { rtol: 1e-10, atol: 1e-12 });
      expectClose(Array.from(hv!.data.toTypedArray()), expectedHv, { rtol: 1e-10, atol: 1e-12 });
      expect(x.grad).toBeNull();
    },
  );
});

describe("composite ops record only primitives", () => {
  const x = (): Tensor => leaf(T.randn([3, 4], { seed: 1, dtype: "float64" }));
  const primitiveNames = new Set(Object.keys(PRIMITIVES));

  it("their values: softmax of equal logits is uniform, logSoftmax is stable at 1e4", () => {
    expect(softmax(tensor([0, 0])).data.toArray()).toEqual([0.5, 0.5]);
    expect(logSoftmax(tensor([[1e4, 0]])).data.toArray()).toEqual([[0, -10000]]);
  });

  it.each([
    ["softmax", (v: Tensor) => softmax(v), ["sub", "exp", "sum", "div"]],
    ["logSoftmax", (v: Tensor) => logSoftmax(v), ["sub", "exp", "sum", "log"]],
    ["logSumExp", (v: Tensor) => logSumExp(v, 0), ["sub", "exp", "sum", "log", "add", "reshape"]],
    ["variance", (v: Tensor) => variance(v, { axis: 1 }), ["mean", "sub", "mul", "sum", "div"]],
    ["std", (v: Tensor) => std(v), ["mean", "sub", "mul", "sum", "div", "sqrt"]],
  ] as const)("%s", (name, op, expected) => {
    const ops = recordedOps(op(x()));
    expect(ops).toEqual(new Set(expected));
    expect(ops.has(name)).toBe(false);
    for (const o of ops) expect(primitiveNames.has(o)).toBe(true);
  });
});
