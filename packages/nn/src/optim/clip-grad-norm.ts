// clipGradNorm, which rescales gradients to a maximum total norm, and the gathering of
// parameters with gradients it shares with clipGradValue: a free function, not an optimizer.
import { Tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, booleanOption, checkNumber, checkOptions, showValue } from "../checks.js";

/**
 * Options of {@link clipGradNorm}.
 * @example
 * ```ts
 * import { type ClipGradNormOptions, clipGradNorm } from "@tsgrad/nn";
 * import { tensor } from "@tsgrad/autograd";
 * const w = tensor([1], { requiresGrad: true });
 * w.log().neg().sum().backward(); // gradient −1
 * const strict: ClipGradNormOptions = { errorIfNonfinite: true };
 * clipGradNorm([w], 0.5, 2, strict); // 1 (the norm before clipping); a NaN or ∞ norm would throw
 * ```
 * @category Optimizers
 */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/** The option names of {@link ClipGradNormOptions}. */
const KEYS: OptionKeys<ClipGradNormOptions> = { errorIfNonfinite: true };

/** The distinct parameters of a Tensor or an iterable of them that have a gradient. @internal */
export function withGrads(op: string, params: Iterable<Tensor> | Tensor): Tensor[] {
  const list = params instanceof Tensor ? [params] : params !== null && typeof params === "object" && Symbol.iterator in params ? [...params] : null;
  if (list === null) throw new ValueError(op, `params must be a Tensor or an iterable of Tensors, got ${showValue(params)}`, {});
  const out = new Set<Tensor>();
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new ValueError(op, `params[${i}] is ${showValue(p)}, not a Tensor`, {});
    if (p.grad !== null) out.add(p);
  });
  return [...out];
}

/**
 * Rescales gradients so that their joint norm is at most `maxNorm`, as PyTorch's
 * `clip_grad_norm_`: the total norm is the `normType`-norm of all gradients together
 * (as if concatenated); when it exceeds `maxNorm` every gradient is multiplied by
 * `maxNorm / (total + 1e-6)`. Parameters without a gradient are ignored.
 *
 * @param params - a parameter or parameters (e.g. `model.parameters()`)
 * @param maxNorm - the largest norm allowed
 * @param normType - the p of the p-norm, or `Infinity` for the largest absolute value (default 2)
 * @param opts - `errorIfNonfinite`
 * @returns the total norm of the gradients before clipping, as a number (PyTorch's
 *   `clip_grad_norm_` returns it as a 0-d tensor; here `.item()` is not needed)
 * @throws ValueError for a negative `maxNorm` or a `normType` that is not positive;
 *   TsgradError for a non-finite total with `errorIfNonfinite`
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { clipGradNorm } from "@tsgrad/nn";
 * const w = tensor([3, 4], { requiresGrad: true });
 * w.mul(w).mul(0.5).sum().backward();  // grad [3, 4], norm 5
 * clipGradNorm([w], 1);                // 5
 * w.grad!.toArray();              // ≈ [0.6, 0.8]
 * ```
 * @category Optimizers
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2, opts: ClipGradNormOptions = {}): number {
  const op = "clipGradNorm";
  checkNumber(op, "arguments", "maxNorm", maxNorm, { min: 0 });
  const errorIfNonfinite = booleanOption(op, "options", "errorIfNonfinite", checkOptions(op, opts, KEYS).errorIfNonfinite, false);
  if (typeof normType !== "number" || !(normType > 0)) {
    throw new ValueError(op, `normType must be a number > 0 or Infinity, got ${showValue(normType)}`, { normType });
  }
  const list = withGrads(op, params);
  if (list.length === 0) return 0;
  let acc = 0;
  for (const p of list) {
    const g = p.grad!.data.toTypedArray();
    if (normType === Infinity) {
      for (let i = 0; i < g.length; i++) acc = Math.max(acc, Math.abs(g[i]!));
    } else if (normType === 2) {
      for (let i = 0; i < g.length; i++) acc += g[i]! * g[i]!;
    } else {
      for (let i = 0; i < g.length; i++) acc += Math.abs(g[i]!) ** normType;
    }
  }
  const total = normType === Infinity ? acc : normType === 2 ? Math.sqrt(acc) : acc ** (1 / normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new TsgradError(op, `the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped; pass errorIfNonfinite: false to scale anyway`, {
      total,
    });
  }
  const coef = maxNorm / (total + 1e-6);
  // As PyTorch, scale by min(coef, 1): a NaN total spreads NaN into the gradients.
  if (!(coef >= 1)) {
    for (const p of list) p.grad = new Tensor(T.mul(p.grad!.data, coef));
  }
  return total;
}
