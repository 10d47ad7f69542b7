// gradcheck, element-by-element comparison of autograd's gradients with float64 central
// differences, and the settings and runner gradgradcheck reuses.
import { type NDArray, randn, ndarray } from "@tsgrad/ndarray";
import { type Tensor, grad } from "@tsgrad/autograd";
import { CheckError } from "./check-error.js";
import { type OptionKeys, checkNumber, checkOptions, fmtShape, orDefault } from "@tsgrad/ndarray/internal";
import { type CheckInput, callChecked, checkFnAndInputs, checkShapeOf, leavesOf, toFloat64NDArray } from "./check-input.js";
import { absError, dot, flatFloat64, fmtNumber, unravelIndex } from "./numbers.js";

/**
 * Options of {@link gradcheck}.
 * @example
 * ```ts
 * import { type GradcheckOptions, gradcheck } from "@tsgrad/testing";
 * import { exp } from "@tsgrad/autograd";
 * const tight: GradcheckOptions = { eps: 1e-7, atol: 1e-8, rtol: 1e-6, seed: 3, raise: true };
 * gradcheck((x) => exp(x!), [[0.1, 0.2]], tight).ok; // true
 * ```
 * @category Checks
 */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, times `|numeric|` (default 1e-3). */
  rtol?: number;
  /**
   * The upstream gradient `u`, of the output's shape: the check differentiates
   * `Σ output · u`. Default: standard normal samples drawn from `seed`.
   */
  gradOutput?: CheckInput;
  /** Seed of the random upstream gradient (default 0). */
  seed?: number;
  /** Throw a {@link CheckError} naming the worst element when the check fails (default false). */
  raise?: boolean;
}

/**
 * One checked gradient element: where it is and how far autograd is from the
 * finite difference.
 * @example
 * ```ts
 * import { type GradcheckElement, gradcheck } from "@tsgrad/testing";
 * import { sin } from "@tsgrad/autograd";
 * const worst: GradcheckElement | null = gradcheck((x) => sin(x!), [[0, 1, 2]]).worst;
 * [worst!.input, worst!.index.length, worst!.error <= worst!.tolerance]; // [0, 1, true]
 * ```
 * @category Checks
 */
export interface GradcheckElement {
  /** Which input (its position in the inputs list). */
  input: number;
  /** Multi-index of the element within that input. */
  index: number[];
  /** The gradient autograd computed. */
  analytic: number;
  /** The central finite difference. */
  numeric: number;
  /** `|analytic − numeric|` (Infinity when either is NaN). */
  error: number;
  /** The allowed error for this element, `atol + rtol · |numeric|`. */
  tolerance: number;
}

/**
 * What {@link gradcheck} and {@link gradgradcheck} return.
 * @example
 * ```ts
 * import { type GradcheckResult, gradcheck } from "@tsgrad/testing";
 * import { mul } from "@tsgrad/autograd";
 * const r: GradcheckResult = gradcheck((a, b) => mul(a!, b!), [[1, 2], [3, 4]]);
 * [r.ok, r.checked, r.failures]; // [true, 4, 0]
 * ```
 * @category Checks
 */
export interface GradcheckResult {
  /** Whether every element is within its tolerance. */
  ok: boolean;
  /** The largest `|analytic − numeric|` over all elements (0 when there are none). */
  maxError: number;
  /** The element with the largest error relative to its tolerance (null when the inputs are empty). */
  worst: GradcheckElement | null;
  /** How many elements exceed their tolerance. */
  failures: number;
  /** How many elements were checked. */
  checked: number;
}

/** Resolved settings of one gradient check. @internal */
export interface GradcheckSettings {
  eps: number;
  atol: number;
  rtol: number;
  /** The upstream gradient, or undefined for random samples from `seed`. */
  gradOutput: NDArray | undefined;
  seed: number;
  raise: boolean;
}

/** The keys of {@link GradcheckOptions}. @internal */
export const GRADCHECK_KEYS: OptionKeys<GradcheckOptions> = { eps: true, atol: true, rtol: true, gradOutput: true, seed: true, raise: true };

/** Validates and fills in the common options; `known` are the names the call `op` takes. @internal */
export function gradcheckSettings<O extends GradcheckOptions>(op: string, options: O | undefined, known: OptionKeys<O>): GradcheckSettings {
  const opts = checkOptions(op, options, known);
  return {
    eps: checkNumber(op, "options", "eps", orDefault(opts.eps, 1e-6), { min: 0, minExclusive: true }),
    atol: checkNumber(op, "options", "atol", orDefault(opts.atol, 1e-5), { min: 0 }),
    rtol: checkNumber(op, "options", "rtol", orDefault(opts.rtol, 1e-3), { min: 0 }),
    gradOutput: opts.gradOutput === undefined ? undefined : toFloat64NDArray(op, opts.gradOutput, "gradOutput"),
    seed: opts.seed ?? 0,
    raise: opts.raise ?? false,
  };
}

/**
 * Compares autograd's gradient of `Σ fn(...xs) · u` with central differences for every
 * element of every input. `xs` are float64 NDArrays; `label` names an input in messages.
 * @internal
 */
export function runGradcheck(
  op: string,
  fn: (...inputs: Tensor[]) => Tensor,
  xs: readonly NDArray[],
  s: GradcheckSettings,
  label: (input: number) => string,
): GradcheckResult {
  const leaves = leavesOf(xs);
  const out = callChecked(op, fn, leaves);
  const u = s.gradOutput ?? randn(out.shape, { seed: s.seed, dtype: "float64" });
  checkShapeOf(op, "gradOutput", u, out.shape);
  const uFlat = flatFloat64(u);

  let analytic: Float64Array[];
  if (out.requiresGrad) {
    const grads = grad(out, leaves, { gradOutputs: [u], allowUnused: true });
    analytic = grads.map((g, i) => (g ? flatFloat64(g.data) : new Float64Array(xs[i]!.size)));
  } else {
    // The output does not depend on any input through the graph: its gradient is zero.
    analytic = xs.map((x) => new Float64Array(x.size));
  }

  const buffers = xs.map(flatFloat64);
  const objective = (): number => {
    const perturbed = leavesOf(buffers.map((b, k) => ndarray(b, { shape: xs[k]!.shape.slice() })));
    const o = callChecked(op, fn, perturbed);
    checkShapeOf(op, "the output at a perturbed input", o.data, out.shape);
    return dot(flatFloat64(o.data), uFlat);
  };

  let maxError = 0;
  let failures = 0;
  let checked = 0;
  let worst: GradcheckElement | null = null;
  let worstRatio = -1;
  for (let i = 0; i < buffers.length; i++) {
    const buf = buffers[i]!;
    for (let j = 0; j < buf.length; j++) {
      const x0 = buf[j]!;
      const plus = x0 + s.eps;
      const minus = x0 - s.eps;
      buf[j] = plus;
      const fPlus = objective();
      buf[j] = minus;
      const fMinus = objective();
      buf[j] = x0;
      // The representable step, not 2·eps: x0 ± eps rounds.
      const numeric = (fPlus - fMinus) / (plus - minus);
      const a = analytic[i]![j]!;
      const error = absError(a, numeric);
      const tolerance = s.atol + s.rtol * Math.abs(numeric);
      const ratio = error === 0 ? 0 : tolerance === 0 ? Infinity : error / tolerance;
      checked++;
      if (!(error <= tolerance)) failures++;
      if (error > maxError) maxError = error;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { input: i, index: unravelIndex(j, xs[i]!.shape), analytic: a, numeric, error, tolerance };
      }
    }
  }

  const result: GradcheckResult = { ok: failures === 0, maxError, worst, failures, checked };
  if (!result.ok && s.raise) throw new CheckError(op, describeFailure(result, s, label), result);
  return result;
}

function describeFailure(r: GradcheckResult, s: GradcheckSettings, label: (input: number) => string): string {
  const w = r.worst!;
  return (
    `${r.failures} of ${r.checked} gradient elements differ from the central differences; ` +
    `worst: ${label(w.input)} at index ${fmtShape(w.index)}: analytic ${fmtNumber(w.analytic)}, numeric ${fmtNumber(w.numeric)} ` +
    `(|difference| ${fmtNumber(w.error)} > tolerance ${fmtNumber(w.tolerance)} = atol ${s.atol} + rtol ${s.rtol}·|numeric|, eps ${s.eps})`
  );
}

/**
 * Checks autograd's gradients of `fn` against float64 central differences, element by
 * element.
 *
 * The inputs are copied to float64 leaves that require grad. With `u` a fixed upstream
 * gradient (`gradOutput`, or seeded standard normal samples), the analytic gradient of
 * `Σ fn(x) · u` with respect to every input element is compared with
 * `(f(x + eps·eₖ) − f(x − eps·eₖ)) / 2eps`; an element passes when
 * `|analytic − numeric| ≤ atol + rtol · |numeric|`. Keep inputs away from kinks and
 * singular points (`|x|` at 0, `log` near 0): the finite difference straddles them.
 *
 * @param fn - the function under test, of Tensors; it must return a float64 Tensor
 * @param inputs - the points to check at: Tensors, numbers or nested arrays (NDArrays too), copied to
 *   float64 leaves (never modified)
 * @param opts - `eps`, `atol`, `rtol`, `gradOutput`, `seed`, `raise`
 * @returns whether it passed, the largest error and the worst element
 * @throws CheckError when the check fails and `raise` is true
 * @example
 * ```ts
 * import { gradcheck } from "@tsgrad/testing";
 * import { mul, sin } from "@tsgrad/autograd";
 * const r = gradcheck((a, b) => mul(sin(a!), b!), [[0.5, 1.5], [2, -1]]);
 * r.ok; // true
 * gradcheck((a) => a!.exp(), [[0, 1]], { raise: true }); // throws a CheckError when wrong
 * ```
 * @category Checks
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly CheckInput[], opts: GradcheckOptions = {}): GradcheckResult {
  const s = gradcheckSettings("gradcheck", opts, GRADCHECK_KEYS);
  const xs = checkFnAndInputs("gradcheck", fn, inputs);
  return runGradcheck("gradcheck", fn, xs, s, (i) => `input ${i}`);
}
