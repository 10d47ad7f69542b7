// arbTensor, the fast-check arbitrary for Tensors of drawn shapes and values; one arbitrary per file.
import * as fc from "fast-check";
import { type DType, ValueError, ndarray } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { type ArbShapeOptions, ARB_SHAPE_KEYS, shapeBounds, shapeFromBounds } from "./arb-shape.js";
import { type OptionKeys, checkOptions } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link arbTensor}: a fixed `shape` or an arbitrary of shapes, or else the
 * {@link ArbShapeOptions} to draw one; the dtype and the range of the values.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { type ArbTensorOptions, arbTensor } from "@tsgrad/testing";
 * // Positive float64 values away from 0, for log and division.
 * const positive: ArbTensorOptions = { maxRank: 2, min: 0.1, max: 5, dtype: "float64" };
 * fc.sample(arbTensor(positive), { numRuns: 10, seed: 0 }).map((t) => t.log().shape);
 * ```
 * @category Arbitraries
 */
export interface ArbTensorOptions extends ArbShapeOptions {
  /** A fixed shape, or an arbitrary of shapes (default: drawn with the shape options). */
  shape?: readonly number[] | fc.Arbitrary<readonly number[]>;
  /** Element type (default `"float64"`). */
  dtype?: DType;
  /** Smallest value (default -10). */
  min?: number;
  /** Largest value (default 10). */
  max?: number;
  /**
   * Smallest magnitude (default 0): values in `(−minAbs, minAbs)` are not drawn, to keep
   * away from kinks and singular points at 0 (`abs`, `relu`, division).
   */
  minAbs?: number;
  /** Exclude NaN (default true). */
  noNaN?: boolean;
}

const ARB_TENSOR_KEYS: OptionKeys<ArbTensorOptions> = { ...ARB_SHAPE_KEYS, shape: true, dtype: true, min: true, max: true, minAbs: true, noNaN: true };

function valueArbitrary(o: { dtype: DType; min: number; max: number; minAbs: number; noNaN: boolean }): fc.Arbitrary<number> {
  const intervals: [number, number][] = [];
  if (o.minAbs === 0) intervals.push([o.min, o.max]);
  else {
    if (o.min <= -o.minAbs) intervals.push([o.min, Math.min(o.max, -o.minAbs)]);
    if (o.max >= o.minAbs) intervals.push([Math.max(o.min, o.minAbs), o.max]);
  }
  const parts = intervals
    .map(([lo, hi]) => (o.dtype === "int32" ? [Math.ceil(lo), Math.floor(hi)] : [lo, hi]))
    .filter(([lo, hi]) => lo! <= hi!)
    .map(([lo, hi]) =>
      o.dtype === "int32" ? fc.integer({ min: lo!, max: hi! }) : fc.double({ min: lo!, max: hi!, noNaN: o.noNaN, noDefaultInfinity: true }),
    );
  if (parts.length === 0) {
    throw new ValueError("arbTensor", `no ${o.dtype} value lies in [${o.min}, ${o.max}] with magnitude ≥ ${o.minAbs}`, {
      min: o.min,
      max: o.max,
      minAbs: o.minAbs,
    });
  }
  const values = parts.length === 1 ? parts[0]! : fc.oneof(...parts);
  return o.dtype === "float32" ? values.map((x) => Math.fround(x)) : values;
}

/**
 * A fast-check arbitrary of Tensors with values drawn in `[min, max]` (float64 by
 * default, for gradient checks). float32 values are doubles rounded to float32;
 * int32 values are integers in the range. Each Tensor is a new leaf that does not
 * require grad. Shrinks towards small shapes and simple values.
 *
 * @param opts - `shape` (fixed or arbitrary) or shape options, `dtype`, `min`, `max`, `minAbs`, `noNaN`
 * @returns the arbitrary of Tensors
 * @throws ValueError for an empty value range or an unknown dtype
 * @example
 * ```ts
 * import { test } from "@tsgrad/testing/vitest";
 * import { arbTensor } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * test.prop([arbTensor({ maxRank: 2, min: 0.1, max: 5 })])("log is finite on positives", (x) => {
 *   return Array.from(tg.log(x).toTypedArray()).every(Number.isFinite);
 * });
 * ```
 * @category Arbitraries
 */
export function arbTensor(opts: ArbTensorOptions = {}): fc.Arbitrary<Tensor> {
  opts = checkOptions("arbTensor", opts, ARB_TENSOR_KEYS);
  const dtype = opts.dtype ?? "float64";
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "int32") {
    throw new ValueError("arbTensor", `dtype must be "float32", "float64" or "int32", got ${String(dtype)}`, { dtype });
  }
  const min = opts.min ?? -10;
  const max = opts.max ?? 10;
  const minAbs = opts.minAbs ?? 0;
  if (Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new ValueError("arbTensor", `need min ≤ max, got min ${min} and max ${max}`, { min, max });
  }
  if (!(minAbs >= 0)) throw new ValueError("arbTensor", `minAbs must be ≥ 0, got ${minAbs}`, { minAbs });
  const values = valueArbitrary({ dtype, min, max, minAbs, noNaN: opts.noNaN ?? true });
  let shapes: fc.Arbitrary<readonly number[]>;
  if (opts.shape === undefined) shapes = shapeFromBounds(shapeBounds("arbTensor", opts));
  else if (Array.isArray(opts.shape)) shapes = fc.constant((opts.shape as readonly number[]).slice());
  else shapes = opts.shape as fc.Arbitrary<readonly number[]>;
  return shapes.chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc
      .array(values, { minLength: size, maxLength: size })
      .map((xs) => new Tensor(ndarray(Float64Array.from(xs), { shape: shape.slice(), dtype })));
  });
}
