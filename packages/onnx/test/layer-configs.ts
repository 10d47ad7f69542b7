// Random layer configurations for the ONNX Runtime property test: every nn layer with inference
// semantics, its options drawn by fast-check, with an input shape that fits it.
import * as fc from "fast-check";
import * as tg from "./tg.js";

/** One drawn configuration: how to build the layer and its input. */
export interface LayerCase {
  /** A readable description, printed on failure. */
  label: string;
  /** Builds the layer (fresh parameters from `seed`, random BN statistics). */
  build(): tg.nn.Module;
  /** The input's shape without the batch axis, or with it when `batched` is false. */
  shape: readonly number[];
  /** Whether the input has a leading batch axis (most layers); unbatched inputs use dynamicBatch: false. */
  batched: boolean;
  /** int32 indices below this bound instead of float inputs (Embedding). */
  indices?: number;
  /** Where the batch axis goes into `shape` (default 0; 1 for time-major sequences). */
  batchAxis?: number;
  /** The smallest valid batch (default 1): 2 for a BatchNorm on (N, C) without running statistics, which normalises with the batch's own (one value per channel is refused, as PyTorch). */
  minBatch?: number;
}

const int = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min, max });
const bool = fc.boolean();

/** Random running statistics, so BatchNorm's inference path is not the identity. */
function randomStats(m: tg.nn.Module, seed: number): void {
  let k = 0;
  for (const [name, b] of m.namedBuffers()) {
    if (b.dtype === "int32") continue;
    const r = tg.rand([...b.shape], { seed: seed + k++ });
    b.data = (name.endsWith("runningVar") ? r.mul(2).add(0.2) : r.sub(0.5)).data;
  }
  for (const p of m.parameters()) if (p.ndim === 1) p.data = tg.randn([...p.shape], { seed: seed + k++ }).data;
}

const pair = (a: fc.Arbitrary<number>): fc.Arbitrary<[number, number]> => fc.tuple(a, a);

const linear = fc.record({ i: int(1, 12), o: int(1, 12), bias: bool, rank3: bool, seed: int(0, 1000) }).map(
  ({ i, o, bias, rank3, seed }): LayerCase => ({
    label: `Linear(${i}, ${o}, bias=${bias}) on ${rank3 ? "3-D" : "2-D"}`,
    build: () => new tg.nn.Linear(i, o, { bias, seed }),
    shape: rank3 ? [3, i] : [i],
    batched: true,
  }),
);

const conv2d = fc
  .record({
    g: int(1, 3),
    ci: int(1, 3),
    co: int(1, 3),
    k: pair(int(1, 4)),
    stride: pair(int(1, 3)),
    dilation: pair(int(1, 2)),
    pad: fc.oneof(pair(int(0, 2)), fc.constant("same" as const), fc.constant("valid" as const)),
    bias: bool,
    h: int(0, 5),
    w: int(0, 5),
    unbatched: fc.boolean(),
    seed: int(0, 1000),
  })
  .map(({ g, ci, co, k, stride, dilation, pad, bias, h, w, unbatched, seed }): LayerCase => {
    const s = pad === "same" ? ([1, 1] as [number, number]) : stride;
    const span = (i: 0 | 1): number => dilation[i] * (k[i] - 1) + 1;
    const shape = [g * ci, span(0) + h, span(1) + w];
    return {
      label: `Conv2d(${g * ci}, ${g * co}, k=${k}, stride=${s}, padding=${pad}, dilation=${dilation}, groups=${g}, bias=${bias}) on [${shape}]${unbatched ? " unbatched" : ""}`,
      build: () => new tg.nn.Conv2d(g * ci, g * co, k, { stride: s, padding: pad, dilation, groups: g, bias, seed }),
      shape: unbatched ? shape : shape,
      batched: !unbatched,
    };
  });

const conv1d = fc
  .record({ g: int(1, 3), ci: int(1, 3), co: int(1, 3), k: int(1, 5), stride: int(1, 3), dilation: int(1, 3), pad: fc.oneof(int(0, 2), fc.constant("same" as const)), bias: bool, l: int(0, 6), seed: int(0, 1000) })
  .map(({ g, ci, co, k, stride, dilation, pad, bias, l, seed }): LayerCase => {
    const s = pad === "same" ? 1 : stride;
    return {
      label: `Conv1d(${g * ci}, ${g * co}, k=${k}, stride=${s}, padding=${pad}, dilation=${dilation}, groups=${g}, bias=${bias}) on L=${dilation * (k - 1) + 1 + l}`,
      build: () => new tg.nn.Conv1d(g * ci, g * co, k, { stride: s, padding: pad, dilation, groups: g, bias, seed }),
      shape: [g * ci, dilation * (k - 1) + 1 + l],
      batched: true,
    };
  });

const convTranspose2d = fc
  .record({ g: int(1, 2), ci: int(1, 3), co: int(1, 3), k: pair(int(1, 3)), stride: pair(int(1, 3)), dilation: pair(int(1, 2)), pad: pair(int(0, 1)), op: pair(int(0, 2)), bias: bool, h: int(1, 4), w: int(1, 4), seed: int(0, 1000) })
  .map(({ g, ci, co, k, stride, dilation, pad, op, bias, h, w, seed }): LayerCase => {
    const outputPadding: [number, number] = [Math.min(op[0], stride[0] - 1), Math.min(op[1], stride[1] - 1)];
    const padding: [number, number] = [Math.min(pad[0], dilation[0] * (k[0] - 1)), Math.min(pad[1], dilation[1] * (k[1] - 1))];
    return {
      label: `ConvTranspose2d(${g * ci}, ${g * co}, k=${k}, stride=${stride}, padding=${padding}, outputPadding=${outputPadding}, dilation=${dilation}, groups=${g}) on [${h}, ${w}]`,
      build: () => new tg.nn.ConvTranspose2d(g * ci, g * co, k, { stride, padding, outputPadding, dilation, groups: g, bias, seed }),
      shape: [g * ci, h, w],
      batched: true,
    };
  });

const pool2d = fc
  .record({ max: bool, k: pair(int(1, 4)), stride: pair(int(1, 3)), dilation: pair(int(1, 2)), pad: pair(int(0, 2)), ceil: bool, cip: bool, h: int(0, 6), w: int(0, 6), c: int(1, 3), indices: bool })
  .map(({ max, k, stride, dilation, pad, ceil, cip, h, w, c, indices }): LayerCase => {
    const d: [number, number] = max ? dilation : [1, 1];
    const padding: [number, number] = [Math.min(pad[0], Math.floor(k[0] / 2)), Math.min(pad[1], Math.floor(k[1] / 2))];
    const shape = [c, d[0] * (k[0] - 1) + 1 + h, d[1] * (k[1] - 1) + 1 + w];
    if (max) {
      return {
        label: `MaxPool2d(k=${k}, stride=${stride}, padding=${padding}, dilation=${d}, ceilMode=${ceil}, returnIndices=${indices}) on [${shape}]`,
        build: () => new tg.nn.MaxPool2d(k, { stride, padding, dilation: d, ceilMode: ceil, returnIndices: indices && !ceil }),
        shape,
        batched: true,
      };
    }
    return {
      label: `AvgPool2d(k=${k}, stride=${stride}, padding=${padding}, ceilMode=${ceil}, countIncludePad=${cip}) on [${shape}]`,
      build: () => new tg.nn.AvgPool2d(k, { stride, padding, ceilMode: ceil, countIncludePad: cip }),
      shape,
      batched: true,
    };
  });

const pool1d = fc
  .record({ max: bool, k: int(1, 5), stride: int(1, 4), dilation: int(1, 2), pad: int(0, 2), ceil: bool, cip: bool, l: int(0, 7), c: int(1, 3) })
  .map(({ max, k, stride, dilation, pad, ceil, cip, l, c }): LayerCase => {
    const d = max ? dilation : 1;
    const padding = Math.min(pad, Math.floor(k / 2));
    const shape = [c, d * (k - 1) + 1 + l];
    return max
      ? { label: `MaxPool1d(k=${k}, stride=${stride}, padding=${padding}, dilation=${d}, ceilMode=${ceil}) on [${shape}]`, build: () => new tg.nn.MaxPool1d(k, { stride, padding, dilation: d, ceilMode: ceil }), shape, batched: true }
      : { label: `AvgPool1d(k=${k}, stride=${stride}, padding=${padding}, ceilMode=${ceil}, countIncludePad=${cip}) on [${shape}]`, build: () => new tg.nn.AvgPool1d(k, { stride, padding, ceilMode: ceil, countIncludePad: cip }), shape, batched: true };
  });

const adaptive = fc.record({ h: int(1, 7), w: int(1, 7), oh: fc.option(int(1, 4)), ow: fc.option(int(1, 4)), c: int(1, 3) }).map(
  ({ h, w, oh, ow, c }): LayerCase => ({
    label: `AdaptiveAvgPool2d([${oh}, ${ow}]) on [${c}, ${h}, ${w}]`,
    build: () => new tg.nn.AdaptiveAvgPool2d([oh, ow]),
    shape: [c, h, w],
    batched: true,
  }),
);

const norms = fc
  .record({ kind: fc.constantFrom("bn1", "bn1l", "bn2", "ln", "gn", "in"), c: int(1, 4), groups: int(1, 3), affine: bool, track: bool, eps: fc.constantFrom(1e-5, 1e-3, 0.1), seed: int(0, 1000) })
  .map(({ kind, c, groups, affine, track, eps, seed }): LayerCase => {
    const build = (m: tg.nn.Module): tg.nn.Module => {
      randomStats(m, seed);
      return m;
    };
    switch (kind) {
      case "bn1":
      case "bn1l":
        return {
          label: `BatchNorm1d(${c}, affine=${affine}, trackRunningStats=${track}, eps=${eps}) on ${kind === "bn1" ? "(N, C)" : "(N, C, L)"}`,
          build: () => build(new tg.nn.BatchNorm1d(c, { affine, trackRunningStats: track, eps })),
          shape: kind === "bn1" ? [c] : [c, 5],
          batched: true,
          ...(kind === "bn1" && !track ? { minBatch: 2 } : {}),
        };
      case "bn2":
        return { label: `BatchNorm2d(${c}, affine=${affine}, trackRunningStats=${track}, eps=${eps})`, build: () => build(new tg.nn.BatchNorm2d(c, { affine, trackRunningStats: track, eps })), shape: [c, 3, 4], batched: true };
      case "ln":
        return {
          label: `LayerNorm(${track ? `[3, ${c}]` : c}, elementwiseAffine=${affine}, eps=${eps})`,
          build: () => build(new tg.nn.LayerNorm(track ? [3, c] : c, { elementwiseAffine: affine, eps })),
          shape: [2, 3, c],
          batched: true,
        };
      case "gn":
        return { label: `GroupNorm(${groups}, ${groups * c}, affine=${affine}, eps=${eps})`, build: () => build(new tg.nn.GroupNorm(groups, groups * c, { affine, eps })), shape: [groups * c, 3, 2], batched: true };
      default:
        return {
          label: `InstanceNorm2d(${c}, affine=${affine}, trackRunningStats=${track}, eps=${eps})`,
          build: () => build(new tg.nn.InstanceNorm2d(c, { affine, trackRunningStats: track, eps })),
          shape: [c, 3, 3],
          batched: true,
        };
    }
  });

const embedding = fc.record({ n: int(1, 10), d: int(1, 6), pad: fc.option(int(0, 9)), len: int(1, 5), seed: int(0, 1000) }).map(
  ({ n, d, pad, len, seed }): LayerCase => {
    const paddingIdx = pad === null ? undefined : pad % n;
    return {
      label: `Embedding(${n}, ${d}, paddingIdx=${paddingIdx}) on [N, ${len}]`,
      build: () => new tg.nn.Embedding(n, d, paddingIdx === undefined ? { seed } : { paddingIdx, seed }),
      shape: [len],
      batched: true,
      indices: n,
    };
  },
);

const activations = fc
  .record({
    kind: fc.constantFrom("relu", "leaky", "gelu", "tanh", "sigmoid", "silu", "elu", "softplus", "mish", "prelu", "hardtanh", "relu6", "softmax", "logsoftmax"),
    a: fc.double({ min: -2, max: 2, noNaN: true }),
    b: fc.double({ min: 0.25, max: 3, noNaN: true }),
    flag: bool,
    dim: int(-3, 2),
    c: int(1, 4),
  })
  .map(({ kind, a, b, flag, dim, c }): LayerCase => {
    const shape = [c, 4, 3];
    const make = (label: string, build: () => tg.nn.Module): LayerCase => ({ label, build, shape, batched: true });
    switch (kind) {
      case "relu":
        return make("ReLU", () => new tg.nn.ReLU());
      case "leaky":
        return make(`LeakyReLU(${a})`, () => new tg.nn.LeakyReLU(a));
      case "gelu":
        return make(`GELU(${flag ? "tanh" : "none"})`, () => new tg.nn.GELU({ approximate: flag ? "tanh" : "none" }));
      case "tanh":
        return make("Tanh", () => new tg.nn.Tanh());
      case "sigmoid":
        return make("Sigmoid", () => new tg.nn.Sigmoid());
      case "silu":
        return make("SiLU", () => new tg.nn.SiLU());
      case "elu":
        return make(`ELU(${b})`, () => new tg.nn.ELU({ alpha: b }));
      case "softplus":
        return make(`Softplus(beta=${flag ? b : 1}, threshold=${a + 1})`, () => new tg.nn.Softplus({ beta: flag ? b : 1, threshold: a + 1 }));
      case "mish":
        return make("Mish", () => new tg.nn.Mish());
      case "prelu":
        return make(`PReLU(${flag ? c : 1})`, () => {
          const m = new tg.nn.PReLU({ numParameters: flag ? c : 1, init: a });
          m.weight.data = tg.randn([flag ? c : 1], { seed: c }).data;
          return m;
        });
      case "hardtanh":
        return make(`Hardtanh(${Math.min(a, -0.1)}, ${b})`, () => new tg.nn.Hardtanh({ minVal: Math.min(a, -0.1), maxVal: b }));
      case "relu6":
        return make("ReLU6", () => new tg.nn.ReLU6());
      case "softmax":
        return make(`Softmax(${dim})`, () => new tg.nn.Softmax(dim));
      default:
        return make(`LogSoftmax(${dim})`, () => new tg.nn.LogSoftmax(dim));
    }
  });

const reshaping = fc
  .record({ kind: fc.constantFrom("flatten", "flatten2", "unflatten", "dropout", "dropout2d", "identity"), p: fc.double({ min: 0, max: 0.9, noNaN: true }) })
  .map(({ kind, p }): LayerCase => {
    const shape = [2, 3, 4];
    switch (kind) {
      case "flatten":
        return { label: "Flatten()", build: () => new tg.nn.Flatten(), shape, batched: true };
      case "flatten2":
        return { label: "Flatten(2, 3)", build: () => new tg.nn.Flatten(2, 3), shape, batched: true };
      case "unflatten":
        return { label: "Unflatten(2, [3, -1])", build: () => new tg.nn.Unflatten(3, [2, -1]), shape, batched: true };
      case "dropout":
        return { label: `Dropout(${p}) in eval`, build: () => new tg.nn.Dropout(p), shape, batched: true };
      case "dropout2d":
        return { label: `Dropout2d(${p}) in eval`, build: () => new tg.nn.Dropout2d(p), shape, batched: true };
      default:
        return { label: "Identity", build: () => new tg.nn.Identity(), shape, batched: true };
    }
  });

const recurrent = fc
  .record({ kind: fc.constantFrom("RNN", "LSTM", "GRU"), i: int(1, 4), h: int(1, 5), layers: int(1, 2), bi: bool, batchFirst: bool, bias: bool, relu: bool, len: int(1, 4), seed: int(0, 1000) })
  .map(({ kind, i, h, layers, bi, batchFirst, bias, relu, len, seed }): LayerCase => {
    const opts = { numLayers: layers, bidirectional: bi, batchFirst, bias, seed };
    return {
      label: `${kind}(${i}, ${h}, ${JSON.stringify(opts)}${kind === "RNN" && relu ? ", relu" : ""}) over ${len} steps`,
      build: () => (kind === "RNN" ? new tg.nn.RNN(i, h, { ...opts, nonlinearity: relu ? "relu" : "tanh" }) : kind === "LSTM" ? new tg.nn.LSTM(i, h, opts) : new tg.nn.GRU(i, h, opts)),
      shape: [len, i],
      batched: true,
      batchAxis: batchFirst ? 0 : 1,
    };
  });

const attention = fc
  .record({ heads: int(1, 3), per: int(1, 3), len: int(1, 4), encoder: bool, normFirst: bool, gelu: bool, batchFirst: bool, seed: int(0, 1000) })
  .map(({ heads, per, len, encoder, normFirst, gelu, batchFirst, seed }): LayerCase => {
    const e = heads * per;
    if (encoder) {
      return {
        label: `TransformerEncoderLayer(${e}, ${heads}, normFirst=${normFirst}, ${gelu ? "gelu" : "relu"}, batchFirst=${batchFirst}) over ${len}`,
        build: () => new tg.nn.TransformerEncoderLayer(e, heads, { dimFeedforward: 2 * e, normFirst, activation: gelu ? "gelu" : "relu", batchFirst, seed }),
        shape: [len, e],
        batched: true,
        batchAxis: batchFirst ? 0 : 1,
      };
    }
    return {
      label: `MultiheadAttention(${e}, ${heads}, batchFirst=${batchFirst}) self-attention over ${len}${normFirst ? ", causal" : ""}`,
      build: () => new SelfAttention(new tg.nn.MultiheadAttention(e, heads, { batchFirst, seed }), normFirst),
      shape: [len, e],
      batched: true,
      batchAxis: batchFirst ? 0 : 1,
    };
  });

/** Self-attention through MultiheadAttention: the output and the averaged attention weights. */
class SelfAttention extends tg.nn.Module {
  constructor(
    readonly attn: tg.nn.MultiheadAttention,
    readonly causal: boolean,
  ) {
    super();
  }
  forward(x: tg.Tensor): tg.Tensor[] {
    const [out, weights] = this.attn.forward(x, x, x, { isCausal: this.causal });
    return [out, weights!];
  }
}

/** Every kind of layer, with drawn options and a fitting input. */
export const layerCase: fc.Arbitrary<LayerCase> = fc.oneof(linear, conv2d, conv1d, convTranspose2d, pool2d, pool1d, adaptive, norms, embedding, activations, reshaping, recurrent, attention);
