// The Tensor API: properties, backward, detach, zeroGrad, item, tensor(), toString and
// the method forms of the ops (each must be the free function, not a second implementation).
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import * as ag from "@tsgrad/autograd";
import { Tensor, tensor } from "@tsgrad/autograd";

describe("tensor()", () => {
  it("converts nested arrays, typed arrays, numbers and NDArrays", () => {
    const a = tensor([[1, 2], [3, 4]]);
    expect(a.shape).toEqual([2, 2]);
    expect(a.dtype).toBe("float32");
    expect(a.ndim).toBe(2);
    expect(a.size).toBe(4);
    expect(tensor(new Float64Array([1, 2])).dtype).toBe("float64");
    const s = tensor(3);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3);
    const t = T.ndarray([1, 2]);
    expect(tensor(t).data).toBe(t);
    const converted = tensor(t, { dtype: "float64" });
    expect(converted.dtype).toBe("float64");
    expect(converted.data.toArray()).toEqual([1, 2]);
  });

  it("takes requiresGrad, dtype and name; the result is a leaf", () => {
    const w = tensor([1, 2], { requiresGrad: true, dtype: "float64", name: "w" });
    expect(w.requiresGrad).toBe(true);
    expect(w.dtype).toBe("float64");
    expect(w.name).toBe("w");
    expect(w.isLeaf).toBe(true);
    expect(w.node).toBeNull();
    expect(w.grad).toBeNull();
    expect(tensor([1]).requiresGrad).toBe(false);
  });

  it("int32 cannot require grad", () => {
    expect(() => tensor([1, 2], { dtype: "int32", requiresGrad: true })).toThrow(T.TsgradError);
    expect(() => tensor([1, 2], { dtype: "int32", requiresGrad: true })).toThrow(/int32/);
    const i = tensor([1, 2], { dtype: "int32" });
    expect(() => {
      i.requiresGrad = true;
    }).toThrow(/only float32 and float64.*int32/);
    expect(i.requiresGrad).toBe(false);
  });

  it("the constructor wants an NDArray", () => {
    expect(() => new Tensor([1, 2] as unknown as T.NDArray)).toThrow(/must be an NDArray/);
    expect(new Tensor(T.ones([2]), { requiresGrad: true }).requiresGrad).toBe(true);
  });
});

describe("Tensor properties", () => {
  it("isLeaf is false for results of recorded ops, true for results without grad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
    expect(y.node!.primitive.name).toBe("mul");
    const c = tensor([1, 2]).mul(2);
    expect(c.isLeaf).toBe(true);
    expect(c.requiresGrad).toBe(false);
  });

  it("requiresGrad can be changed on leaves only", () => {
    const x = tensor([1, 2]);
    x.requiresGrad = true;
    expect(x.requiresGrad).toBe(true);
    const y = x.mul(2);
    expect(y.requiresGrad).toBe(true);
    x.requiresGrad = false;
    expect(x.requiresGrad).toBe(false);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(/non-leaf.*detach/);
    expect(y.requiresGrad).toBe(true);
  });

  it("a leaf switched to requiresGrad is picked up by the next graph", () => {
    const x = tensor([2, 3]);
    expect(x.mul(x).requiresGrad).toBe(false);
    x.requiresGrad = true;
    x.mul(x).sum().backward();
    expect(x.grad!.data.toArray()).toEqual([4, 6]);
  });

  it("data can be replaced with an NDArray (bumping the version), nothing else", () => {
    const x = tensor([1, 2]);
    const v0 = x.version;
    x.data = T.ndarray([3, 4]);
    expect(x.data.toArray()).toEqual([3, 4]);
    expect(x.version).toBe(v0 + 1);
    expect(() => {
      x.data = [5, 6] as unknown as T.NDArray;
    }).toThrow(/must be assigned an NDArray/);
    expect(x.data.toArray()).toEqual([3, 4]);
  });

  it("item() reads a one-element Tensor and refuses a larger one", () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(() => tensor([1, 2]).item()).toThrow(T.TsgradError);
  });
});

describe("backward, detach, zeroGrad", () => {
  it("backward(gradOutput) weights the outputs", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true, dtype: "float64" });
    x.mul(x).backward(T.ndarray([1, 0, -1], { dtype: "float64" }));
    expect(x.grad!.data.toArray()).toEqual([2, 0, -6]);
  });

  it("backward on a leaf puts the gradient into it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.backward(T.ndarray([3, 4]));
    expect(x.grad!.data.toArray()).toEqual([3, 4]);
    expect(x.grad!.requiresGrad).toBe(false);
  });

  it("detach() shares the data, cuts the graph and does not require grad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.data).toBe(y.data);
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    d.mul(x).sum().backward();
    expect(x.grad!.data.toArray()).toEqual([2, 4]); // d is a constant
  });

  it("zeroGrad() sets grad to null", () => {
    const x = tensor([1], { requiresGrad: true });
    x.mul(5).sum().backward();
    expect(x.grad!.item()).toBe(5);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });
});

describe("toString", () => {
  it("shows the data and, when set, the op or requiresGrad", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.toString()).toBe("tensor([1., 2.], requiresGrad=true)");
    expect(x.mul(2).toString()).toBe("tensor([2., 4.], gradFn=mul)");
    expect(tensor([1, 2]).toString()).toBe("tensor([1., 2.])");
    expect(String(tensor(3, { dtype: "float64" }))).toBe("tensor(3., dtype=float64)");
  });
});

describe("method forms equal the free functions", () => {
  const x = (): Tensor => tensor([[0.5, 1.5, 2], [3, 0.25, 1]], { requiresGrad: true, dtype: "float64" });
  const other = tensor([[2, 0.5, 1], [1, 3, 0.5]], { dtype: "float64" });
  const square = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });
  const row = tensor([0.5, 0.25, 2], { dtype: "float64" });
  const pick = tensor([[2, 0, 0], [1, 1, 2]], { dtype: "int32" });
  const columns = tensor([2, 0], { dtype: "int32" });
  type Case = [method: string, call: (v: Tensor) => Tensor, free: (v: Tensor) => Tensor];
  // Differentiable ops: values, the recorded primitive and the gradients must agree.
  const cases: Case[] = [
    ["add", (v) => v.add(other), (v) => ag.add(v, other)],
    ["sub", (v) => v.sub(other), (v) => ag.sub(v, other)],
    ["mul", (v) => v.mul(other), (v) => ag.mul(v, other)],
    ["div", (v) => v.div(other), (v) => ag.div(v, other)],
    ["pow", (v) => v.pow(other), (v) => ag.pow(v, other)],
    ["maximum", (v) => v.maximum(other), (v) => ag.maximum(v, other)],
    ["neg", (v) => v.neg(), (v) => ag.neg(v)],
    ["sqrt", (v) => v.sqrt(), (v) => ag.sqrt(v)],
    ["exp", (v) => v.exp(), (v) => ag.exp(v)],
    ["log", (v) => v.log(), (v) => ag.log(v)],
    ["tanh", (v) => v.tanh(), (v) => ag.tanh(v)],
    ["sigmoid", (v) => v.sigmoid(), (v) => ag.sigmoid(v)],
    ["relu", (v) => v.relu(), (v) => ag.relu(v)],
    ["abs", (v) => v.abs(), (v) => ag.abs(v)],
    ["square", (v) => v.square(), (v) => ag.square(v)],
    ["sum", (v) => v.sum({ axis: 1 }), (v) => ag.sum(v, { axis: 1 })],
    ["mean", (v) => v.mean({ axis: 0, keepdims: true }), (v) => ag.mean(v, { axis: 0, keepdims: true })],
    ["max", (v) => v.max({ axis: 1 }), (v) => ag.max(v, { axis: 1 })],
    ["min", (v) => v.min(), (v) => ag.min(v)],
    ["matmul", (v) => v.matmul(square), (v) => ag.matmul(v, square)],
    ["reshape", (v) => v.reshape([3, -1]), (v) => ag.reshape(v, [3, -1])],
    ["transpose", (v) => v.transpose(), (v) => ag.transpose(v)],
    ["permute", (v) => v.permute([1, 0]), (v) => ag.permute(v, [1, 0])],
    ["broadcastTo", (v) => v.broadcastTo([4, 2, 3]), (v) => ag.broadcastTo(v, [4, 2, 3])],
    ["squeeze", (v) => v.reshape([1, 2, 3]).squeeze(0), (v) => ag.squeeze(ag.reshape(v, [1, 2, 3]), 0)],
    ["unsqueeze", (v) => v.unsqueeze(1), (v) => ag.unsqueeze(v, 1)],
    ["flatten", (v) => v.flatten(), (v) => ag.flatten(v)],
    ["slice", (v) => v.slice([null, [1, 3]]), (v) => ag.slice(v, [null, [1, 3]])],
    ["minimum", (v) => v.minimum(other), (v) => ag.minimum(v, other)],
    ["erf", (v) => v.erf(), (v) => ag.erf(v)],
    ["sin", (v) => v.sin(), (v) => ag.sin(v)],
    ["cos", (v) => v.cos(), (v) => ag.cos(v)],
    ["gelu", (v) => v.gelu({ approximate: "tanh" }), (v) => ag.gelu(v, { approximate: "tanh" })],
    ["leakyRelu", (v) => v.leakyRelu(0.2), (v) => ag.leakyRelu(v, 0.2)],
    ["clamp", (v) => v.clamp(0.4, 2), (v) => ag.clamp(v, 0.4, 2)],
    ["variance", (v) => v.variance(1, { keepdims: true }), (v) => ag.variance(v, 1, { keepdims: true })],
    ["std", (v) => v.std({ axis: 0, correction: 0 }), (v) => ag.std(v, { axis: 0, correction: 0 })],
    ["logSumExp", (v) => v.logSumExp(1, true), (v) => ag.logSumExp(v, 1, true)],
    ["softmax", (v) => v.softmax(0), (v) => ag.softmax(v, 0)],
    ["logSoftmax", (v) => v.logSoftmax(), (v) => ag.logSoftmax(v)],
    ["gather", (v) => v.gather(1, pick), (v) => ag.gather(v, 1, pick)],
    ["indexSelect", (v) => v.indexSelect(1, columns), (v) => ag.indexSelect(v, 1, columns)],
    ["expand", (v) => v.reshape([2, 1, 3]).expand([-1, 4, -1]), (v) => ag.expand(ag.reshape(v, [2, 1, 3]), [-1, 4, -1])],
    ["astype", (v) => v.astype("float32"), (v) => ag.cast(v, "float32")],
    // clone has no free function of its own: it is mul(x, 1), a copy that stays in the graph.
    ["clone", (v) => v.clone(), (v) => ag.mul(v, 1)],
  ];
  // Not differentiable: int32 results that carry no gradient; values and dtype must agree.
  const constantCases: Case[] = [
    ["eq", (v) => v.eq(row), (v) => ag.eq(v, row)],
    ["ne", (v) => v.ne(row), (v) => ag.ne(v, row)],
    ["lt", (v) => v.lt(row), (v) => ag.lt(v, row)],
    ["le", (v) => v.le(row), (v) => ag.le(v, row)],
    ["gt", (v) => v.gt(1), (v) => ag.gt(v, 1)],
    ["ge", (v) => v.ge(other), (v) => ag.ge(v, other)],
    ["argmax", (v) => v.argmax(1), (v) => ag.argmax(v, 1)],
    ["argmin", (v) => v.argmin({ axis: 0, keepdims: true }), (v) => ag.argmin(v, { axis: 0, keepdims: true })],
  ];

  // Tensor's own prototype holds its op methods and these; the rest of the API is TensorBase's.
  const notOps = new Set(["constructor", "wrapData", "backward", "detach"]);
  const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((m) => !notOps.has(m));
  // A method without arguments whose free function has its name (x.log1p() and log1p(x)) needs
  // no entry above: it is checked the same way, so adding a unary op touches no list here.
  const listed = new Set([...cases, ...constantCases].map(([m]) => m));
  const free = ag as unknown as Record<string, ((v: Tensor) => Tensor) | undefined>;
  for (const m of methods) {
    const method: unknown = Object.getOwnPropertyDescriptor(Tensor.prototype, m)?.value;
    const f = free[m];
    if (listed.has(m) || typeof method !== "function" || method.length !== 0 || typeof f !== "function") continue;
    cases.push([m, (v) => (method as (this: Tensor) => Tensor).call(v), (v) => f(v)]);
  }

  it("an op method's length is its parameter count, parameters with defaults included (the fuzzers read it)", () => {
    const lengths = (names: string[]): number[] => names.map((m) => (Object.getOwnPropertyDescriptor(Tensor.prototype, m)?.value as (...a: unknown[]) => unknown).length);
    expect(lengths(["sinh", "add", "sum", "gather", "transpose", "flatten", "leakyRelu", "gelu", "logSumExp", "softmax"])).toEqual([0, 1, 2, 2, 2, 2, 1, 1, 2, 1]);
    expect(Object.keys(Tensor.prototype).filter((m) => methods.includes(m)), "op methods are not enumerable, like a class's").toEqual([]);
  });

  it("every op method of Tensor is covered here", () => {
    const covered = [...cases, ...constantCases].map(([m]) => m);
    expect(covered.length).toBe(new Set(covered).size);
    expect(new Set(methods)).toEqual(new Set(covered));
  });

  it.each(constantCases)("%s (not differentiable)", (_, call, free) => {
    const a = x();
    const viaMethod = call(a);
    const viaFunction = free(x());
    expect(viaMethod.dtype).toBe("int32");
    expect(viaFunction.dtype).toBe("int32");
    expect(viaMethod.shape).toEqual(viaFunction.shape);
    expect(viaMethod.data.toArray()).toEqual(viaFunction.data.toArray());
    for (const r of [viaMethod, viaFunction]) {
      expect(r.requiresGrad).toBe(false);
      expect(r.node).toBeNull();
    }
  });

  it.each(cases)("%s", (_, call, free) => {
    const a = x();
    const b = x();
    const viaMethod = call(a);
    const viaFunction = free(b);
    expect(viaMethod.shape).toEqual(viaFunction.shape);
    expect(viaMethod.dtype).toBe(viaFunction.dtype);
    expect(viaMethod.data.toArray()).toEqual(viaFunction.data.toArray());
    expect(viaMethod.node?.primitive.name).toBe(viaFunction.node?.primitive.name);
    const g = T.ones(viaMethod.shape, { dtype: viaMethod.dtype });
    viaMethod.backward(g);
    viaFunction.backward(g);
    expect(a.grad!.data.toArray()).toEqual(b.grad!.data.toArray());
  });
});
