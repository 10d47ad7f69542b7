// CheckError, the error a failed numerical check throws; a leaf file so every check imports it.
import { TsgradError } from "@tsgrad/ndarray";

/**
 * Thrown by a numerical check that failed: {@link gradcheck}, {@link gradgradcheck} and
 * {@link checkVjp} with `raise: true`, and {@link assertClose}. The message names the
 * worst element, its index, both values and the tolerance; `result` holds the full
 * result object of the check.
 *
 * @example
 * ```ts
 * import { assertClose, CheckError } from "@tsgrad/testing";
 * import * as tg from "tsgrad";
 * try {
 *   assertClose(tg.tensor([1, 2]), tg.tensor([1, 3]));
 * } catch (e) {
 *   if (e instanceof CheckError) console.log(e.op); // "assertClose"
 * }
 * ```
 * @category Checks
 */
export class CheckError extends TsgradError {
  /** The result of the check that failed. */
  readonly result: unknown;

  /**
   * @param op - the check that failed (`"gradcheck"`, `"assertClose"`, …)
   * @param message - what differed, where, and by how much
   * @param result - the check's result object
   */
  constructor(op: string, message: string, result: unknown) {
    super(op, message, { result });
    this.name = "CheckError";
    this.result = result;
  }
}
