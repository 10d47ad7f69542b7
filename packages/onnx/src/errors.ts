// OnnxExportError, the one error class of the exporter, in a leaf module so the tracer, the op
// mappings and callers can all name it without importing each other.
import { TsgradError } from "@tsgrad/ndarray";

/**
 * Why a model cannot be exported: an op or layer with no ONNX mapping, a value that depends on
 * the input data in a way the graph cannot express, a forward that fails on another batch size,
 * or bad options. It names the op (`opName`, when one is to blame) and the path of the module
 * whose forward ran it (`modulePath`, e.g. `"model.3.attn"`); nothing is written when it is thrown.
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * class Pool extends tg.nn.Module {
 *   forward(x: tg.Tensor): tg.Tensor {
 *     return tg.maxPool2d(x, { kernelSize: 2 }); // functional max pooling: no mapping
 *   }
 * }
 * try {
 *   tg.onnx.exportOnnx(new tg.nn.Sequential(new Pool()), tg.randn([1, 1, 4, 4]));
 * } catch (e) {
 *   if (e instanceof tg.onnx.OnnxExportError) console.log(e.opName, e.modulePath); // "maxPool2d" "model.0"
 * }
 * ```
 * @category Errors
 */
export class OnnxExportError extends TsgradError {
  /** The tsgrad op or layer that has no mapping, or null when the problem is not one op's. */
  readonly opName: string | null;
  /** The path of the module whose forward ran the op: `"model"` for the exported module, `"model.3.attn"` below it. */
  readonly modulePath: string;

  /**
   * @param message - what cannot be exported and what to do instead
   * @param where - the op (`opName`) and the module path (`modulePath`), and the error behind this one (`cause`)
   */
  constructor(message: string, where: { opName?: string; modulePath: string; cause?: unknown }) {
    const op = where.opName === undefined ? "" : `op "${where.opName}" `;
    super("exportOnnx", `${op}in ${where.modulePath}: ${message}`, { opName: where.opName ?? null, modulePath: where.modulePath });
    this.name = "OnnxExportError";
    this.opName = where.opName ?? null;
    this.modulePath = where.modulePath;
    if (where.cause !== undefined) (this as { cause?: unknown }).cause = where.cause;
  }
}
