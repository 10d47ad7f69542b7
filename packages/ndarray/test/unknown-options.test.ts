// Every call of @tsgrad/ndarray that takes an options object refuses a key it does not know
// (`sum(x, { keepdim: true })`, `ones([2], { dtyp: "float64" })`) with a ValueError naming the
// call, rather than ignoring it: one table row per call, found complete from the exports.
import { describe, expect, it } from "vitest";
import * as T from "@tsgrad/ndarray";
import { type OptionsCall, describeUnknownOptions, optionsRow as row } from "./unknown-options-helpers.js";

const CREATION = ["dtype"];
const RANDOM = ["seed", "generator", "dtype"];
const REDUCE = ["axis", "keepdims"];
const VARIANCE = ["axis", "keepdims", "correction"];
const CONV = ["stride", "padding", "dilation", "groups"];
const WINDOW = ["kernelSize", "stride", "padding", "dilation"];
const AVG_POOL = ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"];

const none = (): null => null;
const matrix = (): T.NDArray => T.arange(6).reshape([2, 3]);
/** An image `x`, a 2×2 kernel `w` and the convolution's output gradient `g`. */
const image = (): { x: T.NDArray; w: T.NDArray; g: T.NDArray } => ({ x: T.arange(16).reshape([1, 1, 4, 4]), w: T.ones([1, 1, 2, 2]), g: T.ones([1, 1, 3, 3]) });

const CALLS: OptionsCall[] = [
  row("ndarray", ["dtype", "shape"], "dtyp", { shape: [2, 1] }, none, (_, o) => T.ndarray([1, 2], o)),
  row("zeros", CREATION, "dtyp", { dtype: "float64" }, none, (_, o) => T.zeros([2], o)),
  row("ones", CREATION, "dtyp", { dtype: "float64" }, none, (_, o) => T.ones([2], o)),
  row("full", CREATION, "d_type", { dtype: "int32" }, none, (_, o) => T.full([2], 3, o)),
  row("zerosLike", CREATION, "dtypes", {}, matrix, (x, o) => T.zerosLike(x, o)),
  row("onesLike", CREATION, "device", {}, matrix, (x, o) => T.onesLike(x, o)),
  row("fullLike", CREATION, "requires_grad", { dtype: "float64" }, matrix, (x, o) => T.fullLike(x, 7, o)),
  row("arange", CREATION, "dtyp", { dtype: "int32" }, none, (_, o) => T.arange(0, 3, 1, o)),
  row("linspace", CREATION, "endpoint", {}, none, (_, o) => T.linspace(0, 1, 3, o)),
  row("eye", CREATION, "dtpye", {}, none, (_, o) => T.eye(2, 3, o)),
  row("rand", RANDOM, "Seed", { seed: 1 }, none, (_, o) => T.rand([2], o)),
  row("randn", RANDOM, "generater", { seed: 1 }, none, (_, o) => T.randn([2], o)),
  row("randint", RANDOM, "size", { seed: 1 }, none, (_, o) => T.randint(0, 5, [2], o)),
  row("permutation", RANDOM, "seeds", { seed: 1 }, none, (_, o) => T.permutation(3, o)),
  row("sum", REDUCE, "keepdim", { axis: 0 }, matrix, (x, o) => T.sum(x, o)),
  row("prod", REDUCE, "dim", { axis: 0 }, matrix, (x, o) => T.prod(x, o)),
  row("mean", REDUCE, "keep_dims", { axis: 1 }, matrix, (x, o) => T.mean(x, o)),
  row("max", REDUCE, "axes", { keepdims: true }, matrix, (x, o) => T.max(x, o)),
  row("min", REDUCE, "keepdim", {}, matrix, (x, o) => T.min(x, o)),
  row("variance", VARIANCE, "unbiased", { correction: 0 }, matrix, (x, o) => T.variance(x, o)),
  row("std", VARIANCE, "ddof", { correction: 0 }, matrix, (x, o) => T.std(x, o)),
  row("moments", VARIANCE, "keepdim", { axis: 0 }, matrix, (x, o) => T.moments(x, o)),
  row("conv2d", CONV, "strides", { stride: 1 }, image, ({ x, w }, o) => T.conv2d(x, w, null, o)),
  row("conv2dInputGrad", CONV, "padding_mode", { padding: 0 }, image, ({ w, g }, o) => T.conv2dInputGrad(g, w, [1, 1, 4, 4], o)),
  row("conv2dWeightGrad", CONV, "group", {}, image, ({ x, g }, o) => T.conv2dWeightGrad(x, g, [1, 1, 2, 2], o)),
  row("im2col", WINDOW, "kernel_size", { kernelSize: 2 }, image, ({ x }, o) => T.im2col(x, o)),
  row("col2im", WINDOW, "output_size", { kernelSize: 2 }, () => T.ones([1, 4, 4]), (cols, o) => T.col2im(cols, [3, 3], o)),
  row("maxPool2d", [...AVG_POOL, "dilation"], "return_indices", { kernelSize: 2 }, image, ({ x }, o) => T.maxPool2d(x, o)),
  row("maxPool2dWithIndices", [...AVG_POOL, "dilation"], "ceil_mode", { kernelSize: 2 }, image, ({ x }, o) => T.maxPool2dWithIndices(x, o), "maxPool2d"),
  row("avgPool2d", AVG_POOL, "dilation", { kernelSize: 2 }, image, ({ x }, o) => T.avgPool2d(x, o)),
  row("avgPool2dGrad", AVG_POOL, "count_include_pad", { kernelSize: 2 }, image, ({ w }, o) => T.avgPool2dGrad(w, [1, 1, 4, 4], o)),
];

describeUnknownOptions("unknown options of @tsgrad/ndarray", T, CALLS);

describe("unknown options of @tsgrad/ndarray: messages", () => {
  it("suggests the name meant", () => {
    const x = T.arange(6).reshape([2, 3]);
    expect(() => T.sum(x, { axis: 0, keepdim: true } as T.ReduceOptions)).toThrow(
      'sum: options: unknown option "keepdim"; expected one of axis, keepdims (did you mean "keepdims"?)',
    );
    expect(() => T.ones([2], { dtyp: "float64" } as T.CreationOptions)).toThrow(/^ones: options: unknown option "dtyp"; .*\(did you mean "dtype"\?\)$/);
    expect(() => T.avgPool2d(x.reshape([1, 1, 2, 3]), { kernelSize: 1, count_include_pad: false } as T.AvgPool2dOptions)).toThrow(/did you mean "countIncludePad"/);
  });

  it("an options argument of the wrong kind is refused before any field is read", () => {
    for (const bad of [null, 3, "axis", [0]]) {
      expect(() => T.sum(T.ones([2]), bad as T.ReduceOptions)).toThrow(/^sum: options must be an object/);
      expect(() => T.zeros([2], bad as T.CreationOptions)).toThrow(/^zeros: options must be an object/);
      expect(() => T.randn([2], bad as T.RandomOptions)).toThrow(/^randn: options must be an object/);
    }
  });
});
