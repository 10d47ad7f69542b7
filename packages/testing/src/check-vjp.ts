// checkVjp, the random-direction check ⟨Jᵀu, v⟩ = ⟨u, J·v⟩ of a function's vjp; one check per file.
import { type NDArray, Generator, ValueError, randn, ndarray } from "@tsgrad/ndarray";
import { type Tensor, grad } from "@tsgrad/autograd";
import { CheckError } from "./check-error.js";
import { type OptionKeys, checkNumber, checkOptions, describeValue, orDefault } from "@tsgrad/ndarray/internal";
import { type CheckInput, callChecked, checkFnAndInputs, checkShapeOf, leavesOf, toFloat64NDArray } from "./check-input.js";
import { absError, dot, flatFloat64, fmtNumber } from "./numbers.js";

/**
 * Options of {@link checkVjp}.
 * @example
 * ```ts
 * import { type CheckVjpOptions, checkVjp } from "@tsgrad/testing";
 * import { matmul } from "@tsgrad/autograd";
 * const opts: CheckVjpOptions = { u: [[1, 0], [0, 1]], seed: 7, raise: true };
 * checkVjp((a, b) => matmul(a!, b!), [[[1, 2], [3, 4]], [[0.5, 0], [0, 2]]], opts).ok; // true
 * ```
 * @category Checks
 */
export interface CheckVjpOptions {
  /** The output-side direction `u`, of the output's shape (default: seeded normal samples). */
  u?: CheckInput;
  /** The input-side directions `v`, one per input, each of that input's shape (default: seeded normal samples). */
  v?: readonly CheckInput[];
  /** Seed of the random directions (default 0). */
  seed?: number;
  /** Finite-difference step along `v` (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, times `Σₖ |uₖ · (J·v)ₖ|` (default 1e-3). */
  rtol?: number;
  /** Throw a {@link CheckError} naming the failing input when the check fails (default false). */
  raise?: boolean;
}

const CHECK_VJP_KEYS: OptionKeys<CheckVjpOptions> = { u: true, v: true, seed: true, eps: true, atol: true, rtol: true, raise: true };

/**
 * The two sides of the identity for one input.
 * @example
 * ```ts
 * import { type VjpCheckTerm, checkVjp } from "@tsgrad/testing";
 * import { div } from "@tsgrad/autograd";
 * const terms: VjpCheckTerm[] = checkVjp((a, b) => div(a!, b!), [[1, 2], [3, 4]]).terms;
 * terms.map((t) => t.input); // [0, 1]: one term per input
 * ```
 * @category Checks
 */
export interface VjpCheckTerm {
  /** Which input. */
  input: number;
  /** `⟨u, Jᵢ·vᵢ⟩` with `Jᵢ·vᵢ` a central difference along `vᵢ`. */
  numeric: number;
  /** `⟨Jᵢᵀu, vᵢ⟩` with `Jᵢᵀu` from autograd. */
  analytic: number;
  /** `|analytic − numeric|` (Infinity when either is NaN). */
  error: number;
  /** The allowed error, `atol + rtol · Σₖ |uₖ · (Jᵢ·vᵢ)ₖ|`. */
  tolerance: number;
}

/**
 * What {@link checkVjp} returns.
 * @example
 * ```ts
 * import { type CheckVjpResult, checkVjp } from "@tsgrad/testing";
 * import { exp } from "@tsgrad/autograd";
 * const r: CheckVjpResult = checkVjp((x) => exp(x!), [[0.1, 0.2, 0.3]]);
 * [r.ok, Math.abs(r.analytic - r.numeric) < 1e-6]; // [true, true]
 * ```
 * @category Checks
 */
export interface CheckVjpResult {
  /** Whether the identity holds for every input within tolerance. */
  ok: boolean;
  /** `⟨u, J·v⟩` summed over the inputs (finite differences). */
  numeric: number;
  /** `⟨Jᵀu, v⟩` summed over the inputs (autograd). */
  analytic: number;
  /** One term per input. */
  terms: VjpCheckTerm[];
  /** The term with the largest error relative to its tolerance (null without inputs). */
  worst: VjpCheckTerm | null;
}

/**
 * The random-direction test of a vector–Jacobian product: `⟨u, J·v⟩ ≈ ⟨Jᵀu, v⟩`.
 *
 * `Jᵀu` comes from autograd (the vjp under test) and `J·v` from a float64 central
 * finite difference along `v`, `(f(x + eps·v) − f(x − eps·v)) / 2eps`. Each input is
 * checked on its own (its term perturbs only that input), so a failure names the input
 * whose vjp is wrong. Two function evaluations per input, whatever the size: the check
 * for large inputs and for property tests over random shapes, where {@link gradcheck}
 * (two evaluations per element) is too slow.
 *
 * @param fn - the function under test, of Tensors; it must return a float64 Tensor
 * @param inputs - the point to check at: Tensors, numbers or nested arrays (copied to float64 leaves; never modified)
 * @param opts - `u`, `v`, `seed`, `eps`, `atol`, `rtol`, `raise`
 * @returns whether it passed, both sides of the identity, and one term per input
 * @throws CheckError when the check fails and `raise` is true
 * @example
 * ```ts
 * import { checkVjp } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * const a = tg.randn([3, 4], { seed: 1, dtype: "float64" });
 * const b = tg.randn([4, 2], { seed: 2, dtype: "float64" });
 * checkVjp((x, y) => x!.matmul(y!), [a, b]).ok; // true
 * ```
 * @category Checks
 */
export function checkVjp(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly CheckInput[], opts: CheckVjpOptions = {}): CheckVjpResult {
  const op = "checkVjp";
  opts = checkOptions(op, opts, CHECK_VJP_KEYS);
  const eps = checkNumber(op, "options", "eps", orDefault(opts.eps, 1e-6), { min: 0, minExclusive: true });
  const atol = checkNumber(op, "options", "atol", orDefault(opts.atol, 1e-5), { min: 0 });
  const rtol = checkNumber(op, "options", "rtol", orDefault(opts.rtol, 1e-3), { min: 0 });
  const xs = checkFnAndInputs(op, fn, inputs);
  const leaves = leavesOf(xs);
  const out = callChecked(op, fn, leaves);
  const generator = new Generator(opts.seed ?? 0);
  const u = opts.u === undefined ? randn(out.shape, { generator, dtype: "float64" }) : toFloat64NDArray(op, opts.u, "u");
  checkShapeOf(op, "u", u, out.shape);
  let vs: NDArray[];
  if (opts.v === undefined) {
    vs = xs.map((x) => randn(x.shape, { generator, dtype: "float64" }));
  } else {
    if (!Array.isArray(opts.v) || opts.v.length !== xs.length) {
      throw new ValueError(op, `got ${Array.isArray(opts.v) ? opts.v.length : describeValue(opts.v)} directions v for ${xs.length} inputs; pass one per input`, {});
    }
    vs = opts.v.map((v, i) => toFloat64NDArray(op, v, `v[${i}]`));
    vs.forEach((v, i) => checkShapeOf(op, `v[${i}]`, v, xs[i]!.shape));
  }
  const uFlat = flatFloat64(u);

  const jtu = out.requiresGrad
    ? grad(out, leaves, { gradOutputs: [u], allowUnused: true }).map((g, i) => (g ? flatFloat64(g.data) : new Float64Array(xs[i]!.size)))
    : xs.map((x) => new Float64Array(x.size));

  const base = xs.map(flatFloat64);
  const evaluate = (i: number, sign: number): Float64Array => {
    const shifted = base.map((b, k) => {
      if (k !== i) return ndarray(b, { shape: xs[k]!.shape.slice() });
      const v = flatFloat64(vs[k]!);
      const moved = new Float64Array(b.length);
      for (let j = 0; j < b.length; j++) moved[j] = b[j]! + sign * eps * v[j]!;
      return ndarray(moved, { shape: xs[k]!.shape.slice() });
    });
    const o = callChecked(op, fn, leavesOf(shifted));
    checkShapeOf(op, "the output at a perturbed input", o.data, out.shape);
    return flatFloat64(o.data);
  };

  const terms: VjpCheckTerm[] = [];
  let worst: VjpCheckTerm | null = null;
  let worstRatio = -1;
  for (let i = 0; i < xs.length; i++) {
    const plus = evaluate(i, 1);
    const minus = evaluate(i, -1);
    let numeric = 0;
    let scale = 0;
    for (let k = 0; k < uFlat.length; k++) {
      const term = (uFlat[k]! * (plus[k]! - minus[k]!)) / (2 * eps);
      numeric += term;
      scale += Math.abs(term);
    }
    const analytic = dot(jtu[i]!, flatFloat64(vs[i]!));
    const error = absError(analytic, numeric);
    const tolerance = atol + rtol * (Number.isNaN(scale) ? 0 : scale);
    const t: VjpCheckTerm = { input: i, numeric, analytic, error, tolerance };
    terms.push(t);
    const ratio = error === 0 ? 0 : tolerance === 0 ? Infinity : error / tolerance;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = t;
    }
  }
  const result: CheckVjpResult = {
    ok: terms.every((t) => t.error <= t.tolerance),
    numeric: terms.reduce((acc, t) => acc + t.numeric, 0),
    analytic: terms.reduce((acc, t) => acc + t.analytic, 0),
    terms,
    worst,
  };
  if (!result.ok && (opts.raise ?? false)) {
    const w = result.worst!;
    throw new CheckError(
      op,
      `the vjp of input ${w.input} disagrees with the finite difference along a random direction: ` +
        `⟨Jᵀu, v⟩ = ${fmtNumber(w.analytic)} (autograd) but ⟨u, J·v⟩ = ${fmtNumber(w.numeric)} (central difference, eps ${eps}) ` +
        `(|difference| ${fmtNumber(w.error)} > tolerance ${fmtNumber(w.tolerance)} = atol ${atol} + rtol ${rtol}·Σ|u·Jv|, seed ${opts.seed ?? 0})`,
      result,
    );
  }
  return result;
}
