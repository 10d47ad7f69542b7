// ConvBase, what the convolution layers share — channel, size and group checks, PyTorch's
// initialisation of weight and bias, the repr of their settings — apart from each layer's forward.
import { type DType, ValueError, zeros } from "@tsgrad/ndarray";
import { type SeedOptions, calculateFanInAndFanOut, kaimingUniform, resolveSeed, uniform } from "../init.js";
import { type OptionKeys, SEED_KEYS, booleanOption, checkInteger, checkOptions, fmtShape, underName, orDefault } from "../checks.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";

/** A size of a convolution: one number (1-D) or `[height, width]` (2-D). */
type Size = number | readonly [number, number];

/**
 * The options every convolution layer takes besides its window settings (stride, padding,
 * dilation, which each layer types for its dimensions).
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const common: tg.nn.ConvBaseOptions = { groups: 2, bias: false, dtype: "float64", seed: 0 };
 * new tg.nn.Conv1d(4, 4, 3, common).weight.shape; // [4, 2, 3]
 * new tg.nn.Conv2d(4, 4, 3, common).weight.dtype; // "float64"
 * ```
 * @category Layers
 */
export interface ConvBaseOptions extends SeedOptions {
  /** Split channels into this many independent convolutions (default 1; must divide both channel counts). */
  groups?: number;
  /** Learn an additive bias per output channel (default true). */
  bias?: boolean;
  /** Dtype of the parameters (default float32). */
  dtype?: DType;
}

/** The options every convolution layer reads: {@link ConvBaseOptions} and its window. @internal */
export type ConvLayerOptions = ConvBaseOptions & { stride?: unknown; padding?: unknown; dilation?: unknown };

/**
 * The option names of a convolution layer taking just {@link ConvLayerOptions} (Conv1d, Conv2d);
 * a layer with more options spreads it into its own list. @internal
 */
export const CONV_KEYS: OptionKeys<ConvLayerOptions> = { ...SEED_KEYS, groups: true, bias: true, dtype: true, stride: true, padding: true, dilation: true };

/** Checks one size (`kernelSize`, `stride`, `dilation`, `padding`): an integer ≥ `min`, or a pair of them. @internal */
export type SizeCheck<S> = (op: string, where: string, name: string, value: unknown, min: number) => S;

/** How a convolution layer reads its sizes and padding: its own part of the shared checks. @internal */
export interface ConvRules<S extends Size, P> {
  /** Checks one size: `checkInteger` for a 1-D layer, `checkIntPair` for a 2-D one. */
  size: SizeCheck<S>;
  /** Checks the `padding` option (default 0). */
  padding(op: string, value: unknown): P;
  /** The weight is `(inChannels, outChannels / groups, …kernel)`, as a transposed convolution's. */
  transposed?: boolean;
}

/** The rules of a layer whose padding may also be `"same"` or `"valid"`, its sizes checked by `size`. @internal */
export function samePaddingRules<S extends Size>(size: SizeCheck<S>): ConvRules<S, S | "same" | "valid"> {
  return { size, padding: (op, p) => (p === "same" || p === "valid" ? p : size(op, "options", "padding", p, 0)) };
}

const show = (v: unknown): string => (typeof v === "string" ? `"${v}"` : typeof v === "number" ? String(v) : fmtShape(v as readonly number[]));
const all = (v: Size, n: number): boolean => (typeof v === "number" ? v === n : v.every((x) => x === n));

/**
 * The base of the convolution layers ({@link Conv1d}, {@link Conv2d}, {@link ConvTranspose2d}):
 * channel counts, window settings and groups checked the same way (errors name the layer),
 * a weight and an optional bias per output channel with PyTorch's default initialisation —
 * U(−1/√fanIn, 1/√fanIn) for both, drawn from `seed`/`generator` when given — and
 * `toString()` showing the settings that differ from their defaults, as PyTorch. Sizes are
 * numbers for the 1-D layer and `[height, width]` pairs for the 2-D ones.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const convs: tg.nn.ConvBase[] = [new tg.nn.Conv1d(2, 4, 3, { seed: 0 }), new tg.nn.Conv2d(2, 4, 3, { groups: 2, seed: 0 })];
 * convs.map((c) => c.weight.shape); // [[4, 2, 3], [4, 1, 3, 3]]
 * convs[1]!.extraRepr(); // "2, 4, kernelSize=[3, 3], stride=[1, 1], groups=2"
 * ```
 * @category Layers
 */
export abstract class ConvBase<S extends Size = Size, P = unknown> extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Window size: a number, or `[kh, kw]`. */
  readonly kernelSize: S;
  /** Step: a number, or `[sh, sw]`. */
  readonly stride: S;
  /** Padding on each side (a number or `[ph, pw]`), or `"same"`/`"valid"` where the layer takes them. */
  readonly padding: P;
  /** Spacing between kernel taps: a number, or `[dh, dw]`. */
  readonly dilation: S;
  /** Number of channel groups. */
  readonly groups: number;
  /** The filters: `(outChannels, inChannels / groups, …kernel)`, or `(inChannels, outChannels / groups, …kernel)` transposed. */
  weight: Parameter;
  /** The bias, `(outChannels)`, or null. */
  bias: Parameter | null;

  /**
   * Checks the settings in order — options object, channels, kernel size, stride, padding,
   * dilation, groups dividing both channel counts, `"same"` padding only with stride 1, then
   * `check` for the layer's own — and only then draws the parameters.
   * @param op - the layer's name, for errors
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output
   * @param kernelSize - window size
   * @param opts - the layer's options
   * @param known - the layer's option names: {@link CONV_KEYS} and any of its own
   * @param rules - how the layer reads its sizes and padding
   * @param check - the layer's own checks, after the shared ones
   * @internal
   */
  protected constructor(
    op: string,
    inChannels: number,
    outChannels: number,
    kernelSize: unknown,
    opts: ConvLayerOptions,
    known: OptionKeys<ConvLayerOptions>,
    rules: ConvRules<S, P>,
    check?: (layer: ConvBase<S, P>) => void,
  ) {
    checkOptions(op, opts, known);
    super();
    this.inChannels = checkInteger(op, "arguments", "inChannels", inChannels, 1);
    this.outChannels = checkInteger(op, "arguments", "outChannels", outChannels, 1);
    this.kernelSize = rules.size(op, "arguments", "kernelSize", kernelSize, 1);
    this.stride = rules.size(op, "options", "stride", orDefault(opts.stride, 1), 1);
    this.padding = rules.padding(op, orDefault(opts.padding, 0));
    this.dilation = rules.size(op, "options", "dilation", orDefault(opts.dilation, 1), 1);
    this.groups = checkInteger(op, "options", "groups", orDefault(opts.groups, 1), 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(op, `groups=${this.groups} must divide inChannels=${inChannels} and outChannels=${outChannels}`, { groups: this.groups });
    }
    if (this.padding === "same" && !all(this.stride, 1)) throw new ValueError(op, `padding "same" needs stride 1, got stride ${show(this.stride)}`, {});
    check?.(this);
    const withBias = booleanOption(op, "options", "bias", opts.bias, true);
    const dtype = opts.dtype ?? "float32";
    const generator = resolveSeed(op, opts);
    const size: Size = this.kernelSize;
    const kernel = typeof size === "number" ? [size] : [...size];
    const [rows, cols] = rules.transposed ? [inChannels, outChannels] : [outChannels, inChannels];
    const shape = [rows, cols / this.groups, ...kernel];
    this.weight = underName(op, () => kaimingUniform(new Parameter(zeros(shape, { dtype })), { a: Math.sqrt(5), generator }));
    const bound = 1 / Math.sqrt(calculateFanInAndFanOut(shape).fanIn);
    this.bias = withBias ? underName(op, () => uniform(new Parameter(zeros([outChannels], { dtype })), -bound, bound, { generator })) : null;
  }

  /**
   * The settings `toString()` shows between the stride and the groups when they differ from
   * their defaults, in order: `[name, value, default]`.
   * @returns the padding and dilation (and a transposed layer's output padding)
   */
  protected reprSettings(): [string, unknown, number][] {
    return [
      ["padding", this.padding, 0],
      ["dilation", this.dilation, 1],
    ];
  }

  /**
   * The settings shown by `toString()` (defaults omitted, as PyTorch).
   * @returns `in, out, kernelSize=…, stride=…[, padding=…][, dilation=…][, groups=…][, bias=false]`
   */
  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}, kernelSize=${show(this.kernelSize)}, stride=${show(this.stride)}`];
    for (const [name, value, plain] of this.reprSettings()) {
      if (typeof value === "string" || !all(value as Size, plain)) parts.push(`${name}=${show(value)}`);
    }
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push("bias=false");
    return parts.join(", ");
  }
}
