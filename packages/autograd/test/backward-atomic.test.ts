// backward is atomic: an error part-way (a hook or a vjp that throws, a hook's result of the wrong
// shape or dtype, a leaf's .grad that does not fit) frees nothing and writes no .grad; a retry works.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { type Node, type Primitive, type Tensor, TsgradError, apply, customOp, grad, tensor } from "@tsgrad/autograd";
import { mul as mulT } from "@tsgrad/ndarray";

const f64 = { requiresGrad: true, dtype: "float64" } as const;

/** Every node reachable from `t`. */
function nodesOf(t: Tensor): Node[] {
  const out = new Set<Node>();
  const stack = t.node ? [t.node] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    for (const v of n.peekInputs()) if (v.node) stack.push(v.node);
  }
  return [...out];
}

/** Runs `f`, which must throw; returns the error. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("an error part-way through backward leaves the graph and every .grad as they were", () => {
  it("a hook on an intermediate that throws on its first call: the retry succeeds with the right gradients", () => {
    const x = tensor([1, 2, 3], f64);
    const h = x.mul(x); // x²
    let calls = 0;
    h.registerHook(() => {
      calls++;
      if (calls === 1) throw new Error("flaky hook");
    });
    const y = h.exp().sum(); // d/dx = 2x·exp(x²)
    const nodes = nodesOf(y);
    expect(() => y.backward()).toThrow("flaky hook");
    expect(x.grad).toBeNull();
    expect(nodes.every((n) => !n.released)).toBe(true);
    y.backward();
    expect(calls).toBe(2);
    const want = [1, 2, 3].map((v) => 2 * v * Math.exp(v * v));
    (Array.from(x.grad!.toTypedArray()) as number[]).forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 8));
    expect(nodes.every((n) => n.released)).toBe(true);
  });

  it("a leaf hook that throws (the last phase): nothing freed, no .grad written, the retry works", () => {
    const a = tensor([1, 2], f64);
    const b = tensor([3, 4], f64);
    let fail = true;
    b.registerHook(() => {
      if (fail) throw new Error("leaf hook");
    });
    const y = a.mul(b).sum();
    expect(() => y.backward()).toThrow("leaf hook");
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
    expect(y.node!.released).toBe(false);
    fail = false;
    y.backward();
    expect(a.grad!.toArray()).toEqual([3, 4]);
    expect(b.grad!.toArray()).toEqual([1, 2]);
  });

  it("a hook whose result has the wrong shape or dtype: a typed error, then the retry works once the hook is removed", () => {
    for (const bad of [tensor([1, 1, 1], { dtype: "float64" }), tensor([1, 1], { dtype: "float32" })]) {
      const x = tensor([1, 2], f64);
      const h = x.mul(2);
      const handle = h.registerHook(() => bad);
      const y = h.mul(h).sum();
      const e = thrown(() => y.backward());
      expect(e).toBeInstanceOf(TsgradError);
      expect((e as Error).message).toMatch(/^registerHook: a hook returned a gradient of (shape|dtype)/);
      expect(x.grad).toBeNull();
      handle.remove();
      y.backward(); // d/dx (2x)² = 8x
      expect(x.grad!.toArray()).toEqual([8, 16]);
    }
  });

  it("a vjp that throws on its first call: the retry succeeds", () => {
    let calls = 0;
    const triple: Primitive = {
      name: "tripleOnce",
      forward: ([v]) => mulT(v!, 3),
      vjp: (g) => {
        calls++;
        if (calls === 1) throw new Error("vjp failed");
        return [g.mul(3)];
      },
    };
    const x = tensor([1, 2], f64);
    const y = apply(triple, [x.mul(x)], undefined).sum(); // 3x²
    expect(() => y.backward()).toThrow("vjp failed");
    expect(x.grad).toBeNull();
    y.backward();
    expect(x.grad!.toArray()).toEqual([6, 12]);
  });

  it("a customOp backward that throws, through grad(): the retry succeeds", () => {
    let fail = true;
    const square = customOp({
      name: "squareFlaky",
      forward: (v) => mulT(v, v),
      vjp: (g, { inputs: [v] }) => {
        if (fail) throw new Error("custom backward");
        return [g.mul(v!).mul(2)];
      },
    });
    const x = tensor([3], f64);
    const y = square(x.add(1)).sum(); // (x+1)²
    expect(() => grad(y, x)).toThrow("custom backward");
    fail = false;
    expect(grad(y, x)[0]!.toArray()).toEqual([8]);
  });

  it("a leaf whose .grad has the wrong shape: an error naming backward before anything is freed; the retry after fixing works", () => {
    const p = tensor([1, 2, 3], f64);
    p.grad = tensor([9, 9, 9], { dtype: "float64" });
    // Assigning a grad of another shape is refused; replacing p.data makes the one it has stop fitting.
    p.data = tensor([[1, 2, 3]], { dtype: "float64" }).data;
    const y = p.mul(p).exp().sum();
    const nodes = nodesOf(y);
    const e = thrown(() => y.backward());
    expect(e).toBeInstanceOf(TsgradError);
    expect((e as Error).message).toMatch(/^backward: a leaf of shape \[1, 3\] holds a grad of shape \[3\]/);
    expect(nodes.every((n) => !n.released)).toBe(true);
    expect(p.grad!.toArray()).toEqual([9, 9, 9]);
    p.grad = null;
    y.backward();
    expect(p.grad!.toArray()).toEqual([[1, 2, 3].map((v) => 2 * v * Math.exp(v * v))]);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 5 })], { numRuns: 20 })(
    "a hook that throws on one node of a chain of any length: graph intact, the retry gives the same gradient as a clean run",
    (depth, at) => {
      const run = (failAt: number | null): { x: Tensor; y: Tensor; hooked: Tensor[] } => {
        const x = tensor([0.5, -1], f64);
        let h: Tensor = x;
        const hooked: Tensor[] = [];
        for (let k = 0; k < depth; k++) {
          h = h.mul(1.5).tanh();
          hooked.push(h);
        }
        let armed = failAt !== null;
        if (failAt !== null) {
          hooked[failAt % depth]!.registerHook(() => {
            if (armed) {
              armed = false;
              throw new Error("once");
            }
          });
        }
        return { x, y: h.sum(), hooked };
      };
      const clean = run(null);
      clean.y.backward();
      const flaky = run(at);
      expect(() => flaky.y.backward()).toThrow("once");
      expect(flaky.x.grad).toBeNull();
      expect(nodesOf(flaky.y).every((n) => !n.released)).toBe(true);
      flaky.y.backward();
      expect(flaky.x.grad!.toArray()).toEqual(clean.x.grad!.toArray());
    },
  );
});
