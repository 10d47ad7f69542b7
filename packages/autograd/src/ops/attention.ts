// scaledDotProductAttention: PyTorch's F.scaled_dot_product_attention as a composite (matmul,
// masking, softmax, dropout), the attention core of transformer models; its own file as every op.
import * as T from "@tsgrad/ndarray";
import { type Operand, asTensor, tensorAmong } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { add } from "../primitives/add.js";
import { matmul } from "../primitives/matmul.js";
import { mul } from "../primitives/mul.js";
import { where } from "../primitives/where.js";
import { transpose } from "./shape.js";
import { softmax } from "./softmax.js";
import { type OptionKeys, checkBoolean, checkNumber, checkOptions, fmtShape, underName } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link scaledDotProductAttention}.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const opts: tg.ScaledDotProductAttentionOptions = { isCausal: true, scale: 0.5 };
 * const q = tg.randn([1, 4, 8], { seed: 0 });
 * tg.scaledDotProductAttention(q, q, q, opts).shape; // [1, 4, 8]
 * ```
 * @category Composite ops
 */
export interface ScaledDotProductAttentionOptions {
  /**
   * A mask broadcastable to `(…, L, S)`: a boolean mask as an int32 Tensor of 0/1 where
   * **1 means "may attend"** (PyTorch's convention for this function; the opposite of
   * `MultiheadAttention`'s masks), or a float mask added to the scores.
   */
  attnMask?: Tensor | null;
  /** Probability of zeroing an attention weight (default 0); applied whenever > 0, as PyTorch. */
  dropoutP?: number;
  /** Let position `i` attend only to positions `j ≤ i` (a lower-triangular mask; default false). Not with `attnMask`. */
  isCausal?: boolean;
  /** Factor of the scores (default `1 / √E`). */
  scale?: number;
  /** Seed of a fresh generator for the dropout mask. */
  seed?: number;
  /** Generator for the dropout mask (it advances); default the global generator. */
  generator?: T.Generator;
}

const ATTENTION_KEYS: OptionKeys<ScaledDotProductAttentionOptions> = {
  attnMask: true,
  dropoutP: true,
  isCausal: true,
  scale: true,
  seed: true,
  generator: true,
};

/** Throws a ShapeError naming the op and both shapes unless `mask` broadcasts to `target`. */
function checkBroadcast(op: string, what: string, mask: readonly number[], target: readonly number[]): void {
  const fits = mask.length <= target.length && mask.every((d, i) => d === 1 || d === target[target.length - mask.length + i]);
  if (!fits) {
    throw new T.ShapeError(op, `${what} of shape ${fmtShape(mask)} does not broadcast to the attention scores of shape ${fmtShape(target)} (…, L, S)`, {
      mask,
      scores: target,
    });
  }
}

/**
 * Attention `softmax(Q Kᵀ · scale + mask) V` over the last two axes, as PyTorch's
 * `F.scaled_dot_product_attention` (its math path): query `(…, L, E)`, key `(…, S, E)`,
 * value `(…, S, Ev)` with broadcasting leading axes give `(…, L, Ev)`. A boolean
 * `attnMask` (int32 0/1) keeps the scores where it is 1 and sets the others to −∞; a float
 * one is added. A row that may attend to nothing is NaN, as in PyTorch. Composite: matmul,
 * where/add, softmax and (with `dropoutP`) a scaled random mask; gradients of every order
 * come from those.
 *
 * @param query - `(…, L, E)`, float
 * @param key - `(…, S, E)`
 * @param value - `(…, S, Ev)`
 * @param opts - `attnMask`, `dropoutP`, `isCausal`, `scale`, `seed`/`generator`
 * @returns `(…, L, Ev)`
 * @throws ShapeError when the shapes do not fit (naming them); DTypeError for int32 inputs or a
 *   mask of another float dtype; ValueError for `isCausal` together with `attnMask`, or a bad `dropoutP`/`scale`
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const q = tg.randn([2, 3, 5, 4], { seed: 0 }); // (batch, heads, L, E)
 * const k = tg.randn([2, 3, 6, 4], { seed: 1 });
 * const v = tg.randn([2, 3, 6, 7], { seed: 2 });
 * tg.scaledDotProductAttention(q, k, v).shape;                      // [2, 3, 5, 7]
 * tg.scaledDotProductAttention(q, k, v, { isCausal: true }).shape;  // [2, 3, 5, 7]
 * ```
 * @category Composite ops
 */
export function scaledDotProductAttention(query: Operand, key: Operand, value: Operand, opts: ScaledDotProductAttentionOptions = {}): Tensor {
  return underName("scaledDotProductAttention", () => {
    checkOptions("scaledDotProductAttention", opts, ATTENTION_KEYS);
    const op = "scaledDotProductAttention";
    const like = tensorAmong(query, key, value);
    const q = asTensor(query, like, op);
    const k = asTensor(key, q, op);
    const v = asTensor(value, q, op);
    for (const [name, t] of [["query", q], ["key", k], ["value", v]] as const) {
      if (t.ndim < 2) throw new T.ShapeError(op, `${name} must have at least 2 axes (…, length, features), got ${fmtShape(t.shape)}`, { [name]: t.shape });
      if (t.dtype === "int32") throw new T.DTypeError(op, `${name} must be float32 or float64, got int32`, { dtype: t.dtype });
    }
    const e = q.shape[q.ndim - 1]!;
    const s = k.shape[k.ndim - 2]!;
    if (k.shape[k.ndim - 1] !== e || v.shape[v.ndim - 2] !== s) {
      throw new T.ShapeError(op, `expected query (…, L, E), key (…, S, E) and value (…, S, Ev), got query ${fmtShape(q.shape)}, key ${fmtShape(k.shape)} and value ${fmtShape(v.shape)}`, {
        query: q.shape,
        key: k.shape,
        value: v.shape,
      });
    }
    const { attnMask = null, dropoutP = 0 } = opts;
    // undefined alone takes a default: null, 1 or "no" is no boolean (guarantees.md).
    const isCausal = opts.isCausal === undefined ? false : checkBoolean(op, "options", "isCausal", opts.isCausal);
    const scale = checkNumber(op, "options", "scale", opts.scale === undefined ? 1 / Math.sqrt(e) : opts.scale);
    checkNumber(op, "options", "dropoutP", dropoutP, { min: 0, max: 1 });
    if (isCausal && attnMask !== null) throw new T.ValueError(op, "give either attnMask or isCausal, not both (PyTorch's rule)", {});

    let scores = matmul(mul(q, scale), transpose(k));
    const l = q.shape[q.ndim - 2]!;
    if (isCausal) {
      // Lower-triangular (top-left aligned when L ≠ S): j ≤ i may attend.
      const keep = T.le(T.reshape(T.arange(0, s, 1, { dtype: "int32" }), [1, s]), T.reshape(T.arange(0, l, 1, { dtype: "int32" }), [l, 1]));
      scores = where(keep, scores, -Infinity);
    } else if (attnMask !== null) {
      const m = asTensor(attnMask as Operand, q, op);
      checkBroadcast(op, "attnMask", m.shape, scores.shape);
      if (m.dtype === "int32") {
        scores = where(m.data, scores, -Infinity);
      } else {
        if (m.dtype !== q.dtype) throw new T.DTypeError(op, `a float attnMask must have the query's dtype ${q.dtype}, got ${m.dtype}`, { dtype: m.dtype });
        scores = add(scores, m);
      }
    }
    let weights = softmax(scores, -1);
    if (dropoutP > 0) {
      if (dropoutP === 1) {
        weights = mul(weights, 0);
      } else {
        const ropts: T.RandomOptions = { dtype: "float64" };
        if (opts.generator !== undefined) ropts.generator = opts.generator;
        if (opts.seed !== undefined) ropts.seed = opts.seed;
        const keep = T.div(T.lt(T.rand(weights.shape, ropts), 1 - dropoutP).astype(weights.dtype), 1 - dropoutP);
        weights = mul(weights, keep);
      }
    }
    return matmul(weights, v);
  });
}
