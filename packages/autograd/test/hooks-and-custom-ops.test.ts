// Gradient hooks (registerHook) and user-defined ops (customOp).
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import { type Tensor, customOp, detectAnomaly, grad, mul, tensor } from "@tsgrad/autograd";

const f64 = { dtype: "float64" } as const;

function leaf(data: T.NestedArray): Tensor {
  return tensor(data, { requiresGrad: true, dtype: "float64" });
}

describe("registerHook", () => {
  it("a leaf hook sees the total gradient once, before it is accumulated", () => {
    const x = leaf([1, 2]);
    const seen: T.NestedArray[] = [];
    x.registerHook((g) => {
      seen.push(g.data.toArray());
    });
    x.mul(x).add(x).sum().backward(); // 2x + 1
    expect(seen).toEqual([[3, 5]]);
    expect(x.grad!.data.toArray()).toEqual([3, 5]);
  });

  it("a non-leaf hook sees the gradient flowing into that Tensor", () => {
    const x = leaf([1, 2]);
    const h = x.mul(3);
    const seen: T.NestedArray[] = [];
    h.registerHook((g) => {
      seen.push(g.data.toArray());
    });
    h.mul(h).sum().backward(); // dL/dh = 2h
    expect(seen).toEqual([[6, 12]]);
    expect(x.grad!.data.toArray()).toEqual([18, 36]);
  });

  it("can replace the gradient of a leaf", () => {
    const x = leaf([1, 2]);
    x.registerHook((g) => g.mul(10));
    x.sum().backward();
    expect(x.grad!.data.toArray()).toEqual([10, 10]);
  });

  it("can replace the gradient of a non-leaf, changing what flows further", () => {
    const x = leaf([1, 2]);
    const h = x.mul(3);
    h.registerHook(() => tensor(T.ndarray([1, -1], f64)));
    h.sum().backward();
    expect(x.grad!.data.toArray()).toEqual([3, -3]);
  });

  it("hooks run in registration order, each seeing the previous one's result", () => {
    const x = leaf([1]);
    const order: string[] = [];
    x.registerHook((g) => {
      order.push(`a:${g.item()}`);
      return g.add(1);
    });
    x.registerHook((g) => {
      order.push(`b:${g.item()}`);
      return g.mul(2);
    });
    x.mul(5).sum().backward();
    expect(order).toEqual(["a:5", "b:6"]);
    expect(x.grad!.item()).toBe(12);
  });

  it("remove() unregisters the hook (and is harmless twice)", () => {
    const x = leaf([1, 2]);
    let calls = 0;
    const handle = x.registerHook((g) => {
      calls++;
      return g.mul(0);
    });
    handle.remove();
    handle.remove();
    x.sum().backward();
    expect(calls).toBe(0);
    expect(x.grad!.data.toArray()).toEqual([1, 1]);
  });

  it("a hook returning a wrong shape is an error, and no .grad changes", () => {
    const x = leaf([1]);
    const w = leaf([2]);
    w.registerHook(() => tensor(T.ones([2], f64)));
    expect(() => x.mul(w).sum().backward()).toThrow(/registerHook: a hook returned a gradient of shape \[2\] for a Tensor of shape \[1\]/);
    expect(x.grad).toBeNull();
    expect(w.grad).toBeNull();
  });

  it("a hook returning something other than a Tensor is an error", () => {
    const x = leaf([1]);
    x.registerHook((g) => g.data as unknown as Tensor);
    expect(() => x.sum().backward()).toThrow(/a hook returned an NDArray/);
  });

  it("with createGraph the hook's replacement is differentiable", () => {
    const x = leaf([2]);
    const handle = x.registerHook((g) => g.mul(x)); // replaced gradient: 2x · x
    x.mul(x).sum().backward(undefined, { createGraph: true });
    expect(x.grad!.item()).toBe(8);
    expect(x.grad!.requiresGrad).toBe(true);
    // The hook also applies to gradients grad() returns for x: remove it first.
    const [hooked] = grad(x.grad!.sum(), x, { retainGraph: true }); // 4x, then · x by the hook
    expect(hooked!.item()).toBe(16);
    handle.remove();
    const [second] = grad(x.grad!.sum(), x); // d(2x²)/dx = 4x
    expect(second!.item()).toBe(8);
  });

  it("grad() does not run the hooks of leaves it does not return", () => {
    const p = leaf([1]);
    const q = leaf([2]);
    let calls = 0;
    q.registerHook(() => {
      calls++;
    });
    const [gp] = grad(p.mul(q).sum(), p);
    expect(gp!.item()).toBe(2);
    expect(calls).toBe(0);
  });
});

describe("customOp", () => {
  // x³ with its vjp written in differentiable ops: twice differentiable.
  const cube = customOp({
    name: "cube",
    forward: (x) => T.mul(T.mul(x, x), x),
    vjp: (g, { inputs: [x] }) => [mul(g, mul(mul(x!, x!), 3))],
  });

  it("computes its forward and records a node with its name", () => {
    const x = leaf([1, 2, -3]);
    const y = cube(x);
    expect(y.data.toArray()).toEqual([1, 8, -27]);
    expect(y.node!.primitive.name).toBe("cube");
    expect(cube(tensor([2])).requiresGrad).toBe(false);
  });

  it("its vjp gives the gradient and chains with built-in ops", () => {
    const x = leaf([1, 2, -3]);
    cube(x.mul(2)).sum().backward(); // d(8x³)/dx = 24x²
    expect(x.grad!.data.toArray()).toEqual([24, 96, 216]);
  });

  it("is twice differentiable when its vjp is written with ops", () => {
    const x = leaf([1, 2, -3]);
    const [d1] = grad(cube(x).sum(), x, { createGraph: true }); // 3x²
    const [d2] = grad(d1!.sum(), x); // 6x
    expect(d1!.data.toArray()).toEqual([3, 12, 27]);
    expect(d2!.data.toArray()).toEqual([6, 12, -18]);
  });

  it("gets its gradients un-broadcast by the engine", () => {
    // a + 2b with broadcasting; the vjp returns gradients in the output's shape.
    const addTwice = customOp({
      name: "addTwice",
      forward: (a, b) => T.add(a, T.mul(b, 2)),
      vjp: (g) => [g, mul(g, 2)],
    });
    const a = leaf([[1, 2, 3], [4, 5, 6]]);
    const b = leaf([10]);
    const y = addTwice(a, b);
    expect(y.data.toArray()).toEqual([[21, 22, 23], [24, 25, 26]]);
    y.sum().backward();
    expect(a.grad!.shape).toEqual([2, 3]);
    expect(b.grad!.shape).toEqual([1]);
    expect(b.grad!.item()).toBe(12);
  });

  it("numbers become constants of the other operands' dtype", () => {
    const scale = customOp({ name: "scale", forward: (x, s) => T.mul(x, s), vjp: (g, { inputs: [, s] }) => [mul(g, s!), null] });
    const x = leaf([1, 2]);
    const y = scale(x, 3);
    expect(y.dtype).toBe("float64");
    y.sum().backward();
    expect(x.grad!.data.toArray()).toEqual([3, 3]);
  });

  it("its errors name the op", () => {
    const badShape = customOp({ name: "myBadOp", forward: (x) => x, vjp: () => [tensor(T.ones([4], f64))] });
    const badCount = customOp({ name: "myCountOp", forward: (x) => x, vjp: (g) => [g, g] });
    expect(() => badShape(leaf([1, 2])).sum().backward()).toThrow(/myBadOp/);
    expect(() => badCount(leaf([1, 2])).sum().backward()).toThrow(/myCountOp/);
  });

  it("anomaly reports name the op, forward and backward", () => {
    const nanForward = customOp({ name: "nanForward", forward: (x) => T.log(T.neg(x)), vjp: (g) => [g] });
    const infBackward = customOp({ name: "infBackward", forward: (x) => x, vjp: (g, { inputs: [x] }) => [g.div(x!)] });
    expect(() => detectAnomaly(() => nanForward(leaf([1])))).toThrow(/op "nanForward" produced NaN/);
    expect(() => detectAnomaly(() => infBackward(leaf([0])).sum().backward())).toThrow(/backward of op "infBackward"/);
  });
});
