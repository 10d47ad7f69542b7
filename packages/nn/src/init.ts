// Weight initialisers (torch.nn.init), apart from the layers so any Tensor can be filled and
// layers share one implementation of PyTorch's formulas.
/**
 * Weight initialisation, as `torch.nn.init`, with PyTorch's formulas. Every function
 * takes a Tensor (typically a {@link Parameter}), replaces its `data` with the new
 * values (the Tensor keeps its identity, dtype and shape) and returns it, as PyTorch's
 * in-place `init.normal_(w)`. Random ones draw from `seed` (a fresh generator),
 * `generator` (which advances), or the global generator.
 *
 * @module
 */
import { Tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { DTypeError, Generator, ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, SEED_KEYS, checkNumber, checkOptions, checkShape, describe, fmtShape, isRecord, showValue, underName } from "./checks.js";

/**
 * Options that seed random initialisation: a `seed` for a fresh generator, or a
 * `generator` to draw from (it advances). With neither, the global generator
 * (`manualSeed` of `@tsgrad/ndarray`) is used.
 * @example
 * ```ts
 * import { type SeedOptions, Linear, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * import { Generator } from "@tsgrad/ndarray";
 * const fixed: SeedOptions = { seed: 3 };                      // the same weights every time
 * const shared: SeedOptions = { generator: new Generator(3) }; // one stream for several layers
 * new Linear(4, 4, fixed).weight.toArray();                    // identical on every run
 * init.normal(zeros([2, 2]), 0, 1, shared).shape;              // [2, 2]
 * ```
 * @category Init
 */
export interface SeedOptions {
  /** Seed of a fresh generator for this call or layer. */
  seed?: number;
  /** Generator to draw from; it advances. */
  generator?: Generator;
}

/**
 * The nonlinearities {@link calculateGain} knows, by PyTorch's names.
 * @example
 * ```ts
 * import { type Nonlinearity, init } from "@tsgrad/nn";
 * const after: Nonlinearity = "relu";
 * init.calculateGain(after); // √2 ≈ 1.414
 * ```
 * @category Init
 */
export type Nonlinearity =
  | "linear"
  | "identity"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "conv_transpose1d"
  | "conv_transpose2d"
  | "conv_transpose3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

/**
 * Which fan Kaiming initialisation preserves the variance of: the forward pass
 * (`"fan_in"`, the default) or the backward pass (`"fan_out"`).
 * @example
 * ```ts
 * import { type FanMode, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const mode: FanMode = "fan_out"; // preserve the variance of the gradients in the backward pass
 * init.kaimingNormal(zeros([64, 32]), { mode, nonlinearity: "relu", seed: 0 }).shape; // [64, 32]
 * ```
 * @category Init
 */
export type FanMode = "fan_in" | "fan_out";

/**
 * Options of {@link kaimingUniform} and {@link kaimingNormal}.
 * @example
 * ```ts
 * import { type KaimingOptions, Linear, init } from "@tsgrad/nn";
 * const forLeakyRelu: KaimingOptions = { a: 0.01, nonlinearity: "leaky_relu", mode: "fan_in", seed: 1 };
 * const layer = new Linear(128, 64);
 * init.kaimingUniform(layer.weight, forLeakyRelu); // in place; returns the weight
 * ```
 * @category Init
 */
export interface KaimingOptions extends SeedOptions {
  /** Negative slope of the leaky ReLU that follows (default 0; used when `nonlinearity` is `"leaky_relu"`). */
  a?: number;
  /** `"fan_in"` (default) or `"fan_out"`. */
  mode?: FanMode;
  /** The nonlinearity that follows (default `"leaky_relu"`, as PyTorch). */
  nonlinearity?: Nonlinearity;
}

/** The option names of {@link KaimingOptions}. @internal */
const KAIMING_KEYS: OptionKeys<KaimingOptions> = { ...SEED_KEYS, a: true, mode: true, nonlinearity: true };

/**
 * The generator to draw from: one fresh generator for `seed`, the given `generator`,
 * or undefined for the global one. Layers call it once and pass the result to every
 * initialiser, so their draws continue one stream. The caller has checked the options'
 * keys against its own list (a layer's options hold more than these two).
 * @internal
 */
export function resolveSeed(op: string, opts: SeedOptions | undefined): Generator | undefined {
  if (typeof op !== "string") throw new ValueError("resolveSeed", `expected op as a string, got ${describe(op)}`, {});
  if (opts === undefined) return undefined;
  if (!isRecord(opts)) throw new ValueError(op, `options must be an object, got ${describe(opts)}`, {});
  if (opts.seed !== undefined && opts.generator !== undefined) throw new ValueError(op, "give either seed or generator, not both", {});
  if (opts.generator !== undefined) {
    if (!(opts.generator instanceof Generator)) throw new ValueError(op, `generator must be a Generator, got ${describe(opts.generator)}`, {});
    return opts.generator;
  }
  if (opts.seed !== undefined) {
    // Checked here (as the Generator would) so the error names the user's call, not `Generator`.
    const seed: unknown = opts.seed;
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 4294967295) {
      throw new ValueError(op, `options: invalid seed ${showValue(seed)}; expected an integer in [0, 2^32 - 1]`, { seed });
    }
    return new Generator(seed);
  }
  return undefined;
}

/** The values of the Tensor an initialiser fills (refusing anything else, an NDArray with the way to wrap it). */
function checkTarget(op: string, target: unknown, random: boolean): T.NDArray {
  if (!(target instanceof Tensor)) {
    const hint = target instanceof T.NDArray ? "; wrap it with tensor(...) or new Parameter(...)" : "";
    throw new ValueError(op, `expected a Tensor (e.g. a Parameter) to fill, got ${describe(target)}${hint}`, {});
  }
  const t = target.data;
  if (random && t.dtype === "int32") throw new DTypeError(op, "random initialisation needs a float32 or float64 Tensor, got int32", { dtype: t.dtype });
  return t;
}

/** Replaces the target's data with `values` and returns the target. */
function place<V extends Tensor>(target: V, values: T.NDArray): V {
  target.data = values;
  return target;
}

/** `shift + scale · sample` drawn in float64, then cast to the target's dtype. */
function draw<V extends Tensor>(op: string, target: V, kind: "uniform" | "normal", scale: number, shift: number, opts: SeedOptions | undefined): V {
  const t = checkTarget(op, target, true);
  const g = resolveSeed(op, opts);
  const ropts: T.RandomOptions = g ? { generator: g, dtype: "float64" } : { dtype: "float64" };
  const base = kind === "uniform" ? T.rand(t.shape, ropts) : T.randn(t.shape, ropts);
  return place(target, T.add(T.mul(base, scale), shift).astype(t.dtype));
}

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`): 1 for linear,
 * convolutions and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + a²)) for leaky
 * ReLU with slope `a` (default 0.01), 3/4 for SELU.
 *
 * @param nonlinearity - the nonlinearity's PyTorch name
 * @param param - the negative slope for `"leaky_relu"`
 * @returns the gain
 * @throws ValueError for an unknown nonlinearity or a bad slope
 * @example
 * ```ts
 * import { init } from "@tsgrad/nn";
 * init.calculateGain("relu");             // 1.4142135623730951
 * init.calculateGain("leaky_relu", 0.2);  // √(2 / 1.04)
 * ```
 * @category Init
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "identity":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "conv_transpose1d":
    case "conv_transpose2d":
    case "conv_transpose3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || !Number.isFinite(slope)) {
        throw new ValueError("calculateGain", `negative slope ${describe(slope)} is not a valid number`, { param });
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new ValueError("calculateGain", `unsupported nonlinearity ${showValue(nonlinearity)}`, { nonlinearity });
  }
}

/**
 * Fan-in and fan-out of a weight shape (PyTorch's rule): for `(out, in, …kernel)`,
 * fanIn = in · ∏kernel and fanOut = out · ∏kernel.
 *
 * @param shape - the weight's shape (at least 2-D)
 * @returns `{ fanIn, fanOut }`
 * @throws ValueError for fewer than two dimensions
 * @example
 * ```ts
 * import { init } from "@tsgrad/nn";
 * init.calculateFanInAndFanOut([16, 3, 5, 5]); // { fanIn: 75, fanOut: 400 }
 * ```
 * @category Init
 */
export function calculateFanInAndFanOut(shape: readonly number[]): {
  /** Inputs feeding each output unit: `shape[1]` times the receptive field. */
  fanIn: number;
  /** Outputs fed by each input unit: `shape[0]` times the receptive field. */
  fanOut: number;
} {
  checkShape("calculateFanInAndFanOut", "shape", shape);
  if (shape.length < 2) {
    throw new ValueError("calculateFanInAndFanOut", `fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape ${fmtShape(shape)})`, {
      shape,
    });
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/**
 * What the Kaiming and Xavier initialisers share: under `op`'s name, checks the options (their
 * keys against `known`) and the target, takes the standard deviation `stdOf` gives for its
 * shape (null: a zero fan, left as it is, as an empty target) and draws N(0, std²) or the
 * uniform distribution of that deviation, U(−√3·std, √3·std).
 */
function scaledInit<V extends Tensor, O extends SeedOptions>(
  op: string,
  kind: "uniform" | "normal",
  target: V,
  opts: O,
  known: OptionKeys<O>,
  stdOf: (shape: readonly number[]) => number | null,
): V {
  return underName(op, () => {
    checkOptions(op, opts, known);
    const t = checkTarget(op, target, true);
    const std = stdOf(t.shape);
    if (std === null || t.size === 0) return target;
    if (kind === "normal") return draw(op, target, "normal", std, 0, opts);
    const bound = Math.sqrt(3) * std;
    return draw(op, target, "uniform", 2 * bound, -bound, opts);
  });
}

function kaimingStd(op: string, shape: readonly number[], opts: KaimingOptions): number | null {
  const mode = opts.mode ?? "fan_in";
  if (mode !== "fan_in" && mode !== "fan_out") throw new ValueError(op, `mode must be "fan_in" or "fan_out", got ${describe(mode)}`, { mode });
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  const fan = mode === "fan_in" ? fanIn : fanOut;
  if (fan === 0) return null;
  return calculateGain(opts.nonlinearity ?? "leaky_relu", opts.a ?? 0) / Math.sqrt(fan);
}

/**
 * Kaiming (He) uniform: U(−b, b) with b = gain · √(3 / fan), gain from the
 * nonlinearity (default leaky ReLU with slope `a` = 0, i.e. √2). Zero-element
 * Tensors are left as they are.
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param opts - `a`, `mode`, `nonlinearity`, `seed`, `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * const w = init.kaimingUniform(new Parameter(zeros([64, 32])), { nonlinearity: "relu", seed: 0 });
 * ```
 * @category Init
 */
export function kaimingUniform<V extends Tensor>(target: V, opts: KaimingOptions = {}): V {
  return scaledInit("kaimingUniform", "uniform", target, opts, KAIMING_KEYS, (shape) => kaimingStd("kaimingUniform", shape, opts));
}

/**
 * Kaiming (He) normal: N(0, std²) with std = gain / √fan.
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param opts - `a`, `mode`, `nonlinearity`, `seed`, `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.kaimingNormal(new Parameter(zeros([64, 32])), { mode: "fan_out", seed: 0 });
 * ```
 * @category Init
 */
export function kaimingNormal<V extends Tensor>(target: V, opts: KaimingOptions = {}): V {
  return scaledInit("kaimingNormal", "normal", target, opts, KAIMING_KEYS, (shape) => kaimingStd("kaimingNormal", shape, opts));
}

function xavierStd(op: string, shape: readonly number[], gain: number): number | null {
  checkNumber(op, "options", "gain", gain);
  const { fanIn, fanOut } = calculateFanInAndFanOut(shape);
  if (fanIn + fanOut === 0) return null;
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

/**
 * Xavier (Glorot) uniform: U(−b, b) with b = gain · √(6 / (fanIn + fanOut)).
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param gain - scaling factor (default 1; see {@link calculateGain})
 * @param opts - `seed` or `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.xavierUniform(new Parameter(zeros([10, 20])), init.calculateGain("tanh"), { seed: 1 });
 * ```
 * @category Init
 */
export function xavierUniform<V extends Tensor>(target: V, gain = 1, opts: SeedOptions = {}): V {
  return scaledInit("xavierUniform", "uniform", target, opts, SEED_KEYS, (shape) => xavierStd("xavierUniform", shape, gain));
}

/**
 * Xavier (Glorot) normal: N(0, std²) with std = gain · √(2 / (fanIn + fanOut)).
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param gain - scaling factor (default 1)
 * @param opts - `seed` or `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.xavierNormal(new Parameter(zeros([10, 20])), 1, { seed: 1 });
 * ```
 * @category Init
 */
export function xavierNormal<V extends Tensor>(target: V, gain = 1, opts: SeedOptions = {}): V {
  return scaledInit("xavierNormal", "normal", target, opts, SEED_KEYS, (shape) => xavierStd("xavierNormal", shape, gain));
}

/**
 * Uniform values in [a, b).
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param a - lower bound (default 0)
 * @param b - upper bound (default 1)
 * @param opts - `seed` or `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.uniform(new Parameter(zeros([3])), -0.1, 0.1, { seed: 2 });
 * ```
 * @category Init
 */
export function uniform<V extends Tensor>(target: V, a = 0, b = 1, opts: SeedOptions = {}): V {
  checkOptions("uniform", opts, SEED_KEYS);
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b) || a > b) {
    throw new ValueError("uniform", `need finite bounds a ≤ b, got a=${describe(a)}, b=${describe(b)}`, { a, b });
  }
  return draw("uniform", target, "uniform", b - a, a, opts);
}

/**
 * Normal values N(mean, std²).
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param mean - the mean (default 0)
 * @param std - the standard deviation (default 1, non-negative)
 * @param opts - `seed` or `generator`
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.normal(new Parameter(zeros([3])), 0, 0.02, { seed: 3 });
 * ```
 * @category Init
 */
export function normal<V extends Tensor>(target: V, mean = 0, std = 1, opts: SeedOptions = {}): V {
  checkOptions("normal", opts, SEED_KEYS);
  if (typeof mean !== "number" || typeof std !== "number" || !Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new ValueError("normal", `need a finite mean and a finite std ≥ 0, got mean=${describe(mean)}, std=${describe(std)}`, { mean, std });
  }
  return draw("normal", target, "normal", std, mean, opts);
}

/**
 * Fills with a constant.
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @param value - the value
 * @returns the target
 * @example
 * ```ts
 * import { Parameter, init } from "@tsgrad/nn";
 * import { zeros } from "@tsgrad/autograd";
 * init.constant(new Parameter(zeros([2])), 0.5).toArray(); // [0.5, 0.5]
 * ```
 * @category Init
 */
export function constant<V extends Tensor>(target: V, value: number): V {
  return underName("constant", () => {
    const t = checkTarget("constant", target, false);
    if (typeof value !== "number") throw new ValueError("constant", `value must be a number, got ${describe(value)}`, { value });
    return place(target, T.full(t.shape, value, { dtype: t.dtype }));
  });
}

/**
 * Fills with zeros.
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @returns the target
 * @example
 * ```ts
 * import { Linear, init } from "@tsgrad/nn";
 * init.zeros(new Linear(2, 2).bias!).toArray(); // [0, 0]
 * ```
 * @category Init
 */
export function zeros<V extends Tensor>(target: V): V {
  return underName("zeros", () => {
    return constant(target, 0);
  });
}

/**
 * Fills with ones.
 *
 * @param target - the Tensor to fill in place (typically a Parameter)
 * @returns the target
 * @example
 * ```ts
 * import { Linear, init } from "@tsgrad/nn";
 * init.ones(new Linear(2, 2).bias!).toArray(); // [1, 1]
 * ```
 * @category Init
 */
export function ones<V extends Tensor>(target: V): V {
  return underName("ones", () => {
    return constant(target, 1);
  });
}
