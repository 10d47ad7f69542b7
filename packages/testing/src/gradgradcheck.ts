// gradgradcheck, the second-order check: gradcheck applied to the vjp; apart from gradcheck.ts,
// whose runner it reuses.
import { type NDArray, Generator, ValueError, randn, ndarray, zeros } from "@tsgrad/ndarray";
import { Tensor, add, grad, mul, sum } from "@tsgrad/autograd";
import { type GradcheckOptions, type GradcheckResult, GRADCHECK_KEYS, gradcheckSettings, runGradcheck } from "./gradcheck.js";
import { type OptionKeys, describeValue } from "@tsgrad/ndarray/internal";
import { type CheckInput, callChecked, checkFnAndInputs, checkShapeOf, leavesOf, toFloat64NDArray } from "./check-input.js";

/**
 * Options of {@link gradgradcheck}.
 * @example
 * ```ts
 * import { type GradgradcheckOptions, gradgradcheck } from "@tsgrad/testing";
 * import { tanh } from "@tsgrad/autograd";
 * const opts: GradgradcheckOptions = { gradOutput: [1, 1], gradInputs: [[0.5, -0.5]], raise: true };
 * gradgradcheck((x) => tanh(x!), [[0.3, -0.7]], opts).ok; // true
 * ```
 * @category Checks
 */
export interface GradgradcheckOptions extends GradcheckOptions {
  /**
   * The directions `v` (one per input, each of that input's shape) that the first-order
   * gradient is paired with. Default: standard normal samples drawn from `seed`.
   */
  gradInputs?: readonly CheckInput[];
}

const GRADGRADCHECK_KEYS: OptionKeys<GradgradcheckOptions> = { ...GRADCHECK_KEYS, gradInputs: true };

/**
 * Checks second-order gradients: that autograd differentiates its own backward pass
 * correctly.
 *
 * With `u` the upstream gradient (`gradOutput`, or seeded normal samples) and `vᵢ` a
 * fixed direction per input (`gradInputs`, or seeded normal samples), the first-order
 * gradients `gᵢ = ∂⟨fn(x), u⟩/∂xᵢ` are built with `createGraph`, and the scalar
 * `h(x, u) = Σᵢ ⟨gᵢ, vᵢ⟩` is checked like {@link gradcheck} does: its autograd gradient
 * with respect to every element of every input **and of `u`** (reported as
 * `gradOutput`) against central differences of the first-order gradients. A vjp
 * written on raw NDArrays instead of differentiable ops fails here.
 *
 * @param fn - the function under test, of Tensors; it must return a float64 Tensor
 * @param inputs - the points to check at: Tensors, numbers or nested arrays (copied to float64 leaves; never modified)
 * @param opts - `eps`, `atol`, `rtol`, `gradOutput`, `gradInputs`, `seed`, `raise`
 * @returns whether it passed, the largest error and the worst element
 * @throws CheckError when the check fails and `raise` is true
 * @example
 * ```ts
 * import { gradgradcheck } from "@tsgrad/testing";
 * import { tanh } from "@tsgrad/autograd";
 * gradgradcheck((x) => tanh(x!), [[0.3, -1.2]]).ok; // true
 * ```
 * @category Checks
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly CheckInput[],
  opts: GradgradcheckOptions = {},
): GradcheckResult {
  const op = "gradgradcheck";
  const s = gradcheckSettings(op, opts, GRADGRADCHECK_KEYS);
  const xs = checkFnAndInputs(op, fn, inputs);
  const n = xs.length;
  const outShape = callChecked(op, fn, leavesOf(xs)).shape;
  const generator = new Generator(s.seed);
  const u = s.gradOutput ?? randn(outShape, { generator, dtype: "float64" });
  checkShapeOf(op, "gradOutput", u, outShape);
  let vs: NDArray[];
  if (opts.gradInputs === undefined) {
    vs = xs.map((x) => randn(x.shape, { generator, dtype: "float64" }));
  } else {
    if (!Array.isArray(opts.gradInputs) || opts.gradInputs.length !== n) {
      throw new ValueError(op, `got ${Array.isArray(opts.gradInputs) ? opts.gradInputs.length : describeValue(opts.gradInputs)} gradInputs for ${n} inputs; pass one direction per input`, {});
    }
    vs = opts.gradInputs.map((v, i) => toFloat64NDArray(op, v, `gradInputs[${i}]`));
    vs.forEach((v, i) => checkShapeOf(op, `gradInputs[${i}]`, v, xs[i]!.shape));
  }
  const directions = vs.map((v) => new Tensor(v));

  const firstOrder = (...args: Tensor[]): Tensor => {
    const xv = args.slice(0, n);
    const uv = args[n]!;
    const out = callChecked(op, fn, xv);
    let total: Tensor | null = null;
    if (out.requiresGrad) {
      const grads = grad(out, xv, { gradOutputs: [uv], createGraph: true, allowUnused: true });
      for (let i = 0; i < n; i++) {
        const g = grads[i];
        if (!g) continue;
        const term = sum(mul(g, directions[i]!));
        total = total === null ? term : add(total, term);
      }
    }
    return total ?? new Tensor(zeros([], { dtype: "float64" }));
  };

  return runGradcheck(
    op,
    firstOrder,
    [...xs, u],
    { ...s, gradOutput: ndarray(1, { dtype: "float64" }) },
    (i) => (i < n ? `input ${i}` : "gradOutput"),
  );
}
