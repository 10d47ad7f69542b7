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
    expect(x.toString()).toMatch(/^variable\(\[1\., 2\.\], requiresGrad=true\)$/);
    expect(x.mul(2).toString()).toMatch(/^variable\(\[2\., 4\.\], gradFn=mul\)$/);
    expect(tensor([1, 2]).toString()).toBe("tensor([1., 2.])");
    expect(String(tensor(3, { dtype: "float64" }))).toMatch(/variable\(3\..*float64/);
  });
});

describe("method forms equal the free functions", () => {
  const x = (): Tensor => tensor([[0.5, 1.5, 2], [3, 0.25, 1]], { requiresGrad: true, dtype: "float64" });
  const other = tensor([[2, 0.5, 1], [1, 3, 0.5]], { dtype: "float64" });
  const square = tensor([[1, 2], [3, 4], [5, 6]], { dtype: "float64" });
  type Case = [method: string, call: (v: Tensor) => Tensor, free: (v: Tensor) => Tensor];
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
  ];

  it("every op method of Tensor is covered here", () => {
    const nonOps = new Set(["constructor", "data", "version", "requiresGrad", "isLeaf", "shape", "dtype", "ndim", "size"]);
    const ownApi = new Set(["backward", "detach", "zeroGrad", "item", "registerHook", "toString"]);
    const methods = Object.getOwnPropertyNames(Tensor.prototype).filter((m) => !nonOps.has(m) && !ownApi.has(m));
    expect(new Set(methods)).toEqual(new Set(cases.map(([m]) => m)));
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
    const g = T.ones(viaMethod.shape, { dtype: "float64" });
    viaMethod.backward(g);
    viaFunction.backward(g);
    expect(a.grad!.data.toArray()).toEqual(b.grad!.data.toArray());
  });
});
