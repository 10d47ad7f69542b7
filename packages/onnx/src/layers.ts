// The layer mappings: nn layers with a native ONNX op are exported from their settings, whatever
// their forward does inside (matched by exact class: a subclass with its own forward is traced op by op).
import { type Tensor, TensorBase } from "@tsgrad/autograd";
import type { DType } from "@tsgrad/ndarray";
import * as nn from "@tsgrad/nn";
import { type GraphBuilder, attr } from "./graph.js";
import { convPads, emitAvgPool, emitMaxPool, onnxPads } from "./windows.js";

/** A graph value as the mappings see it: its name, dtype, and shape (null where it changes with the batch). @internal */
export interface Value {
  readonly name: string;
  readonly dtype: DType;
  /** The shape, a number where both traced runs agree and null where it follows the batch. */
  readonly shape: readonly (number | null)[];
}

/** What a layer mapping is given. @internal */
export interface LayerContext<M = nn.Module> {
  readonly g: GraphBuilder;
  readonly module: M;
  readonly path: string;
  /** The values of the Tensors among the call's arguments. */
  readonly inputs: readonly Value[];
  /** The dtypes and shapes of the call's outputs. */
  readonly outputs: readonly Omit<Value, "name">[];
  /** The initializer of a parameter or buffer. */
  state(t: Tensor): string;
  /** Throws the export error for this layer. */
  fail(message: string): never;
}

/** How one layer class becomes ONNX nodes. @internal */
export interface LayerMapper<M = nn.Module> {
  /** Whether this call is mapped (else the forward is traced op by op). */
  accepts(m: M, args: readonly unknown[]): boolean;
  /** Emits the nodes; returns the value name of each output. */
  emit(ctx: LayerContext<M>): string[];
}

const oneTensor = (_m: unknown, args: readonly unknown[]): boolean => args.length >= 1 && args[0] instanceof TensorBase && args.slice(1).every((a) => a === undefined);

/** A static dimension, or the layer's export error. */
function staticDim(ctx: LayerContext<unknown>, shape: readonly (number | null)[], axis: number): number {
  const d = shape[axis < 0 ? axis + shape.length : axis];
  if (d === null || d === undefined) ctx.fail(`axis ${axis} of its input changes with the batch; only the batch axis may`);
  return d;
}

/** Runs `emit` on a batched view of an input that may lack the batch axis (unbatched layers' inputs). */
function batched(ctx: LayerContext<unknown>, x: Value, rank: number, emit: (x: string, shape: readonly (number | null)[]) => string): string {
  if (x.shape.length === rank) return emit(x.name, x.shape);
  const g = ctx.g;
  const axis0 = g.int64s([0]);
  const y = emit(g.op("Unsqueeze", [x.name, axis0]), [1, ...x.shape]);
  return g.op("Squeeze", [y, axis0]);
}

/** The mapping of a call on one Tensor, whose nodes `emit` makes from the graph, the module and that input. */
const onInput = <M>(emit: (g: GraphBuilder, m: M, x: Value, ctx: LayerContext<M>) => string[]): LayerMapper<M> => ({
  accepts: oneTensor,
  emit: (ctx) => emit(ctx.g, ctx.module, ctx.inputs[0]!, ctx),
});

const unary = (opType: string, attributes: (m: never) => Record<string, ReturnType<typeof attr.i>> = () => ({})): LayerMapper =>
  ({
    accepts: oneTensor,
    emit: (ctx) => [ctx.g.op(opType, [ctx.inputs[0]!.name], attributes(ctx.module as never))],
  }) satisfies LayerMapper;

/** `x ⊙ tanh(softplus(x))`, `x ⊙ σ(x)` and friends need x twice. */
function silu(g: GraphBuilder, x: string): string {
  return g.op("Mul", [x, g.op("Sigmoid", [x])]);
}

function gelu(g: GraphBuilder, x: string, dtype: DType, approximate: "none" | "tanh"): string {
  if (g.opset >= 20) return g.op("Gelu", [x], { approximate: attr.s(approximate) });
  const c = (v: number): string => g.scalar(v, dtype);
  const half = g.op("Mul", [x, c(0.5)]);
  if (approximate === "tanh") {
    const cube = g.op("Pow", [x, c(3)]);
    const inner = g.op("Mul", [g.op("Add", [x, g.op("Mul", [cube, c(0.044715)])]), c(Math.sqrt(2 / Math.PI))]);
    return g.op("Mul", [half, g.op("Add", [g.op("Tanh", [inner]), c(1)])]);
  }
  return g.op("Mul", [half, g.op("Add", [g.op("Erf", [g.op("Mul", [x, c(Math.SQRT1_2)])]), c(1)])]);
}

/** PyTorch's softplus: `log(1 + e^(βx)) / β`, and `x` where `βx > threshold`. */
function softplus(g: GraphBuilder, x: string, dtype: DType, beta: number, threshold: number): string {
  const z = beta === 1 ? x : g.op("Mul", [x, g.scalar(beta, dtype)]);
  const soft = beta === 1 ? g.op("Softplus", [z]) : g.op("Div", [g.op("Softplus", [z]), g.scalar(beta, dtype)]);
  return g.op("Where", [g.op("Greater", [z, g.scalar(threshold, dtype)]), x, soft]);
}

const linear = onInput<nn.Linear>((g, m, x, ctx) => {
  const w = ctx.state(m.weight);
  const b = m.bias === null ? null : ctx.state(m.bias);
  if (x.shape.length === 2) return [g.op("Gemm", b === null ? [x.name, w] : [x.name, w, b], { transB: attr.i(1) })];
  const y = g.op("MatMul", [x.name, g.op("Transpose", [w], { perm: attr.ints([1, 0]) })]);
  return [b === null ? y : g.op("Add", [y, b])];
});

interface ConvLike {
  weight: Tensor;
  bias: Tensor | null;
  groups: number;
}

function conv(ctx: LayerContext<ConvLike>, rank: number, kernel: readonly number[], stride: readonly number[], dilation: readonly number[], padding: Parameters<typeof convPads>[0]): string {
  const { g, module: m } = ctx;
  const w = ctx.state(m.weight);
  const inputs = m.bias === null ? [w] : [w, ctx.state(m.bias)];
  const attributes = {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(stride),
    dilations: attr.ints(dilation),
    group: attr.i(m.groups),
    pads: attr.ints(onnxPads(convPads(padding, kernel, dilation))),
  };
  return batched(ctx, ctx.inputs[0]!, rank, (x) => g.op("Conv", [x, ...inputs], attributes));
}

const conv2d: LayerMapper<nn.Conv2d> = {
  accepts: oneTensor,
  emit: (ctx) => [conv(ctx, 4, ctx.module.kernelSize, ctx.module.stride, ctx.module.dilation, ctx.module.padding)],
};

const conv1d: LayerMapper<nn.Conv1d> = {
  accepts: oneTensor,
  emit: (ctx) => {
    const m = ctx.module;
    return [conv(ctx, 3, [m.kernelSize], [m.stride], [m.dilation], m.padding === "same" || m.padding === "valid" ? m.padding : [m.padding])];
  },
};

const convTranspose2d: LayerMapper<nn.ConvTranspose2d> = {
  accepts: oneTensor,
  emit: (ctx) => {
    const { g, module: m } = ctx;
    const w = ctx.state(m.weight);
    const inputs = m.bias === null ? [w] : [w, ctx.state(m.bias)];
    const attributes = {
      kernel_shape: attr.ints(m.kernelSize),
      strides: attr.ints(m.stride),
      dilations: attr.ints(m.dilation),
      group: attr.i(m.groups),
      pads: attr.ints([...m.padding, ...m.padding]),
      output_padding: attr.ints(m.outputPadding),
    };
    return [batched(ctx, ctx.inputs[0]!, 4, (x) => g.op("ConvTranspose", [x, ...inputs], attributes))];
  },
};

interface PoolLike {
  kernelSize: number | readonly number[];
  stride: number | readonly number[];
  padding: number | readonly number[];
  ceilMode: boolean;
}

const pair = (v: number | readonly number[], n: number): number[] => (typeof v === "number" ? Array<number>(n).fill(v) : [...v]);

function poolSpec(ctx: LayerContext<PoolLike & { dilation?: number | readonly number[] }>, shape: readonly (number | null)[], n: number) {
  const m = ctx.module;
  return {
    spatial: shape.slice(-n).map((_, i) => staticDim(ctx, shape, shape.length - n + i)),
    kernel: pair(m.kernelSize, n),
    stride: pair(m.stride, n),
    padding: pair(m.padding, n),
    dilation: pair(m.dilation ?? 1, n),
    ceilMode: m.ceilMode,
  };
}

const maxPool = (n: number): LayerMapper<PoolLike & { dilation: number | readonly number[]; returnIndices: boolean }> => ({
  accepts: oneTensor,
  emit: (ctx) => {
    const x = ctx.inputs[0]!;
    let indices: string | undefined;
    const values = batched(ctx, x, n + 2, (input, shape) => {
      const r = emitMaxPool(ctx.g, input, n + 2, x.dtype, poolSpec(ctx, shape, n), ctx.module.returnIndices);
      if (r === null) return ctx.fail("returnIndices with ceil-mode or padding windows as large as the kernel has no ONNX form (MaxPool's indices would count the padding)");
      indices = r.indices;
      return r.values;
    });
    if (!ctx.module.returnIndices) return [values];
    const idx = x.shape.length === n + 2 ? indices! : ctx.g.op("Squeeze", [indices!, ctx.g.int64s([0])]);
    return [values, idx];
  },
});

const avgPool = (n: number): LayerMapper<PoolLike & { countIncludePad: boolean }> => ({
  accepts: oneTensor,
  emit: (ctx) => {
    const x = ctx.inputs[0]!;
    return [batched(ctx, x, n + 2, (input, shape) => emitAvgPool(ctx.g, input, n + 2, x.dtype, poolSpec(ctx, shape, n), ctx.module.countIncludePad))];
  },
});

/** Averaging weights of an adaptive pool along one axis (PyTorch's windows), as `out × size`. */
function averagingMatrix(size: number, out: number): Float64Array {
  const m = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return m;
}

const adaptiveAvgPool2d = onInput<nn.AdaptiveAvgPool2d>((g, m, x, ctx) => {
  const h = staticDim(ctx, x.shape, -2);
  const w = staticDim(ctx, x.shape, -1);
  const oh = m.outputSize[0] ?? h;
  const ow = m.outputSize[1] ?? w;
  if (oh === h && ow === w) return [g.op("Identity", [x.name])];
  if (x.shape.length === 4 && oh === 1 && ow === 1) return [g.op("GlobalAveragePool", [x.name])];
  if (h % oh === 0 && w % ow === 0) {
    const spec = { spatial: [h, w], kernel: [h / oh, w / ow], stride: [h / oh, w / ow], padding: [0, 0], dilation: [1, 1], ceilMode: false };
    return [batched(ctx, x, 4, (input) => emitAvgPool(g, input, 4, x.dtype, spec, true))];
  }
  // Uneven windows: the separable averaging matrices, as the forward computes them.
  let y = x.name;
  if (ow !== w) {
    const mw = averagingMatrix(w, ow);
    const t = new Float64Array(w * ow);
    for (let i = 0; i < ow; i++) for (let j = 0; j < w; j++) t[j * ow + i] = mw[i * w + j]!;
    y = g.op("MatMul", [y, g.tensorConstant(t, [w, ow], x.dtype)]);
  }
  if (oh !== h) y = g.op("MatMul", [g.tensorConstant(averagingMatrix(h, oh), [oh, h], x.dtype), y]);
  return [y];
});

/** The initializer of an optional affine parameter, or a constant of `fill` values. */
function affine(ctx: LayerContext<unknown>, p: Tensor | null, fill: number, shape: readonly number[], dtype: DType): string {
  if (p !== null) return ctx.state(p);
  const size = shape.reduce((a, b) => a * b, 1);
  return ctx.g.tensorConstant(new Float64Array(size).fill(fill), shape, dtype);
}

/** A state Tensor in the input's dtype. */
function stateAs(ctx: LayerContext<unknown>, t: Tensor, dtype: DType): string {
  const name = ctx.state(t);
  return t.dtype === dtype ? name : ctx.g.op("Cast", [name], { to: attr.i(dtype === "float64" ? 11 : 1) });
}

const batchNorm: LayerMapper<nn.BatchNormBase> = {
  // Running statistics in eval mode; without them a BatchNorm normalises with the batch's
  // statistics, traced op by op.
  accepts: (m, args) => oneTensor(m, args) && m.trackRunningStats && m.runningMean !== null && m.runningVar !== null,
  emit: (ctx) => {
    const { g, module: m } = ctx;
    const x = ctx.inputs[0]!;
    const c = [m.numFeatures];
    const inputs = [
      x.name,
      m.weight === null ? affine(ctx, null, 1, c, x.dtype) : stateAs(ctx, m.weight, x.dtype),
      m.bias === null ? affine(ctx, null, 0, c, x.dtype) : stateAs(ctx, m.bias, x.dtype),
      stateAs(ctx, m.runningMean!, x.dtype),
      stateAs(ctx, m.runningVar!, x.dtype),
    ];
    return [g.op("BatchNormalization", inputs, { epsilon: attr.f(m.eps) })];
  },
};

const layerNorm = onInput<nn.LayerNorm>((g, m, x, ctx) => {
  const scale = affine(ctx, m.weight, 1, m.normalizedShape, x.dtype);
  const inputs = m.bias === null ? [x.name, scale] : [x.name, scale, ctx.state(m.bias)];
  return [g.op("LayerNormalization", inputs, { axis: attr.i(-m.normalizedShape.length), epsilon: attr.f(m.eps) })];
});

const embedding: LayerMapper<nn.Embedding> = {
  accepts: oneTensor,
  emit: (ctx) => [ctx.g.op("Gather", [ctx.state(ctx.module.weight), ctx.inputs[0]!.name], { axis: attr.i(0) })],
};

const flatten: LayerMapper<nn.Flatten> = {
  // ONNX Flatten always yields 2-D (axis 1 here); other spans are traced as a reshape.
  accepts: (m, args) => {
    if (!oneTensor(m, args)) return false;
    const rank = (args[0] as Tensor).ndim;
    const norm = (a: number): number => (a < 0 ? a + rank : a);
    return rank >= 2 && norm(m.startDim) === 1 && norm(m.endDim) === rank - 1;
  },
  emit: (ctx) => [ctx.g.op("Flatten", [ctx.inputs[0]!.name], { axis: attr.i(1) })],
};

const prelu = onInput<nn.PReLU>((g, m, x, ctx) => {
  // One slope per channel (axis 1) broadcasts from the right as (C, 1, …, 1).
  const w = ctx.state(m.weight);
  const slope = m.numParameters === 1 || x.shape.length < 2 ? w : g.op("Reshape", [w, g.int64s([m.numParameters, ...x.shape.slice(2).map(() => 1)])]);
  return [g.op("PRelu", [x.name, slope])];
});

const clip = (lo: (m: never) => number, hi: (m: never) => number): LayerMapper => ({
  accepts: oneTensor,
  emit: (ctx) => {
    const x = ctx.inputs[0]!;
    return [ctx.g.op("Clip", [x.name, ctx.g.scalar(lo(ctx.module as never), x.dtype), ctx.g.scalar(hi(ctx.module as never), x.dtype)])];
  },
});

const activation = (f: (g: GraphBuilder, x: string, dtype: DType, m: never) => string): LayerMapper => ({
  accepts: oneTensor,
  emit: (ctx) => [f(ctx.g, ctx.inputs[0]!.name, ctx.inputs[0]!.dtype, ctx.module as never)],
});

/** Layer class → mapping. Containers, Identity, Dropout (eval) and the layers whose forward is lossless op by op (GroupNorm, InstanceNorm2d, Unflatten) have none. */
const MAPPERS = new Map<abstract new (...args: never[]) => nn.Module, LayerMapper<never>>([
  [nn.Linear, linear],
  [nn.Conv1d, conv1d],
  [nn.Conv2d, conv2d],
  [nn.ConvTranspose2d, convTranspose2d],
  [nn.MaxPool1d, maxPool(1)],
  [nn.MaxPool2d, maxPool(2)],
  [nn.AvgPool1d, avgPool(1)],
  [nn.AvgPool2d, avgPool(2)],
  [nn.AdaptiveAvgPool2d, adaptiveAvgPool2d],
  [nn.BatchNorm1d, batchNorm],
  [nn.BatchNorm2d, batchNorm],
  [nn.LayerNorm, layerNorm],
  [nn.Embedding, embedding],
  [nn.Flatten, flatten],
  [nn.ReLU, unary("Relu")],
  [nn.Sigmoid, unary("Sigmoid")],
  [nn.Tanh, unary("Tanh")],
  [nn.LeakyReLU, unary("LeakyRelu", (m: nn.LeakyReLU) => ({ alpha: attr.f(m.negativeSlope) }))],
  [nn.ELU, unary("Elu", (m: nn.ELU) => ({ alpha: attr.f(m.alpha) }))],
  [nn.Softmax, unary("Softmax", (m: nn.Softmax) => ({ axis: attr.i(m.dim) }))],
  [nn.LogSoftmax, unary("LogSoftmax", (m: nn.LogSoftmax) => ({ axis: attr.i(m.dim) }))],
  [nn.GELU, activation((g, x, dtype, m: nn.GELU) => gelu(g, x, dtype, m.approximate))],
  [nn.SiLU, activation((g, x) => silu(g, x))],
  [nn.Softplus, activation((g, x, dtype, m: nn.Softplus) => softplus(g, x, dtype, m.beta, m.threshold))],
  [nn.Mish, activation((g, x, dtype) => g.op("Mul", [x, g.op("Tanh", [softplus(g, x, dtype, 1, 20)])]))],
  [nn.Hardtanh, clip((m: nn.Hardtanh) => m.minVal, (m: nn.Hardtanh) => m.maxVal)],
  [nn.ReLU6, clip(() => 0, () => 6)],
  [nn.PReLU, prelu],
]);

/** The mapping of a module's exact class, or null (its forward is then traced op by op). @internal */
export function mapperFor(m: nn.Module): LayerMapper | null {
  return (MAPPERS.get(m.constructor as abstract new (...args: never[]) => nn.Module) as LayerMapper | undefined) ?? null;
}
