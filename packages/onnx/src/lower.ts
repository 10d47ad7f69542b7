// The primitive mappings: each autograd primitive recorded outside a mapped layer becomes ONNX
// nodes. Shapes in attributes are written with the batch-dependent sizes left symbolic.
import type { DType, SliceRange } from "@tsgrad/ndarray";
import { type GraphBuilder, attr, onnxType } from "./graph.js";
import type { Value } from "./layers.js";
import { convPads, emitAvgPool, onnxPads } from "./windows.js";

/** What a primitive mapping is given. @internal */
export interface NodeContext {
  readonly g: GraphBuilder;
  /** The primitive's name. */
  readonly op: string;
  /** Its attributes in the example run and in the second run (other batch size or values). */
  readonly attrs: readonly [unknown, unknown];
  readonly inputs: readonly Value[];
  /** Concrete input shapes of both runs (for attributes that hold shapes). */
  readonly inputShapes: readonly [readonly (readonly number[])[], readonly (readonly number[])[]];
  readonly output: Omit<Value, "name">;
  readonly outputShapes: readonly [readonly number[], readonly number[]];
  /** An NDArray attribute (a where condition, gather indices) as a graph value. */
  array(what: string, key: string): string;
  fail(message: string): never;
}

/** A primitive mapping: emits nodes and returns the output's value name. @internal */
export type Lowering = (c: NodeContext) => string;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** The input's name in the output's dtype (tsgrad promotes mixed dtypes; ONNX ops want one). */
function as(c: NodeContext, i: number, dtype: DType = c.output.dtype): string {
  const v = c.inputs[i]!;
  return v.dtype === dtype ? v.name : c.g.op("Cast", [v.name], { to: attr.i(onnxType(dtype)) });
}

const unary =
  (opType: string): Lowering =>
  (c) =>
    c.g.op(opType, [as(c, 0)]);

const binary =
  (opType: string): Lowering =>
  (c) =>
    c.g.op(opType, [as(c, 0), as(c, 1)]);

/** A shape for Reshape: static sizes, 0 ("copy the input's") or -1 ("the rest") where the size follows the batch. */
function reshapeTarget(c: NodeContext): { shape: (number | bigint)[]; allowzero: boolean } {
  const [inA, inB] = [c.inputShapes[0][0]!, c.inputShapes[1][0]!];
  const [outA, outB] = c.outputShapes;
  let inferred = 0;
  const shape = outA.map((d, i) => {
    if (d === outB[i]) return d;
    if (i < inA.length && inA[i] === d && inB[i] === outB[i]) return 0;
    inferred++;
    return -1;
  });
  if (inferred > 1) c.fail(`reshape to [${outA.join(", ")}] has ${inferred} sizes that change with the batch; ONNX can infer one`);
  const hasZeroSize = outA.some((d, i) => d === 0 && d === outB[i]);
  if (hasZeroSize && shape.some((d, i) => d === 0 && outA[i] !== 0)) c.fail(`reshape to [${outA.join(", ")}] mixes empty and batch-sized axes`);
  return { shape, allowzero: hasZeroSize };
}

/** Python slice semantics resolved against a size: start, stop (−1 = before 0 for negative steps), step. */
function resolveRange(r: SliceRange, size: number): [number, number, number] {
  if (r === null) return [0, size, 1];
  if (typeof r === "number") {
    const i = r < 0 ? r + size : r;
    return [i, i + 1, 1];
  }
  const step = r[2] ?? 1;
  const clamp = (v: number | null | undefined, fallback: number): number => {
    if (v === null || v === undefined) return fallback;
    const x = v < 0 ? v + size : v;
    return step > 0 ? Math.min(Math.max(x, 0), size) : Math.min(Math.max(x, -1), size - 1);
  };
  return step > 0 ? [clamp(r[0], 0), clamp(r[1], size), step] : [clamp(r[0], size - 1), clamp(r[1], -1), step];
}

const slice: Lowering = (c) => {
  const [a, b] = c.attrs as [{ ranges: readonly SliceRange[]; inShape: readonly number[] }, { ranges: readonly SliceRange[]; inShape: readonly number[] }];
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const axes: number[] = [];
  const steps: number[] = [];
  a.ranges.forEach((r, axis) => {
    const [sA, eA, stA] = resolveRange(r, a.inShape[axis]!);
    const [sB, eB, stB] = resolveRange(b.ranges[axis] ?? null, b.inShape[axis]!);
    const [dA, dB] = [a.inShape[axis]!, b.inShape[axis]!];
    if (stA !== stB) c.fail(`the slice of axis ${axis} changes with the batch`);
    // A bound is static, or counted from the end when the axis follows the batch.
    const bound = (vA: number, vB: number, isEnd: boolean): bigint => {
      if (vA === vB && dA === dB) return BigInt(vA);
      if (isEnd && stA > 0 && vA === dA && vB === dB) return INT64_MAX;
      if (isEnd && stA < 0 && vA === -1 && vB === -1) return INT64_MIN;
      if (!isEnd && stA < 0 && vA === dA - 1 && vB === dB - 1) return -1n;
      if (vA === vB && vA >= 0 && !(isEnd && vA === -1)) return BigInt(vA);
      if (dA - vA === dB - vB && vA !== dA) return BigInt(vA - dA);
      return c.fail(`the slice bounds of axis ${axis} change with the batch in a way ONNX cannot express`);
    };
    if (sA === 0 && eA === dA && stA === 1 && sB === 0 && eB === dB) return; // the whole axis
    starts.push(bound(sA, sB, false));
    ends.push(stA < 0 && eA === -1 && eB === -1 ? INT64_MIN : bound(eA, eB, true));
    axes.push(axis);
    steps.push(stA);
  });
  if (axes.length === 0) return c.g.op("Identity", [c.inputs[0]!.name]);
  const g = c.g;
  return g.op("Slice", [c.inputs[0]!.name, g.int64s(starts), g.int64s(ends), g.int64s(axes), g.int64s(steps)]);
};

const broadcastTo: Lowering = (c) => {
  const [outA, outB] = c.outputShapes;
  const [inA, inB] = [c.inputShapes[0][0]!, c.inputShapes[1][0]!];
  const lead = outA.length - inA.length;
  const shape = outA.map((d, i) => {
    if (d === outB[i]) return d;
    const j = i - lead;
    if (j >= 0 && inA[j] === d && inB[j] === outB[i]) return 1; // Expand keeps the input's size
    return c.fail(`broadcast to [${outA.join(", ")}]: axis ${i} grows to a batch-dependent size from size 1; ONNX Expand needs it known`);
  });
  return c.g.op("Expand", [c.inputs[0]!.name, c.g.int64s(shape)]);
};

const reduce =
  (opType: "ReduceSum" | "ReduceMean" | "ReduceMax" | "ReduceMin"): Lowering =>
  (c) => {
    const a = c.attrs[0] as { axes: readonly number[]; keepdims: boolean };
    return c.g.reduce(opType, c.inputs[0]!.name, a.axes, a.keepdims);
  };

interface ConvAttrs {
  stride?: number | readonly number[];
  padding?: number | readonly number[] | "same" | "valid";
  dilation?: number | readonly number[];
  groups?: number;
}

const two = (v: number | readonly number[] | undefined, fallback: number): number[] => (v === undefined ? [fallback, fallback] : typeof v === "number" ? [v, v] : [...v]);

const conv2d: Lowering = (c) => {
  const o = c.attrs[0] as ConvAttrs;
  const w = c.inputShapes[0][1]!;
  const kernel = [w[2]!, w[3]!];
  const dilation = two(o.dilation, 1);
  const attributes = {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(two(o.stride, 1)),
    dilations: attr.ints(dilation),
    group: attr.i(o.groups ?? 1),
    pads: attr.ints(onnxPads(convPads(o.padding, kernel, dilation))),
  };
  const y = c.g.op("Conv", [as(c, 0), as(c, 1)], attributes);
  // The bias input of the primitive is (1, O, 1, 1); Conv's would be (O).
  return c.inputs.length > 2 ? c.g.op("Add", [y, as(c, 2)]) : y;
};

const conv2dInputGrad: Lowering = (c) => {
  // The transposed convolution: conv2dInputGrad(x, w, outputShape) is ConvTranspose(x, w).
  const { inputShape, opts } = c.attrs[0] as { inputShape: readonly number[]; opts: ConvAttrs };
  const x = c.inputShapes[0][0]!;
  const w = c.inputShapes[0][1]!;
  const kernel = [w[2]!, w[3]!];
  const stride = two(opts.stride, 1);
  const dilation = two(opts.dilation, 1);
  const pads = convPads(opts.padding, kernel, dilation);
  const outputPadding = [0, 1].map((i) => inputShape[2 + i]! - ((x[2 + i]! - 1) * stride[i]! - pads[i]!.begin - pads[i]!.end + dilation[i]! * (kernel[i]! - 1) + 1));
  return c.g.op("ConvTranspose", [as(c, 0), as(c, 1)], {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(stride),
    dilations: attr.ints(dilation),
    group: attr.i(opts.groups ?? 1),
    pads: attr.ints(onnxPads(pads)),
    output_padding: attr.ints(outputPadding),
  });
};

const avgPool2d: Lowering = (c) => {
  const o = c.attrs[0] as { kernelSize: number | readonly number[]; stride?: number | readonly number[]; padding?: number | readonly number[]; ceilMode?: boolean; countIncludePad?: boolean };
  const x = c.inputShapes[0][0]!;
  if (x[2] !== c.inputShapes[1][0]![2] || x[3] !== c.inputShapes[1][0]![3]) c.fail("the pooled axes change with the batch");
  const kernel = two(o.kernelSize, 1);
  const spec = { spatial: [x[2]!, x[3]!], kernel, stride: two(o.stride ?? o.kernelSize, 1), padding: two(o.padding, 0), dilation: [1, 1], ceilMode: o.ceilMode ?? false };
  return emitAvgPool(c.g, as(c, 0), 4, c.output.dtype, spec, o.countIncludePad ?? true);
};

const fusedBatchNorm: Lowering = (c) => {
  // Batch statistics (a BatchNorm without running statistics, in eval mode as in training).
  type Attrs = { eps: number; layout: { axes: readonly number[]; keptShape: readonly number[] } };
  const [a, b] = c.attrs as [Attrs, Attrs];
  const kept = a.layout.keptShape;
  if (kept.some((d, i) => d !== b.layout.keptShape[i])) c.fail("the normalised feature axes change with the batch");
  const g = c.g;
  const x = as(c, 0);
  const mean = g.reduce("ReduceMean", x, a.layout.axes, true);
  const centred = g.op("Sub", [x, mean]);
  const variance = g.reduce("ReduceMean", g.op("Mul", [centred, centred]), a.layout.axes, true);
  const normalised = g.op("Div", [centred, g.op("Sqrt", [g.op("Add", [variance, g.scalar(a.eps, c.output.dtype)])])]);
  const view = (i: number): string => g.op("Reshape", [as(c, i), g.int64s(kept)]);
  return g.op("Add", [g.op("Mul", [normalised, view(1)]), view(2)]);
};

/** Primitive name → mapping. Primitives missing here (gradient-only ones, max pooling's index replay) have none. */
export const LOWERINGS: Readonly<Record<string, Lowering>> = {
  abs: unary("Abs"),
  neg: unary("Neg"),
  exp: unary("Exp"),
  log: unary("Log"),
  sqrt: unary("Sqrt"),
  erf: unary("Erf"),
  sigmoid: unary("Sigmoid"),
  tanh: unary("Tanh"),
  relu: unary("Relu"),
  sin: unary("Sin"),
  cos: unary("Cos"),
  expm1: (c) => c.g.op("Sub", [c.g.op("Exp", [as(c, 0)]), c.g.scalar(1, c.output.dtype)]),
  log1p: (c) => c.g.op("Log", [c.g.op("Add", [as(c, 0), c.g.scalar(1, c.output.dtype)])]),
  add: binary("Add"),
  sub: binary("Sub"),
  mul: binary("Mul"),
  div: binary("Div"),
  pow: binary("Pow"),
  maximum: binary("Max"),
  cast: (c) => c.g.op("Cast", [c.inputs[0]!.name], { to: attr.i(onnxType(c.output.dtype)) }),
  reshape: (c) => {
    const { shape, allowzero } = reshapeTarget(c);
    return c.g.op("Reshape", [c.inputs[0]!.name, c.g.int64s(shape)], allowzero ? { allowzero: attr.i(1) } : {});
  },
  permute: (c) => c.g.op("Transpose", [c.inputs[0]!.name], { perm: attr.ints((c.attrs[0] as { axes: readonly number[] }).axes) }),
  broadcastTo,
  concat: (c) =>
    c.g.op(
      "Concat",
      c.inputs.map((_, i) => as(c, i)),
      { axis: attr.i((c.attrs[0] as { axis: number }).axis) },
    ),
  slice,
  sum: reduce("ReduceSum"),
  mean: reduce("ReduceMean"),
  max: reduce("ReduceMax"),
  min: reduce("ReduceMin"),
  matmul: binary("MatMul"),
  where: (c) => c.g.op("Where", [c.array("condition values", "cond"), as(c, 0), as(c, 1)]),
  gather: (c) => c.g.op("GatherElements", [c.inputs[0]!.name, c.array("indices", "index")], { axis: attr.i((c.attrs[0] as { axis: number }).axis) }),
  indexSelect: (c) => c.g.op("Gather", [c.inputs[0]!.name, c.array("indices", "index")], { axis: attr.i((c.attrs[0] as { axis: number }).axis) }),
  conv2d,
  conv2dInputGrad,
  avgPool2d,
  fusedBatchNorm,
};

/** Why a primitive has no mapping, for the error (the ones a forward may well use). @internal */
export const UNMAPPED_HINTS: Readonly<Record<string, string>> = {
  maxPool2d:
    "functional max pooling (maxPool2d / maxPool1d) replays argmax indices found on the example input, so the graph cannot be recovered from it; use the nn.MaxPool2d / nn.MaxPool1d layer, which is exported as ONNX MaxPool",
};

