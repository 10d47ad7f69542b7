// arbShape and the shape bounds (rank, size, element count) that every shape-drawing arbitrary
// validates and shares.
import * as fc from "fast-check";
import { ValueError } from "@tsgrad/ndarray";
import { type OptionKeys, checkInteger, checkOptions, orDefault } from "@tsgrad/ndarray/internal";

/**
 * Options of {@link arbShape}.
 * @example
 * ```ts
 * import fc from "fast-check";
 * import { type ArbShapeOptions, arbShape } from "@tsgrad/testing";
 * const matrices: ArbShapeOptions = { minRank: 2, maxRank: 2, maxSize: 8, maxElements: 32 };
 * fc.sample(arbShape(matrices), { numRuns: 3, seed: 0 }); // three shapes [r, c] with r·c ≤ 32
 * ```
 * @category Arbitraries
 */
export interface ArbShapeOptions {
  /** Smallest rank (default 0: scalars included). */
  minRank?: number;
  /** Largest rank (default 4). */
  maxRank?: number;
  /** Smallest size of an axis (default 1; 0 allows empty Tensors). */
  minSize?: number;
  /** Largest size of an axis (default 4). */
  maxSize?: number;
  /**
   * Largest number of elements (default: no limit beyond the axis sizes). Axes are
   * shrunk towards `minSize` until the shape fits; ranks that cannot fit are not drawn.
   */
  maxElements?: number;
}

/** The keys of {@link ArbShapeOptions}. @internal */
export const ARB_SHAPE_KEYS: OptionKeys<ArbShapeOptions> = { minRank: true, maxRank: true, minSize: true, maxSize: true, maxElements: true };

/** Validated {@link ArbShapeOptions} with defaults filled in. @internal */
export interface ShapeBounds {
  minRank: number;
  maxRank: number;
  minSize: number;
  maxSize: number;
  maxElements: number;
}

/** Validates shape options; `op` names the arbitrary in errors. @internal */
export function shapeBounds(op: string, opts: ArbShapeOptions): ShapeBounds {
  const minRank = checkInteger(op, "options", "minRank", orDefault(opts.minRank, 0), 0);
  let maxRank = checkInteger(op, "options", "maxRank", orDefault(opts.maxRank, 4), 0);
  const minSize = checkInteger(op, "options", "minSize", orDefault(opts.minSize, 1), 0);
  const maxSize = checkInteger(op, "options", "maxSize", orDefault(opts.maxSize, 4), 0);
  const maxElements = opts.maxElements === undefined ? Infinity : checkInteger(op, "options", "maxElements", opts.maxElements, 1);
  if (minRank > maxRank) throw new ValueError(op, `minRank ${minRank} is larger than maxRank ${maxRank}`, { minRank, maxRank });
  if (minSize > maxSize) throw new ValueError(op, `minSize ${minSize} is larger than maxSize ${maxSize}`, { minSize, maxSize });
  // The largest rank whose smallest shape (every axis minSize) still fits maxElements.
  while (maxRank > minRank && minSize ** maxRank > maxElements) maxRank--;
  if (minSize ** minRank > maxElements) {
    throw new ValueError(op, `no shape of rank ${minRank} with axes ≥ ${minSize} has at most ${maxElements} elements`, {
      minRank,
      minSize,
      maxElements,
    });
  }
  return { minRank, maxRank, minSize, maxSize, maxElements };
}

/** Shrinks the largest axes towards `minSize` until the shape has at most `maxElements` elements. @internal */
export function fitShape(dims: number[], minSize: number, maxElements: number): number[] {
  const out = dims.slice();
  let size = out.reduce((a, b) => a * b, 1);
  while (size > maxElements) {
    let k = 0;
    for (let i = 1; i < out.length; i++) if (out[i]! > out[k]!) k = i;
    if (out[k]! <= minSize) break;
    out[k] = out[k]! - 1;
    size = out.reduce((a, b) => a * b, 1);
  }
  return out;
}

/** A shape arbitrary from validated bounds. @internal */
export function shapeFromBounds(b: ShapeBounds): fc.Arbitrary<number[]> {
  const dims = fc.array(fc.integer({ min: b.minSize, max: b.maxSize }), { minLength: b.minRank, maxLength: b.maxRank });
  return b.maxElements === Infinity ? dims : dims.map((d) => fitShape(d, b.minSize, b.maxElements));
}

/**
 * A fast-check arbitrary of Tensor shapes: arrays of `minRank … maxRank` axis sizes,
 * each in `minSize … maxSize`, optionally capped at `maxElements` elements. Shrinks
 * towards low ranks and small axes.
 *
 * @param opts - `minRank` (0), `maxRank` (4), `minSize` (1), `maxSize` (4), `maxElements`
 * @returns the arbitrary
 * @throws ValueError for contradictory bounds
 * @example
 * ```ts
 * import { test } from "@tsgrad/testing/vitest";
 * import { arbShape } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * test.prop([arbShape({ maxRank: 3 })])("zeros has the requested shape", (shape) => {
 *   return tg.zeros(shape).shape.length === shape.length;
 * });
 * ```
 * @category Arbitraries
 */
export function arbShape(opts: ArbShapeOptions = {}): fc.Arbitrary<number[]> {
  return shapeFromBounds(shapeBounds("arbShape", checkOptions("arbShape", opts, ARB_SHAPE_KEYS)));
}
