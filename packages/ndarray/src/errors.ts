// The error classes tsgrad throws; a leaf module (no imports) so every layer, the NDArray class
// included, can use them (the helpers that word their messages are in internal.ts).
/**
 * Base class of every error tsgrad throws on bad input. It carries the name of the
 * operation that refused the input and a record of the values involved, so a
 * program can react to it and a person can read it.
 *
 * @example
 * ```ts
 * import { TsgradError, ones, add } from "@tsgrad/ndarray";
 * try {
 *   add(ones([2, 3]), ones([4]));
 * } catch (e) {
 *   if (e instanceof TsgradError) console.log(e.op); // "add"
 * }
 * ```
 * @category Errors
 */
export class TsgradError extends Error {
  /** The operation that raised the error, e.g. `"add"` or `"reshape"`. */
  readonly op: string;
  /** The values involved (shapes, axes, dtypes, …), for programs that inspect errors. */
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * @param op - name of the operation that raised the error
   * @param message - what was wrong and what was expected; the op name is prefixed
   * @param details - the values involved
   */
  constructor(op: string, message: string, details: Record<string, unknown> = {}) {
    super(`${op}: ${message}`);
    this.name = "TsgradError";
    this.op = op;
    this.details = details;
  }
}

/**
 * Shapes that do not fit the operation: they do not broadcast, sizes differ, an
 * inner dimension of a matmul does not match, a reshape changes the size.
 *
 * @example
 * ```ts
 * import { ShapeError, zeros, reshape } from "@tsgrad/ndarray";
 * try { reshape(zeros([2, 3]), [4]); } catch (e) { console.log(e instanceof ShapeError); } // true
 * ```
 * @category Errors
 */
export class ShapeError extends TsgradError {
  /** The class name, which stack traces print: `"ShapeError"`. */
  override name = "ShapeError";
}

/**
 * An axis that is out of range for the tensor's rank, or repeated.
 *
 * @example
 * ```ts
 * import { AxisError, zeros, sum } from "@tsgrad/ndarray";
 * try { sum(zeros([2, 3]), { axis: 2 }); } catch (e) { console.log(e instanceof AxisError); } // true
 * ```
 * @category Errors
 */
export class AxisError extends TsgradError {
  /** The class name, which stack traces print: `"AxisError"`. */
  override name = "AxisError";
}

/**
 * A dtype that the operation does not support, or two dtypes that must match and do not.
 *
 * @example
 * ```ts
 * import { DTypeError, zeros, gather } from "@tsgrad/ndarray";
 * try { gather(zeros([3]), 0, zeros([2])); } catch (e) { console.log(e instanceof DTypeError); } // true
 * ```
 * @category Errors
 */
export class DTypeError extends TsgradError {
  /** The class name, which stack traces print: `"DTypeError"`. */
  override name = "DTypeError";
}

/**
 * An argument value that is out of its domain: a negative or non-integer size, an
 * index out of range, a ragged nested array, an option of the wrong kind.
 *
 * @example
 * ```ts
 * import { ValueError, zeros } from "@tsgrad/ndarray";
 * try { zeros([-1]); } catch (e) { console.log(e instanceof ValueError); } // true
 * ```
 * @category Errors
 */
export class ValueError extends TsgradError {
  /** The class name, which stack traces print: `"ValueError"`. */
  override name = "ValueError";
}
