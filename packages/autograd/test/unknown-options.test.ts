// Every function, method and constructor of @tsgrad/autograd that takes an options object refuses
// a key it does not know (`tensor([2], { requires_grad: true })`, `x.sum(0, { keepdim: true })`)
// with a ValueError naming the public call: one table row per call, found complete from the exports.
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import * as A from "@tsgrad/autograd";
import { type CustomOpDefinition, Tensor, tensor } from "@tsgrad/autograd";
import { type OptionsCall, describeUnknownOptions, optionsRow } from "../../ndarray/test/unknown-options-helpers.js";

const CREATION = ["dtype", "requiresGrad"];
const RANDOM = ["seed", "generator", "dtype", "requiresGrad"];
const REDUCE = ["axis", "keepdims"];
const VARIANCE = ["axis", "keepdims", "correction"];
const CONV2D = ["stride", "padding", "dilation", "groups"];
const AVG_POOL2D = ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"];
const MAX_POOL2D = [...AVG_POOL2D, "dilation"];
const BATCH_NORM = ["eps", "axes"];

/** Tensors made fresh for each run of a row (and observed for changes). */
type Make = () => Tensor[];

function row(id: string, known: readonly string[], misspelt: string, valid: Record<string, unknown>, make: Make, call: (xs: Tensor[], o: never) => unknown, name = id): OptionsCall {
  return optionsRow(id, known, misspelt, valid, make, call, name);
}

const none: Make = () => [];
const matrix: Make = () => [tensor([[1, 2, 3], [4, 6, 9]], { requiresGrad: true })];
const batch: Make = () => [tensor([[1, 2], [3, 5], [4, 4], [0, 1]], { requiresGrad: true }), tensor([1, 1]), tensor([0, 0])];
const image: Make = () => [tensor(T.arange(16).reshape([1, 1, 4, 4]), { requiresGrad: true }), tensor(T.ones([1, 1, 2, 2])), tensor(T.ones([1, 1, 3, 3]))];
const signal: Make = () => [tensor([[[1, 5, 2, 4]]], { requiresGrad: true }), tensor([[[1, -1]]])];
const graph: Make = () => {
  const x = tensor([1, 2], { requiresGrad: true });
  return [x, x.mul(x).sum()];
};

/** Rows for a function and its Tensor method, both named `name`. */
function fnAndMethod(name: string, known: readonly string[], misspelt: string, valid: Record<string, unknown>, make: Make, fn: (x: Tensor, o: never) => unknown): OptionsCall[] {
  const method = (x: Tensor, o: never): unknown => (x as unknown as Record<string, (o: never) => unknown>)[name]!(o);
  return [row(name, known, misspelt, valid, make, ([x], o) => fn(x!, o)), row(`Tensor#${name}`, known, misspelt, valid, make, ([x], o) => method(x!, o), name)];
}

const square: CustomOpDefinition = { name: "square", forward: (x) => T.mul(x, x), vjp: (g, { inputs: [x] }) => [A.mul(g, A.mul(x!, 2))] };

const CALLS: OptionsCall[] = [
  row("tensor", ["requiresGrad", "dtype", "name"], "requires_grad", { requiresGrad: true, name: "w" }, none, (_, o) => tensor([2], o)),
  row("zeros", CREATION, "requires_grad", { requiresGrad: true }, none, (_, o) => A.zeros([2], o)),
  row("ones", CREATION, "dtyp", { dtype: "float64" }, none, (_, o) => A.ones([2], o)),
  row("full", CREATION, "requiresgrad", {}, none, (_, o) => A.full([2], 7, o)),
  row("zerosLike", CREATION, "device", {}, matrix, ([x], o) => A.zerosLike(x!, o)),
  row("onesLike", CREATION, "requires_grad", { requiresGrad: true }, matrix, ([x], o) => A.onesLike(x!, o)),
  row("fullLike", CREATION, "dtypes", {}, matrix, ([x], o) => A.fullLike(x!, 5, o)),
  row("arange", CREATION, "requires_grad", {}, none, (_, o) => A.arange(0, 3, 1, o)),
  row("linspace", CREATION, "steps", {}, none, (_, o) => A.linspace(0, 1, 3, o)),
  row("eye", CREATION, "requires_grad", { dtype: "float64" }, none, (_, o) => A.eye(2, 2, o)),
  row("rand", RANDOM, "requires_grad", { seed: 1, requiresGrad: true }, none, (_, o) => A.rand([2], o)),
  row("randn", RANDOM, "generater", { seed: 1 }, none, (_, o) => A.randn([2], o)),
  row("randint", RANDOM, "size", { seed: 1 }, none, (_, o) => A.randint(0, 4, [2], o)),
  row("randLike", RANDOM, "requires_grad", { seed: 1 }, matrix, ([x], o) => A.randLike(x!, o)),
  row("randnLike", RANDOM, "Seed", { seed: 1 }, matrix, ([x], o) => A.randnLike(x!, o)),
  row("TensorBase", ["requiresGrad", "name"], "requires_grad", { requiresGrad: true }, none, (_, o) => new Tensor(T.ones([2]), o), "Tensor"),
  row("Tensor#backward", ["createGraph", "retainGraph"], "retain_graph", { retainGraph: true }, graph, ([, y], o) => y!.backward(undefined, o), "backward"),
  row("backward", ["createGraph", "retainGraph"], "create_graph", {}, graph, ([, y], o) => A.backward([y!], undefined, o)),
  row("grad", ["gradOutputs", "createGraph", "retainGraph", "allowUnused"], "allow_unused", { createGraph: true }, graph, ([x, y], o) => A.grad(y!, x!, o)),
  ...fnAndMethod("sum", REDUCE, "keepdim", { axis: 0 }, matrix, (x, o) => A.sum(x, o)),
  ...fnAndMethod("mean", REDUCE, "dim", { keepdims: true }, matrix, (x, o) => A.mean(x, o)),
  ...fnAndMethod("max", REDUCE, "keep_dims", { axis: 1 }, matrix, (x, o) => A.max(x, o)),
  ...fnAndMethod("min", REDUCE, "keepdim", {}, matrix, (x, o) => A.min(x, o)),
  ...fnAndMethod("variance", VARIANCE, "unbiased", { correction: 0 }, matrix, (x, o) => A.variance(x, o)),
  ...fnAndMethod("std", VARIANCE, "ddof", { axis: 0 }, matrix, (x, o) => A.std(x, o)),
  ...fnAndMethod("argmax", REDUCE, "keepdim", { axis: 0 }, matrix, (x, o) => A.argmax(x, o)),
  ...fnAndMethod("argmin", REDUCE, "dim", {}, matrix, (x, o) => A.argmin(x, o)),
  ...fnAndMethod("gelu", ["approximate"], "approx", { approximate: "tanh" }, matrix, (x, o) => A.gelu(x, o)),
  // The reductions with the axis given positionally and the options after it.
  row("sum(x, axis, opts)", REDUCE, "keepdim", { keepdims: true }, matrix, ([x], o) => x!.sum(1, o), "sum"),
  row("variance(x, axis, opts)", VARIANCE, "unbiased", { correction: 0 }, matrix, ([x], o) => A.variance(x!, [0, 1], o), "variance"),
  row("argmax(x, axis, opts)", REDUCE, "keepdim", { keepdims: true }, matrix, ([x], o) => x!.argmax(1, o), "argmax"),
  row("softplus", ["beta", "threshold"], "Beta", { beta: 2 }, matrix, ([x], o) => A.softplus(x!, o)),
  row("groupNorm", ["eps"], "affine", { eps: 1e-3 }, () => [tensor(T.arange(24).reshape([2, 4, 3]), { requiresGrad: true })], ([x], o) => A.groupNorm(x!, 2, null, null, o)),
  row("batchNorm", BATCH_NORM, "momentum", { eps: 1e-3 }, batch, ([x, g, b], o) => A.batchNorm(x!, g!, b!, o)),
  row("batchNormWithStats", BATCH_NORM, "training", {}, batch, ([x, g, b], o) => A.batchNormWithStats(x!, g!, b!, o), "batchNorm"),
  row("batchNormInference", BATCH_NORM, "running_mean", { axes: 0 }, batch, ([x, g, b], o) => A.batchNormInference(x!, b!, g!, g!, b!, o)),
  row("fusedBatchNorm", BATCH_NORM, "momentum", {}, batch, ([x, g, b], o) => A.fusedBatchNorm(x!, g!, b!, o)),
  row("fusedBatchNormWithStats", BATCH_NORM, "Eps", { axes: [0] }, batch, ([x, g, b], o) => A.fusedBatchNormWithStats(x!, g!, b!, o), "fusedBatchNorm"),
  row("conv2d", CONV2D, "padding_mode", { padding: "same" }, image, ([x, w], o) => A.conv2d(x!, w!, null, o)),
  row("conv2dInputGrad", CONV2D, "strides", {}, image, ([, w, g], o) => A.conv2dInputGrad(g!, w!, [1, 1, 4, 4], o)),
  row("conv2dWeightGrad", CONV2D, "group", { stride: 1 }, image, ([x, , g], o) => A.conv2dWeightGrad(x!, g!, [1, 1, 2, 2], o)),
  row("conv1d", ["stride", "padding", "dilation", "groups"], "padding_mode", { padding: "same" }, signal, ([x, w], o) => A.conv1d(x!, w!, null, o)),
  row("convTranspose2d", ["stride", "padding", "outputPadding", "dilation", "groups"], "output_padding", { stride: 2 }, image, ([x, w], o) => A.convTranspose2d(x!, w!, null, o)),
  row("maxPool2d", MAX_POOL2D, "return_indices", { kernelSize: 2 }, image, ([x], o) => A.maxPool2d(x!, o)),
  row("maxPool2dWithIndices", MAX_POOL2D, "ceil_mode", { kernelSize: 2 }, image, ([x], o) => A.maxPool2dWithIndices(x!, o), "maxPool2d"),
  row("avgPool2d", AVG_POOL2D, "dilation", { kernelSize: 2 }, image, ([x], o) => A.avgPool2d(x!, o)),
  row("avgPool2dGrad", AVG_POOL2D, "count_include_pad", { kernelSize: 2 }, image, ([, w], o) => A.avgPool2dGrad(w!, [1, 1, 4, 4], o)),
  row("maxPool1d", ["kernelSize", "stride", "padding", "dilation", "ceilMode"], "kernel_size", { kernelSize: 2 }, signal, ([x], o) => A.maxPool1d(x!, o)),
  row("maxPool1dWithIndices", ["kernelSize", "stride", "padding", "dilation", "ceilMode"], "countIncludePad", { kernelSize: 2 }, signal, ([x], o) => A.maxPool1dWithIndices(x!, o), "maxPool1d"),
  row("avgPool1d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"], "dilation", { kernelSize: 2 }, signal, ([x], o) => A.avgPool1d(x!, o)),
  row(
    "scaledDotProductAttention",
    ["attnMask", "dropoutP", "isCausal", "scale", "seed", "generator"],
    "is_causal",
    { isCausal: true },
    () => [tensor(T.arange(8).reshape([1, 4, 2]), { requiresGrad: true })],
    ([q], o) => A.scaledDotProductAttention(q!, q!, q!, o),
  ),
  row("customOp", ["name", "forward", "vjp"], "jvp", { ...square }, none, (_, o) => A.customOp(o)),
];

describeUnknownOptions("unknown options of @tsgrad/autograd", A, CALLS);

describe("unknown options of @tsgrad/autograd: methods and messages", () => {
  it("every function of the table that is also a Tensor method has a row for the method", () => {
    // A method form (methodsOf) hides its parameters, so the exports do not show it takes options.
    const ids = new Set(CALLS.map((c) => c.id));
    const isMethod = (name: string): boolean => {
      for (let p: object | null = Tensor.prototype; p !== null; p = Object.getPrototypeOf(p) as object | null) {
        const d = Object.getOwnPropertyDescriptor(p, name);
        if (d !== undefined) return typeof d.value === "function";
      }
      return false;
    };
    const methods = CALLS.map((c) => c.id).filter((id) => /^\w+$/.test(id) && isMethod(id));
    expect(methods.length).toBeGreaterThanOrEqual(10);
    expect(methods.filter((m) => !ids.has(`Tensor#${m}`))).toEqual([]);
  });

  it("suggests the name meant (PyTorch's spellings)", () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => x.sum(0, { keepdim: true } as A.ReduceOptions)).toThrow(
      'sum: options: unknown option "keepdim"; expected one of axis, keepdims (did you mean "keepdims"?)',
    );
    expect(() => tensor([2], { requires_grad: true } as A.TensorOptions)).toThrow(
      'tensor: options: unknown option "requires_grad"; expected one of requiresGrad, dtype, name (did you mean "requiresGrad"?)',
    );
    expect(() => A.ones([2], { dtyp: "float64" } as A.CreationOptions)).toThrow(/^ones: options: unknown option "dtyp"; .*\(did you mean "dtype"\?\)$/);
    expect(() => A.grad(x.sum(), x, { allow_unused: true } as A.GradOptions)).toThrow(/did you mean "allowUnused"/);
  });

  it("the refused call changes nothing: no Tensor created requires grad, no gradient accumulates", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    expect(() => y.backward(undefined, { retain_graph: true } as A.BackwardOptions)).toThrow(/^backward: options: unknown option "retain_graph"/);
    expect(x.grad).toBeNull();
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });
});
