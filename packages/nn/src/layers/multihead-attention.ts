// MultiheadAttention (torch.nn.MultiheadAttention): packed or separate q/k/v projections, the
// masks (key padding, attention, causal), heads, and the output projection; its own file as every layer.
import { type Tensor, add, broadcastTo, concat, div, matmul, permute, reshape, slice, softmax, sum, tensor, transpose, unsqueeze, where } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { type DType, DTypeError, ShapeError, ValueError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, constant, resolveSeed, xavierNormal, xavierUniform } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkNumber, checkOptions, describe, fmtShape, inputTensor, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { Dropout } from "./dropout.js";
import { Linear } from "./linear.js";

/**
 * Options of {@link MultiheadAttention}, PyTorch's keyword arguments in camelCase.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.nn.MultiheadAttentionOptions = { kdim: 6, vdim: 5, batchFirst: true, seed: 0 };
 * const mha = new tg.nn.MultiheadAttention(8, 2, opts);
 * [mha.inProjWeight, mha.kProjWeight?.shape]; // [null, [8, 6]]
 * ```
 * @category Layers
 */
export interface MultiheadAttentionOptions extends SeedOptions {
  /** Dropout probability on the attention weights, in training (default 0). */
  dropout?: number;
  /** Learn the input and output projection biases (default true). */
  bias?: boolean;
  /** Learn a key and a value (`biasK`, `biasV`, `(1, 1, embedDim)`) appended to every key and value sequence (default false). */
  addBiasKv?: boolean;
  /** Append a zero key and value to every head's sequences (default false). */
  addZeroAttn?: boolean;
  /** Features of the keys (default `embedDim`). */
  kdim?: number;
  /** Features of the values (default `embedDim`). */
  vdim?: number;
  /** Inputs and output are `(N, L, features)` instead of `(L, N, features)` (default false). */
  batchFirst?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/**
 * Options of {@link MultiheadAttention.forward}, PyTorch's arguments in camelCase. A
 * boolean mask is an int32 Tensor of 0/1 (what comparisons like `gt` return) where **1
 * means "masked out"**; a float mask of the query's dtype is added to the scores.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const mha = new tg.nn.MultiheadAttention(4, 2, { batchFirst: true, seed: 0 });
 * const x = tg.randn([2, 3, 4], { seed: 1 });
 * const opts: tg.nn.MultiheadAttentionForwardOptions = {
 *   keyPaddingMask: tg.tensor([[0, 0, 1], [0, 0, 0]], { dtype: "int32" }), // ignore the 3rd key of sample 0
 *   isCausal: true,
 *   averageAttnWeights: false,
 * };
 * mha.forward(x, x, x, opts)[1]!.shape; // [2, 2, 3, 3]
 * ```
 * @category Layers
 */
export interface MultiheadAttentionForwardOptions {
  /** `(N, S)` (unbatched `(S)`): keys to ignore (boolean, 1 = ignore) or a float mask added per key. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true); else the second result is null. */
  needWeights?: boolean;
  /** `(L, S)` or `(N·numHeads, L, S)` (unbatched `(numHeads, L, S)`): boolean (1 = may not attend) or float (added). */
  attnMask?: Tensor | null;
  /** Average the returned weights over the heads (default true); else one map per head. */
  averageAttnWeights?: boolean;
  /** Mask the future: query i attends to keys j ≤ i only (default false); combined with `attnMask` when both are given. */
  isCausal?: boolean;
}

const OP = "MultiheadAttention";


/** The option names of {@link MultiheadAttentionForwardOptions}. */
const FORWARD_KEYS: OptionKeys<MultiheadAttentionForwardOptions> = {
  keyPaddingMask: true,
  needWeights: true,
  attnMask: true,
  averageAttnWeights: true,
  isCausal: true,
};

/**
 * Checks an attention layer's width and head count under `op`'s name and the layer's own names
 * for them (`embedDim`/`numHeads`, `dModel`/`nhead`): positive integers, the count dividing the
 * width. Returns both. @internal
 */
export function checkHeads(op: string, widthName: string, width: number, headsName: string, heads: number): [number, number] {
  checkInteger(op, "arguments", widthName, width, 1);
  checkInteger(op, "arguments", headsName, heads, 1);
  if (width % heads !== 0) {
    throw new ValueError(op, `${widthName} ${width} is not divisible by ${headsName} ${heads}`, { [widthName]: width, [headsName]: heads });
  }
  return [width, heads];
}

/**
 * Multi-head attention (`torch.nn.MultiheadAttention`): the query, key and value are
 * projected (`inProjWeight` `(3·embedDim, embedDim)` and `inProjBias` `(3·embedDim)`, or
 * `qProjWeight`, `kProjWeight` `(embedDim, kdim)`, `vProjWeight` `(embedDim, vdim)` when
 * `kdim`/`vdim` differ from `embedDim`), split into `numHeads` heads of `embedDim /
 * numHeads` features, each attends with `softmax(Q Kᵀ / √headDim + mask) V`, and the
 * heads are concatenated and projected by `outProj` (a {@link Linear}). Parameter names
 * map to PyTorch's (`in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `q_proj_weight`,
 * `bias_k`, …) through {@link fromPyTorchKeys}; PyTorch's initialisation (Xavier-uniform
 * projections, zero biases). Shapes: query `(L, N, embedDim)`, key `(S, N, kdim)`, value
 * `(S, N, vdim)` (batch first with `batchFirst`, or unbatched without N); output like the
 * query; weights `(N, L, S)` averaged over heads or `(N, numHeads, L, S)`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const mha = new tg.nn.MultiheadAttention(8, 2, { seed: 0 });
 * const x = tg.randn([5, 3, 8], { seed: 1 }); // (L, N, embedDim)
 * const [out, weights] = mha.forward(x, x, x);
 * [out.shape, weights!.shape]; // [[5, 3, 8], [3, 5, 5]]
 * ```
 * @category Layers
 */
export class MultiheadAttention extends Module {
  /** Features of the query and the output. */
  readonly embedDim: number;
  /** Features of the key. */
  readonly kdim: number;
  /** Features of the value. */
  readonly vdim: number;
  /** Number of heads. */
  readonly numHeads: number;
  /** Features per head, `embedDim / numHeads`. */
  readonly headDim: number;
  /** Dropout probability on the attention weights, in training. */
  readonly dropout: number;
  /** Whether inputs and output are `(N, L, features)`. */
  readonly batchFirst: boolean;
  /** Whether a zero key and value are appended. */
  readonly addZeroAttn: boolean;
  /** The packed projection `(3·embedDim, embedDim)` (rows: query, key, value), or null when `kdim`/`vdim` differ. */
  inProjWeight: Parameter | null;
  /** The query projection `(embedDim, embedDim)` when `kdim`/`vdim` differ, else null. */
  qProjWeight: Parameter | null;
  /** The key projection `(embedDim, kdim)` when `kdim`/`vdim` differ, else null. */
  kProjWeight: Parameter | null;
  /** The value projection `(embedDim, vdim)` when `kdim`/`vdim` differ, else null. */
  vProjWeight: Parameter | null;
  /** The projection biases `(3·embedDim)` (query, key, value), or null without bias. */
  inProjBias: Parameter | null;
  /** The learnt key appended to the keys `(1, 1, embedDim)` with `addBiasKv`, else null. */
  biasK: Parameter | null;
  /** The learnt value appended to the values `(1, 1, embedDim)` with `addBiasKv`, else null. */
  biasV: Parameter | null;
  /** The output projection, `embedDim → embedDim`. */
  outProj: Linear;
  readonly #dropout: Dropout;

  /**
   * @param embedDim - features of the query and the output
   * @param numHeads - number of heads; must divide `embedDim`
   * @param opts - `dropout`, `bias`, `addBiasKv`, `addZeroAttn`, `kdim`, `vdim`, `batchFirst`, `dtype`, `seed`/`generator`
   * @throws ValueError for bad sizes or options, or `embedDim` not divisible by `numHeads`
   */
  constructor(embedDim: number, numHeads: number, opts: MultiheadAttentionOptions = {}) {
    checkOptions("MultiheadAttention", opts, KEYS);
    super();
    [this.embedDim, this.numHeads] = checkHeads(OP, "embedDim", embedDim, "numHeads", numHeads);
    this.headDim = embedDim / numHeads;
    this.kdim = checkInteger(OP, "options", "kdim", orDefault(opts.kdim, embedDim), 1);
    this.vdim = checkInteger(OP, "options", "vdim", orDefault(opts.vdim, embedDim), 1);
    this.dropout = checkNumber(OP, "options", "dropout", orDefault(opts.dropout, 0), { min: 0, max: 1 });
    this.batchFirst = booleanOption(OP, "options", "batchFirst", opts.batchFirst, false);
    const bias = booleanOption(OP, "options", "bias", opts.bias, true);
    const addBiasKv = booleanOption(OP, "options", "addBiasKv", opts.addBiasKv, false);
    this.addZeroAttn = booleanOption(OP, "options", "addZeroAttn", opts.addZeroAttn, false);
    const dtype = opts.dtype ?? "float32";
    if (dtype !== "float32" && dtype !== "float64") throw new ValueError(OP, `options: invalid dtype ${describe(dtype)}; expected "float32" or "float64"`, { dtype });
    const generator = resolveSeed(OP, opts);
    const seeded = generator ? { generator } : {};
    this.#dropout = new Dropout(this.dropout, seeded);
    const e = this.embedDim;
    const packed = this.kdim === e && this.vdim === e;
    const xavier = (shape: number[]): Parameter => underName("MultiheadAttention", () => xavierUniform(new Parameter(zeros(shape, { dtype })), 1, seeded));
    this.inProjWeight = packed ? xavier([3 * e, e]) : null;
    this.qProjWeight = packed ? null : xavier([e, e]);
    this.kProjWeight = packed ? null : xavier([e, this.kdim]);
    this.vProjWeight = packed ? null : xavier([e, this.vdim]);
    this.inProjBias = underName("MultiheadAttention", () => bias ? new Parameter(zeros([3 * e], { dtype })) : null);
    this.biasK = underName("MultiheadAttention", () => addBiasKv ? xavierNormal(new Parameter(zeros([1, 1, e], { dtype })), 1, seeded) : null);
    this.biasV = underName("MultiheadAttention", () => addBiasKv ? xavierNormal(new Parameter(zeros([1, 1, e], { dtype })), 1, seeded) : null);
    this.outProj = new Linear(e, e, { bias, dtype, ...seeded });
    if (this.outProj.bias) constant(this.outProj.bias, 0);
  }

  /**
   * Attends from the query to the key/value sequence.
   * @param query - `(L, N, embedDim)`, `(N, L, embedDim)` with `batchFirst`, or unbatched `(L, embedDim)`
   * @param key - `(S, N, kdim)` (likewise)
   * @param value - `(S, N, vdim)` (likewise)
   * @param opts - `keyPaddingMask`, `attnMask`, `isCausal`, `needWeights`, `averageAttnWeights`
   * @returns `[output, weights]`: output shaped as the query; weights `(N, L, S)` (averaged over
   *   heads) or `(N, numHeads, L, S)`, without N when unbatched, or null when `needWeights` is false
   *   (S counts the appended keys of `addBiasKv` and `addZeroAttn`)
   * @throws ShapeError for inputs or masks of the wrong shape; DTypeError for masks of the wrong
   *   dtype or inputs of another dtype than the parameters; ValueError for boolean masks with values other than 0 and 1
   */
  forward(query: Tensor, key: Tensor, value: Tensor, opts: MultiheadAttentionForwardOptions = {}): [Tensor, Tensor | null] {
    checkOptions(OP, opts, FORWARD_KEYS);
    const q0 = inputTensor(OP, query);
    const k0 = inputTensor(OP, key);
    const v0 = inputTensor(OP, value);
    const e = this.embedDim;
    const heads = this.numHeads;
    const dtype = this.outProj.weight.dtype;
    const layout = this.batchFirst ? "(N, L, E)" : "(L, N, E)";
    if (q0.ndim !== 2 && q0.ndim !== 3) throw new ShapeError(OP, `expected a ${layout} query or an unbatched (L, E) one, got ${fmtShape(q0.shape)}`, { query: q0.shape });
    const batched = q0.ndim === 3;
    const shapes = `query ${fmtShape(q0.shape)}, key ${fmtShape(k0.shape)} and value ${fmtShape(v0.shape)}`;
    if (k0.ndim !== q0.ndim || v0.ndim !== q0.ndim) {
      throw new ShapeError(OP, `query, key and value must all be ${batched ? "batched (3-D)" : "unbatched (2-D)"}, got ${shapes}`, { query: q0.shape, key: k0.shape, value: v0.shape });
    }
    for (const [name, t] of [["query", q0], ["key", k0], ["value", v0]] as const) {
      if (t.dtype !== dtype) throw new DTypeError(OP, `expected a ${dtype} ${name} (the parameters' dtype), got ${t.dtype}`, { dtype: t.dtype });
    }
    // Batch first from here on: (N, L, E), (N, S, kdim), (N, S, vdim).
    const bf = (t: Tensor): Tensor => (!batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1));
    const [q, k, v] = [bf(q0), bf(k0), bf(v0)];
    const [n, l] = [q.shape[0]!, q.shape[1]!];
    const s = k.shape[1]!;
    if (q.shape[2] !== e || k.shape[2] !== this.kdim || v.shape[2] !== this.vdim || k.shape[0] !== n || v.shape[0] !== n || v.shape[1] !== s) {
      throw new ShapeError(
        OP,
        `expected query ${batched ? layout.replace("E", String(e)) : `(L, ${e})`}, key with ${this.kdim} features (kdim) and value with ${this.vdim} (vdim), the same batch size and as many keys as values; got ${shapes}`,
        { query: q0.shape, key: k0.shape, value: v0.shape },
      );
    }

    // Projections.
    const rows = (w: Parameter, i: number): Tensor => slice(w, [[i * e, (i + 1) * e]]);
    const b = this.inProjBias;
    const project = (x: Tensor, i: number, w: Parameter | null): Tensor => {
      const weight = this.inProjWeight ? rows(this.inProjWeight, i) : w!;
      const y = matmul(x, transpose(weight));
      return b ? add(y, rows(b, i)) : y;
    };
    let qp = project(q, 0, this.qProjWeight);
    let kp = project(k, 1, this.kProjWeight);
    let vp = project(v, 2, this.vProjWeight);
    if (this.biasK && this.biasV) {
      kp = concat([kp, broadcastTo(this.biasK, [n, 1, e])], 1);
      vp = concat([vp, broadcastTo(this.biasV, [n, 1, e])], 1);
    }
    const split = (t: Tensor): Tensor => permute(reshape(t, [n, t.shape[1]!, heads, this.headDim]), [0, 2, 1, 3]);
    qp = split(qp);
    kp = split(kp);
    vp = split(vp);
    if (this.addZeroAttn) {
      const z = tensor(zeros([n, heads, 1, this.headDim], { dtype }));
      kp = concat([kp, z], 2);
      vp = concat([vp, z], 2);
    }
    const total = kp.shape[2]!;

    // Scores (N, H, L, S'), masked.
    let scores = matmul(div(qp, Math.sqrt(this.headDim)), transpose(kp));
    const { blocked, added } = this.#masks(opts, batched, n, l, s, total, dtype);
    for (const m of added) scores = add(scores, m);
    if (blocked) scores = where(blocked, -Infinity, scores);
    let attn = softmax(scores, -1);
    if (this.training && this.dropout > 0) attn = this.#dropout.forward(attn);

    let out = reshape(permute(matmul(attn, vp), [0, 2, 1, 3]), [n, l, e]);
    out = this.outProj.forward(out);
    out = !batched ? reshape(out, [l, e]) : this.batchFirst ? out : transpose(out, 0, 1);

    if (!booleanOption(OP, "forward options", "needWeights", opts.needWeights, true)) return [out, null];
    let weights = booleanOption(OP, "forward options", "averageAttnWeights", opts.averageAttnWeights, true) ? div(sum(attn, 1), heads) : attn;
    if (!batched) weights = reshape(weights, weights.shape.slice(1));
    return [out, weights];
  }

  /**
   * The masks as a boolean "blocked" NDArray and additive Tensors, each broadcastable to the
   * scores `(N, H, L, S')`, padded with "not masked" for the appended keys.
   */
  #masks(
    opts: MultiheadAttentionForwardOptions,
    batched: boolean,
    n: number,
    l: number,
    s: number,
    total: number,
    dtype: DType,
  ): { blocked: T.NDArray | null; added: Tensor[] } {
    const heads = this.numHeads;
    let blocked: T.NDArray | null = null;
    const added: Tensor[] = [];
    const pad = total - s;
    const take = (name: string, m: Tensor, view: number[]): void => {
      if (m.dtype === "int32") {
        const values = m.toTypedArray();
        for (const x of values) {
          if (x !== 0 && x !== 1) throw new ValueError(OP, `a boolean ${name} must hold only 0 and 1 (int32), got ${x}`, { [name]: m.shape });
        }
        let nd = T.reshape(m.data, view);
        if (pad > 0) nd = T.concat([nd, T.zeros([...view.slice(0, -1), pad], { dtype: "int32" })], -1);
        blocked = blocked === null ? nd : T.maximum(blocked, nd);
      } else {
        if (m.dtype !== dtype) throw new DTypeError(OP, `a float ${name} must have the query's dtype ${dtype}, got ${m.dtype}`, { dtype: m.dtype });
        let t = reshape(m, view);
        if (pad > 0) t = concat([t, tensor(zeros([...view.slice(0, -1), pad], { dtype }))], -1);
        added.push(t);
      }
    };
    const kpm = opts.keyPaddingMask ?? null;
    if (kpm !== null) {
      const m = inputTensor(OP, kpm);
      const expected = batched ? [n, s] : [s];
      if (m.ndim !== expected.length || m.shape.some((d, i) => d !== expected[i])) {
        throw new ShapeError(OP, `expected keyPaddingMask of shape ${fmtShape(expected)} (${batched ? "N, S" : "S"}), got ${fmtShape(m.shape)}`, {
          keyPaddingMask: m.shape,
          expected,
        });
      }
      take("keyPaddingMask", m, [n, 1, 1, s]);
    }
    const am = opts.attnMask ?? null;
    if (am !== null) {
      const m = inputTensor(OP, am);
      const three = batched ? [n * heads, l, s] : [heads, l, s];
      const ok = (shape: number[]): boolean => m.ndim === shape.length && m.shape.every((d, i) => d === shape[i]);
      if (!ok([l, s]) && !ok(three)) {
        throw new ShapeError(OP, `expected attnMask of shape ${fmtShape([l, s])} (L, S) or ${fmtShape(three)} (${batched ? "N·numHeads" : "numHeads"}, L, S), got ${fmtShape(m.shape)}`, {
          attnMask: m.shape,
        });
      }
      take("attnMask", m, m.ndim === 2 ? [1, 1, l, s] : [n, heads, l, s]);
    }
    if (booleanOption(OP, "forward options", "isCausal", opts.isCausal, false)) {
      const future = T.gt(T.reshape(T.arange(0, s, 1, { dtype: "int32" }), [1, s]), T.reshape(T.arange(0, l, 1, { dtype: "int32" }), [l, 1]));
      take("isCausal mask", tensor(future), [1, 1, l, s]);
    }
    return { blocked, added };
  }

  /**
   * The settings shown by `toString()`.
   * @returns `embedDim=…, numHeads=…` and the options that differ from their defaults
   */
  override extraRepr(): string {
    const parts = [`embedDim=${this.embedDim}`, `numHeads=${this.numHeads}`];
    if (this.kdim !== this.embedDim) parts.push(`kdim=${this.kdim}`);
    if (this.vdim !== this.embedDim) parts.push(`vdim=${this.vdim}`);
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.batchFirst) parts.push("batchFirst=true");
    return parts.join(", ");
  }
}

/** The option names of {@link MultiheadAttentionOptions}. */
const KEYS: OptionKeys<MultiheadAttentionOptions> = {
  ...SEED_KEYS,
  dropout: true,
  bias: true,
  addBiasKv: true,
  addZeroAttn: true,
  kdim: true,
  vdim: true,
  batchFirst: true,
  dtype: true,
};
