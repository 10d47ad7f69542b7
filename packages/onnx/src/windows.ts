// Convolution and pooling as ONNX nodes (shared by the layer mappings and the primitive mappings):
// PyTorch's window rules — "same" padding, ceil mode, countIncludePad — spelled with explicit pads.
import type { DType } from "@tsgrad/ndarray";
import { type GraphBuilder, attr } from "./graph.js";

/** Zero padding per side resolved for one spatial axis. @internal */
export interface AxisPads {
  begin: number;
  end: number;
}

/** Explicit pads for a convolution's padding option along each spatial axis ("same": the extra one at the end, as PyTorch). @internal */
export function convPads(padding: number | readonly number[] | "same" | "valid" | undefined, kernel: readonly number[], dilation: readonly number[]): AxisPads[] {
  return kernel.map((k, i) => {
    if (padding === "same") {
      const total = dilation[i]! * (k - 1);
      const begin = Math.floor(total / 2);
      return { begin, end: total - begin };
    }
    if (padding === "valid" || padding === undefined) return { begin: 0, end: 0 };
    const p = typeof padding === "number" ? padding : padding[i]!;
    return { begin: p, end: p };
  });
}

/** ONNX's pads attribute: all begins, then all ends. @internal */
export function onnxPads(pads: readonly AxisPads[]): number[] {
  return [...pads.map((p) => p.begin), ...pads.map((p) => p.end)];
}

/** Pool geometry of one spatial axis, with PyTorch's output size. */
interface PoolAxis {
  size: number;
  kernel: number;
  stride: number;
  pad: number;
  dilation: number;
  out: number;
  /** Padding past the end that floor mode needs to produce `out` windows (ceil mode). */
  extra: number;
}

function poolAxis(size: number, kernel: number, stride: number, pad: number, dilation: number, ceilMode: boolean): PoolAxis {
  const span = dilation * (kernel - 1) + 1;
  const room = size + 2 * pad - span;
  let out = (ceilMode ? Math.ceil(room / stride) : Math.floor(room / stride)) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  const extra = Math.max(0, (out - 1) * stride + span - (size + 2 * pad));
  return { size, kernel, stride, pad, dilation, out, extra };
}

/** Options of the pooling emitters. @internal */
export interface PoolSpec {
  /** Spatial sizes of the input (its trailing axes). */
  spatial: readonly number[];
  kernel: readonly number[];
  stride: readonly number[];
  padding: readonly number[];
  dilation: readonly number[];
  ceilMode: boolean;
}

const padConstant = (g: GraphBuilder, x: string, pads: readonly number[], rank: number, value: string): string => {
  // Pad takes begins then ends for every axis; the leading (N, C) axes get none.
  const lead = rank - pads.length / 2;
  const begins = [...Array<number>(lead).fill(0), ...pads.slice(0, pads.length / 2)];
  const ends = [...Array<number>(lead).fill(0), ...pads.slice(pads.length / 2)];
  return g.op("Pad", [x, g.int64s([...begins, ...ends]), value], { mode: attr.s("constant") });
};

/**
 * Max pooling with PyTorch's output size. Ceil mode becomes extra end padding in floor mode
 * (padding never wins a max); where ONNX Runtime refuses pads as large as the kernel, the input
 * is padded with −∞ by a Pad node instead (then no indices: null when they are asked for).
 * @internal
 */
export function emitMaxPool(g: GraphBuilder, x: string, rank: number, dtype: DType, spec: PoolSpec, withIndices: boolean): { values: string; indices?: string } | null {
  const axes = spec.spatial.map((s, i) => poolAxis(s, spec.kernel[i]!, spec.stride[i]!, spec.padding[i]!, spec.dilation[i]!, spec.ceilMode));
  const pads = [...axes.map((a) => a.pad), ...axes.map((a) => a.pad + a.extra)];
  const fits = axes.every((a) => a.pad < a.kernel && a.pad + a.extra < a.kernel);
  const attributes = {
    kernel_shape: attr.ints(spec.kernel),
    strides: attr.ints(spec.stride),
    dilations: attr.ints(spec.dilation),
  };
  if (fits) {
    const outs = g.node("MaxPool", [x], { ...attributes, pads: attr.ints(pads) }, { outputs: withIndices ? 2 : 1 });
    if (!withIndices) return { values: outs[0]! };
    // ONNX's indices count over the whole tensor; tsgrad's within each (n, c) plane.
    const plane = spec.spatial.reduce((a, b) => a * b, 1);
    const within = g.op("Mod", [outs[1]!, g.int64s([plane], [])]);
    return { values: outs[0]!, indices: g.op("Cast", [within], { to: attr.i(6) }) };
  }
  if (withIndices) return null; // the indices would count the padding

  const padded = padConstant(g, x, pads, rank, g.scalar(-Infinity, dtype));
  return { values: g.op("MaxPool", [padded], attributes) };
}

/**
 * Average pooling with PyTorch's output size and divisors: padding counted or not
 * (`countIncludePad`), the part of a ceil-mode window past the padding never counted.
 * @internal
 */
export function emitAvgPool(g: GraphBuilder, x: string, rank: number, dtype: DType, spec: PoolSpec, countIncludePad: boolean): string {
  const axes = spec.spatial.map((s, i) => poolAxis(s, spec.kernel[i]!, spec.stride[i]!, spec.padding[i]!, 1, spec.ceilMode));
  const attributes = { kernel_shape: attr.ints(spec.kernel), strides: attr.ints(spec.stride) };
  const anyPad = axes.some((a) => a.pad > 0);
  if (axes.every((a) => a.extra === 0)) {
    const pads = [...axes.map((a) => a.pad), ...axes.map((a) => a.pad)];
    return g.op("AveragePool", [x], { ...attributes, pads: attr.ints(pads), count_include_pad: attr.i(countIncludePad ? 1 : 0) });
  }
  if (countIncludePad && axes.every((a) => a.extra < a.kernel)) {
    // The padding becomes data (zeros, counted); the ceil-mode overhang stays padding (not counted).
    const input = anyPad ? padConstant(g, x, [...axes.map((a) => a.pad), ...axes.map((a) => a.pad)], rank, g.scalar(0, dtype)) : x;
    const pads = [...axes.map(() => 0), ...axes.map((a) => a.extra)];
    return g.op("AveragePool", [input], { ...attributes, pads: attr.ints(pads), count_include_pad: attr.i(0) });
  }
  if (!countIncludePad && axes.every((a) => a.pad + a.extra < a.kernel)) {
    const pads = [...axes.map((a) => a.pad), ...axes.map((a) => a.pad + a.extra)];
    return g.op("AveragePool", [x], { ...attributes, pads: attr.ints(pads), count_include_pad: attr.i(0) });
  }
  // Pads as large as the kernel: zero-pad everything, average over whole windows, and rescale each
  // output position from the kernel's size to PyTorch's divisor.
  const padded = padConstant(g, x, [...axes.map((a) => a.pad), ...axes.map((a) => a.pad + a.extra)], rank, g.scalar(0, dtype));
  const pooled = g.op("AveragePool", [padded], attributes);
  const kernelSize = axes.reduce((c, a) => c * a.kernel, 1);
  const outs = axes.map((a) => a.out);
  const ratio = new Float64Array(outs.reduce((c, o) => c * o, 1));
  for (let flat = 0; flat < ratio.length; flat++) {
    let rest = flat;
    let divisor = 1;
    for (let i = axes.length - 1; i >= 0; i--) {
      const a = axes[i]!;
      const o = rest % a.out;
      rest = Math.floor(rest / a.out);
      const start = o * a.stride - a.pad;
      const end = Math.min(start + a.kernel, a.size + a.pad);
      divisor *= countIncludePad ? end - start : Math.min(end, a.size) - Math.max(start, 0);
    }
    ratio[flat] = kernelSize / divisor;
  }
  const scale = g.tensorConstant(ratio, outs, dtype);
  return g.op("Mul", [pooled, scale]);
}
