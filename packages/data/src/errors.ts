// IdxFormatError, thrown for malformed IDX and MNIST files; a leaf module, so the readers and the
// package entry share the class without import cycles.
import { TsgradError } from "@tsgrad/ndarray";

/**
 * Bytes that are not a well-formed IDX file: a bad magic number, an unknown type
 * code, a header cut short, or data whose length does not match the dimensions
 * (too short, or followed by trailing bytes). The message names what was wrong;
 * `details` carries the numbers involved (offsets, expected and actual lengths).
 *
 * @example
 * ```ts
 * import { IdxFormatError, readIdx } from "@tsgrad/data";
 * try {
 *   readIdx(new Uint8Array([0, 0, 0x08]));
 * } catch (e) {
 *   console.log(e instanceof IdxFormatError); // true: the header is truncated
 * }
 * ```
 * @category Errors
 */
export class IdxFormatError extends TsgradError {
  /**
   * @param op - the operation that read the bytes, e.g. `"readIdx"`
   * @param message - what was wrong with the bytes
   * @param details - the values involved
   */
  constructor(op: string, message: string, details: Record<string, unknown> = {}) {
    super(op, message, details);
    this.name = "IdxFormatError";
  }
}
