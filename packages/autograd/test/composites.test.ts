// The composite ops of ops/: no vjp of their own, so their gradients are whatever the
// primitives they are built from give. Each gets identities (what it must equal) and a
// float64 gradcheck; the numerically delicate ones also a random-shape property and a
// second-order check.
import { describe, expect, it } from "vitest";
import { test, fc } from "@tsgrad/testing/vitest";
import * as T from "@tsgrad/ndarray";
import {
  type Tensor,
  add,
  clamp,
  concat,
  exp,
  expand,
  flatten,
  gelu,
  grad,
  hardtanh,
  relu6,
  leakyRelu,
  linear,
  log,
  logSoftmax,
  logSumExp,
  matmul,
  maximum,
  minimum,
  mul,
  neg,
  permute,
  softmax,
  sqrt,
  sqrtEps,
  square,
  squeeze,
  stack,
  std,
  sub,
  sum,
  transpose,
  unsqueeze,
  tensor,
  variance,
} from "@tsgrad/autograd";
import { arbBroadcastShapes, arbTensor, assertClose, checkVjp, gradcheck, gradgradcheck } from "@tsgrad/testing";
import { A, RAISE, ROW, f64, gradOf } from "./fixtures.js";


const X3 = tensor(T.randn([2, 3, 4], { seed: 31, dtype: "float64" }));
const SHAPES = { minRank: 1, maxRank: 3, maxSize: 4 } as const;

/** Gradient of Σ f(x)·u at x. */
function vjpOf(f: (x: Tensor) => Tensor, x: Tensor, u: Tensor): T.NDArray {
  const v = tensor(x, { requiresGrad: true });
  return grad(f(v), v, { gradOutputs: [u] })[0]!.data;
}

describe("softmax", () => {
  it("forward: hand values; sums to 1 along the axis; invariant to a shift", () => {
    assertClose(softmax(f64([0, 0])), [0.5, 0.5]);
    const e = [1, Math.E, Math.E ** 2];
    const z = e[0]! + e[1]! + e[2]!;
    assertClose(softmax(f64([0, 1, 2])), e.map((v) => v / z));
    assertClose(sum(softmax(A, 0), { axis: 0 }), [1, 1, 1]);
    assertClose(softmax(add(A, 100)), softmax(A), { rtol: 1e-12, atol: 1e-15 });
  });

  it("stable at ±1e4: no overflow, exact one-hot limits", () => {
    const y = softmax(f64([[1e4, 0, -1e4], [-1e4, -1e4, -1e4]]));
    assertClose(y, [
      [1, 0, 0],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const g = vjpOf((x) => softmax(x), f64([[1e4, 0, -1e4]]), f64([[1, 2, 3]]));
    for (const v of g.toTypedArray()) expect(Number.isFinite(v)).toBe(true);
  });

  it("gradcheck, along each axis", () => {
    expect(gradcheck((x) => softmax(x!), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => softmax(x!, 0), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => softmax(x!, 1), [X3], RAISE).ok).toBe(true);
  });

  test.prop([arbTensor({ ...SHAPES, min: -50, max: 50 }), fc.integer({ min: 0, max: 2 })], { numRuns: 50 })(
    "sums to 1 and passes the random-direction vjp check on random Tensors",
    (x, k) => {
      const axis = -1 - (k % x.ndim);
      const y = softmax(x, axis);
      assertClose(sum(y, { axis }), T.ones(sum(x, { axis }).shape, { dtype: "float64" }), { rtol: 1e-12, atol: 1e-12 });
      expect(checkVjp((v) => softmax(v!, axis), [x], RAISE).ok).toBe(true);
    },
  );

  it("second order", () => {
    expect(gradgradcheck((x) => softmax(x!), [A], RAISE).ok).toBe(true);
  });
});

describe("logSoftmax", () => {
  it("forward: equals log(softmax) for moderate values; exp of it sums to 1", () => {
    assertClose(logSoftmax(A), log(softmax(A)), { rtol: 1e-12, atol: 1e-14 });
    assertClose(sum(exp(logSoftmax(X3, 1)), { axis: 1 }), T.ones([2, 4], { dtype: "float64" }), { rtol: 1e-12 });
  });

  it("stable at ±1e4: finite values and gradients", () => {
    assertClose(logSoftmax(f64([[1e4, 0, -1e4]])), [[0, -1e4, -2e4]]);
    assertClose(logSoftmax(f64([[-1e4, -1e4]])), [[-Math.LN2, -Math.LN2]]);
    const g = vjpOf((x) => logSoftmax(x), f64([[1e4, 0, -1e4]]), f64([[1, 2, 3]]));
    // Σu·(δ − softmax): u − Σu · softmax = [1 − 6, 2, 3].
    assertClose(g, [[-5, 2, 3]]);
  });

  it("gradcheck", () => {
    expect(gradcheck((x) => logSoftmax(x!), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => logSoftmax(x!, 0), [X3], RAISE).ok).toBe(true);
  });

  test.prop([arbTensor({ ...SHAPES, min: -1e4, max: 1e4 })], { numRuns: 50 })("finite on large logits; random-direction vjp", (x) => {
    for (const v of logSoftmax(x).data.toTypedArray()) expect(Number.isFinite(v)).toBe(true);
    expect(checkVjp((v) => logSoftmax(v!), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => logSoftmax(x!), [A], RAISE).ok).toBe(true);
  });
});

describe("logSumExp", () => {
  it("forward: hand values; stable at large magnitudes; keepdims", () => {
    assertClose(logSumExp(f64([1000, 1000])), 1000 + Math.LN2);
    assertClose(logSumExp(f64([-1000, -1000])), -1000 + Math.LN2);
    assertClose(logSumExp(A, 0), log(sum(exp(A), { axis: 0 })), { rtol: 1e-12 });
    expect(logSumExp(A, 1, true).shape).toEqual([2, 1]);
  });

  it("gradcheck; its gradient is softmax", () => {
    expect(gradcheck((x) => logSumExp(x!), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => logSumExp(x!, 0, true), [X3], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => logSumExp(x), A), softmax(A), { rtol: 1e-12, atol: 1e-15 });
  });

  it("second order", () => {
    expect(gradgradcheck((x) => logSumExp(x!, 0), [A], RAISE).ok).toBe(true);
  });
});

describe("variance", () => {
  it("forward: hand values; population and unbiased; equals the NDArray kernel", () => {
    assertClose(variance(f64([1, 2, 3, 4]), { correction: 0 }), 1.25);
    assertClose(variance(f64([1, 2, 3, 4])), 5 / 3);
    assertClose(variance(X3, { axis: [0, 2], keepdims: true }), T.variance(X3.data, { axis: [0, 2], keepdims: true }), { rtol: 1e-12 });
  });

  it("two-pass: exact for a large offset, where E[x²] − E[x]² cancels catastrophically", () => {
    assertClose(variance(f64([1e9 + 1, 1e9 + 2, 1e9 + 3]), { correction: 0 }), 2 / 3, { rtol: 1e-9 });
  });

  it("gradcheck: d var/dx = 2(x − mean)/(n − correction)", () => {
    expect(gradcheck((x) => variance(x!, { axis: 1 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => variance(x!, { axis: [0, 2], correction: 0 }), [X3], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => variance(x, { correction: 0 }), f64([1, 2, 6])), [(2 * (1 - 3)) / 3, (2 * (2 - 3)) / 3, (2 * (6 - 3)) / 3]);
  });

  test.prop([arbTensor(SHAPES)], { numRuns: 25 })(
    "invariant to a shift; random-direction vjp",
    (x) => {
      assertClose(variance(add(x, 7), { correction: 0 }), variance(x, { correction: 0 }), { rtol: 1e-9, atol: 1e-9 });
      expect(checkVjp((v) => variance(v!, { axis: -1, correction: 0 }), [x], RAISE).ok).toBe(true);
    },
  );

  it("second order", () => {
    expect(gradgradcheck((x) => variance(x!, { axis: 0 }), [A], RAISE).ok).toBe(true);
  });
});

describe("std", () => {
  it("forward: hand values; √variance", () => {
    assertClose(std(f64([2, 4, 4, 4, 5, 5, 7, 9]), { correction: 0 }), 2);
    assertClose(std(A, { axis: 1 }), sqrt(variance(A, { axis: 1 })));
  });

  it("gradcheck away from zero spread", () => {
    expect(gradcheck((x) => std(x!, { axis: 1 }), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => std(x!, { axis: [1, 2], correction: 0 }), [X3], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => std(x!, { axis: 0 }), [A], RAISE).ok).toBe(true);
  });
});

describe("linear", () => {
  const W = f64([
    [0.5, -1, 2],
    [1.5, 0.2, -0.7],
  ]);
  const BIAS = f64([0.1, -0.3]);

  it("forward: hand values; x Wᵀ + b", () => {
    assertClose(linear(f64([[1, 2]]), f64([[1, 1]]), f64([10])), [[13]]);
    assertClose(linear(A, W, BIAS), add(matmul(A, transpose(W)), BIAS));
    assertClose(linear(ROW, W), matmul(W, ROW));
  });

  it("gradcheck per input, with and without bias, batched input", () => {
    expect(gradcheck((x, w, b) => linear(x!, w!, b!), [A, W, BIAS], RAISE).ok).toBe(true);
    expect(gradcheck((x, w) => linear(x!, w!), [X3.reshape([2, 4, 3]), W], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x, w, b) => square(linear(x!, w!, b!)), [A, W, BIAS], RAISE).ok).toBe(true);
  });
});

describe("minimum", () => {
  it("forward: hand values; ≡ −maximum(−a, −b); ties split the gradient", () => {
    assertClose(minimum(f64([1, 5]), 3), [1, 3]);
    assertClose(minimum(A, ROW), neg(maximum(neg(A), neg(ROW))));
    const a = tensor(f64([1, 2]), { requiresGrad: true });
    const b = tensor(f64([1, 0]), { requiresGrad: true });
    minimum(a, b).sum().backward();
    assertClose(a.grad!, [0.5, 0]);
    assertClose(b.grad!, [0.5, 1]);
  });

  it("gradcheck per input, broadcast, away from ties", () => {
    expect(gradcheck((a, b) => minimum(a!, b!), [A, ROW], RAISE).ok).toBe(true);
  });

  test.prop([arbBroadcastShapes(2, { maxRank: 3, maxSize: 3 }).chain(([sa, sb]) => fc.tuple(arbTensor({ shape: sa }), arbTensor({ shape: sb })))], {
    numRuns: 25,
  })("random-direction vjp, away from ties", ([a, b]) => {
    let gap = Infinity;
    for (const d of T.abs(T.sub(a.data, b.data)).toTypedArray()) gap = Math.min(gap, d);
    fc.pre(gap > 1e-3);
    expect(checkVjp((x, y) => minimum(x!, y!), [a, b], RAISE).ok).toBe(true);
  });
});

describe("clamp", () => {
  it("forward: hand values; either bound optional", () => {
    assertClose(clamp(f64([-2, 0.5, 3]), 0, 1), [0, 0.5, 1]);
    assertClose(clamp(f64([-2, 0.5, 3]), 0), [0, 0.5, 3]);
    assertClose(clamp(f64([-2, 0.5, 3]), undefined, 1), [-2, 0.5, 1]);
  });

  it("gradcheck away from the bounds: 1 inside, 0 outside", () => {
    expect(gradcheck((x) => clamp(x!, -1, 1), [A], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => clamp(x, -1, 1), A), [
      [1, 0, 1],
      [0, 1, 0],
    ]);
  });

  it("the gradient at a bound is 1, as PyTorch's clamp_backward (min ≤ x ≤ max, bounds included)", () => {
    // torch.clamp(torch.tensor([0., 1.], requires_grad=True), 0, 1).sum().backward() -> grad [1., 1.]
    assertClose(gradOf((x) => clamp(x, 0, 1), f64([0, 1])), [1, 1]);
    assertClose(gradOf((x) => clamp(x, 0, 1), f64([-0.5, 0, 0.5, 1, 1.5])), [0, 1, 1, 1, 0]);
    // one-sided: at the bound and on both sides
    assertClose(gradOf((x) => clamp(x, 0), f64([-1, 0, 1])), [0, 1, 1]);
    assertClose(gradOf((x) => clamp(x, undefined, 0), f64([-1, 0, 1])), [1, 1, 0]);
    // a degenerate interval min = max: the one point passes the gradient
    assertClose(gradOf((x) => clamp(x, 2, 2), f64([1, 2, 3])), [0, 1, 0]);
    // NaN stays NaN (PyTorch's value); its gradient is 1 here (PyTorch's is 0), so that every
    // condition stays a comparison with a bound, the form the ONNX exporter maps
    expect(Number.isNaN(clamp(f64([NaN]), 0, 1).item())).toBe(true);
    assertClose(gradOf((x) => clamp(x, 0, 1), f64([NaN, 0.5])), [1, 1]);
    expect(Number.isNaN(clamp(f64([NaN]), 3, 1).item())).toBe(true);
    expect(() => clamp(f64([1]), NaN)).toThrow(/^clamp: expected min as a number/);
    expect(() => clamp(f64([1]), 0, NaN)).toThrow(/^clamp: expected max as a number/);
    assertClose(clamp(f64([-Infinity, 2, Infinity]), -Infinity, 1), [-Infinity, 1, 1]);
    // min > max: PyTorch's value is max everywhere, and no gradient passes
    assertClose(clamp(f64([-1, 5]), 3, 1), [1, 1]);
    assertClose(gradOf((x) => clamp(x, 3, 1), f64([-1, 2, 5])), [0, 0, 0]);
    // the method form and the hardtanh contrast (hardtanh: 0 at its bounds, as PyTorch's)
    const v = tensor(f64([0, 1]), { requiresGrad: true });
    v.clamp(0, 1).sum().backward();
    assertClose(v.grad!, [1, 1]);
    assertClose(gradOf((x) => hardtanh(x, 0, 1), f64([-0.5, 0, 0.5, 1, 1.5])), [0, 0, 1, 0, 0]);
    assertClose(gradOf((x) => relu6(x), f64([-1, 0, 3, 6, 7])), [0, 0, 1, 0, 0]);
  });

  test.prop([arbTensor({ maxRank: 3, maxSize: 4 }), fc.integer({ min: -2, max: 2 }), fc.integer({ min: 0, max: 3 })], { numRuns: 25 })(
    "the gradient is the indicator of min ≤ x ≤ max on values that hit the bounds exactly",
    (x, lo, width) => {
      // round to halves so that many elements land on a bound
      const v = tensor(T.div(T.round(T.mul(x.data, 2)), 2), { requiresGrad: true });
      const hi = lo + width / 2;
      const out = clamp(v, lo, hi);
      out.sum().backward();
      const xs = v.data.toTypedArray();
      // (+ 0: −0 and 0 are the same value here)
      expect(Array.from(out.data.toTypedArray(), (e) => e + 0)).toEqual(Array.from(xs, (e) => Math.min(Math.max(e, lo), hi) + 0));
      expect(Array.from(v.grad!.data.toTypedArray())).toEqual(Array.from(xs, (e) => (e >= lo && e <= hi ? 1 : 0)));
    },
  );

  it("gradcheck inside and outside the bounds; second order is 0 (the first derivative is a constant mask)", () => {
    expect(gradcheck((x) => clamp(x!, -1, 1), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => clamp(x!, 0), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => clamp(x!, undefined, 0.5), [A], RAISE).ok).toBe(true);
    expect(gradgradcheck((x) => clamp(x!, -1, 1), [A], RAISE).ok).toBe(true);
    expect(gradgradcheck((x) => mul(clamp(x!, -1, 1), x!), [A], RAISE).ok).toBe(true);
    const v = tensor(f64([-2, -1, 0, 1, 2]), { requiresGrad: true });
    const [g] = grad(clamp(v, -1, 1).mul(v).sum(), v, { createGraph: true });
    // d/dx (x·clamp(x)) = clamp(x) + x·[−1 ≤ x ≤ 1]; its derivative is [inside]·2 (0 outside)
    assertClose(g!, [-1, -2, 0, 2, 1]);
    const [gg] = grad(g!.sum(), v);
    assertClose(gg!, [0, 2, 2, 2, 0]);
  });
});

describe("leakyRelu", () => {
  it("forward: hand values", () => {
    assertClose(leakyRelu(f64([-10, 2]), 0.1), [-1, 2]);
    assertClose(leakyRelu(f64([-100, 0, 3])), [-1, 0, 3]);
  });

  it("gradcheck away from 0: the slope on negatives", () => {
    expect(gradcheck((x) => leakyRelu(x!, 0.2), [A], RAISE).ok).toBe(true);
    assertClose(gradOf((x) => leakyRelu(x, 0.2), A), [
      [1, 0.2, 1],
      [1, 0.2, 1],
    ]);
  });
});

describe("gelu", () => {
  const reference = (x: number): number => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

  it("forward: the tanh approximation", () => {
    const xs = [-3, -0.5, 0, 0.5, 3];
    assertClose(gelu(f64(xs), { approximate: "tanh" }), xs.map(reference), { rtol: 1e-12, atol: 1e-15 });
  });

  it("forward: exact by default, x·Φ(x) (Φ(1) = 0.8413447460685429)", () => {
    assertClose(gelu(f64([-1, 0, 1])), [-1 + 0.8413447460685429, 0, 0.8413447460685429], { rtol: 1e-12, atol: 1e-15 });
    expect(() => gelu(f64([1]), { approximate: "fast" as "tanh" })).toThrow(/gelu: approximate must be "none" or "tanh"/);
  });

  it("gradcheck", () => {
    expect(gradcheck((x) => gelu(x!), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => gelu(x!, { approximate: "tanh" }), [A], RAISE).ok).toBe(true);
  });

  test.prop([arbTensor({ maxRank: 3, maxSize: 3 })], { numRuns: 25 })("random-direction vjp", (x) => {
    expect(checkVjp((v) => gelu(v!), [x], RAISE).ok).toBe(true);
  });

  it("second order", () => {
    expect(gradgradcheck((x) => gelu(x!), [A], RAISE).ok).toBe(true);
  });
});

describe("transpose", () => {
  it("forward: the last two axes by default; ≡ permute; 1-D unchanged", () => {
    assertClose(transpose(A), [
      [0.3, 1.5],
      [-1.2, -0.4],
      [0.7, 2.2],
    ]);
    assertClose(transpose(X3, 0, 2), permute(X3, [2, 1, 0]));
    const v = tensor(ROW);
    expect(transpose(v)).toBe(v);
  });

  it("gradcheck", () => {
    expect(gradcheck((x) => transpose(x!), [X3], RAISE).ok).toBe(true);
    expect(gradcheck((x) => transpose(x!, 0, -1), [X3], RAISE).ok).toBe(true);
  });
});

describe("squeeze, unsqueeze and flatten", () => {
  it("forward: shapes", () => {
    expect(squeeze(f64([[1], [2]])).shape).toEqual([2]);
    expect(squeeze(tensor(T.zeros([1, 2, 1])), 0).shape).toEqual([2, 1]);
    expect(unsqueeze(ROW, 0).shape).toEqual([1, 3]);
    expect(unsqueeze(ROW, -1).shape).toEqual([3, 1]);
    expect(flatten(X3).shape).toEqual([24]);
    expect(flatten(X3, 1).shape).toEqual([2, 12]);
    assertClose(flatten(A), [0.3, -1.2, 0.7, 1.5, -0.4, 2.2]);
  });

  it("gradcheck", () => {
    expect(gradcheck((x) => squeeze(x!, [0, 2]), [X3.reshape([1, 6, 1, 4])], RAISE).ok).toBe(true);
    expect(gradcheck((x) => unsqueeze(x!, 1), [A], RAISE).ok).toBe(true);
    expect(gradcheck((x) => flatten(x!, 0, 1), [X3], RAISE).ok).toBe(true);
  });
});

describe("expand", () => {
  it("forward: -1 keeps a size", () => {
    assertClose(expand(f64([[1], [2]]), [-1, 3]), [
      [1, 1, 1],
      [2, 2, 2],
    ]);
  });

  it("gradcheck: the gradient is summed back", () => {
    expect(gradcheck((x) => expand(x!, [4, -1, 3]), [f64([[1], [2]])], RAISE).ok).toBe(true);
  });
});

describe("stack", () => {
  it("forward: a new axis; ≡ concat of unsqueezed inputs; unequal shapes are a ShapeError", () => {
    expect(stack([f64([1, 2]), f64([3, 4])]).shape).toEqual([2, 2]);
    assertClose(stack([A, A], 1), concat([unsqueeze(A, 1), unsqueeze(A, 1)], 1));
    assertClose(stack([f64([1, 2]), f64([3, 4])], -1), [
      [1, 3],
      [2, 4],
    ]);
    expect(() => stack([A, ROW])).toThrow(T.ShapeError);
  });

  it("gradcheck per input", () => {
    expect(gradcheck((a, b, c) => stack([a!, b!, c!], 2), [A, A, A], RAISE).ok).toBe(true);
  });
});

describe("square", () => {
  it("forward: x · x", () => {
    assertClose(square(f64([3, -2])), [9, 4]);
  });

  it("gradcheck: 2x; second order: 2", () => {
    expect(gradcheck((x) => square(x!), [A], RAISE).ok).toBe(true);
    expect(gradgradcheck((x) => square(x!), [A], RAISE).ok).toBe(true);
    const x = tensor(f64([1.5, -2]), { requiresGrad: true });
    const [d1] = grad(sum(square(x)), x, { createGraph: true });
    assertClose(d1!, [3, -4]);
    const [d2] = grad(sum(d1!), x);
    assertClose(d2!, [2, 2]);
  });
});

describe("sqrtEps", () => {
  it("forward: √(x + eps)", () => {
    assertClose(sqrtEps(f64([4]), 0), [2]);
    assertClose(sqrtEps(f64([0]), 1e-4), [1e-2]);
  });

  it("gradcheck at 0 with a floor", () => {
    expect(gradcheck((x) => sqrtEps(x!, 1), [f64([0, 1, 3])], RAISE).ok).toBe(true);
  });
});

describe("sub as a composite identity", () => {
  test.prop([arbBroadcastShapes(2, { maxRank: 3, maxSize: 3 }).chain(([sa, sb]) => fc.tuple(arbTensor({ shape: sa }), arbTensor({ shape: sb })))], {
    numRuns: 25,
  })("sub(a, b) ≡ add(a, neg(b)): values and gradients", ([a, b]) => {
    assertClose(sub(a, b), add(a, neg(b)));
    const u = T.randn(T.broadcastShapes("test", a.shape, b.shape), { seed: 1, dtype: "float64" });
    const grads = (f: (x: Tensor, y: Tensor) => Tensor): T.NDArray[] => {
      const va = tensor(a, { requiresGrad: true });
      const vb = tensor(b, { requiresGrad: true });
      return grad(f(va, vb), [va, vb], { gradOutputs: [u] }).map((g) => g!.data);
    };
    const [ga, gb] = grads(sub);
    const [ha, hb] = grads((x, y) => add(x, neg(y)));
    assertClose(ga!, ha!);
    assertClose(gb!, hb!);
  });
});
