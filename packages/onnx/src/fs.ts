/**
 * `@tsgrad/onnx/node`: the Node-only part of `@tsgrad/onnx` — writing an exported model to a file.
 *
 * @packageDocumentation
 */
import type { Tensor } from "@tsgrad/autograd";
import type { Module } from "@tsgrad/nn";
import { checkPath, writeFileAtomically } from "@tsgrad/nn/node";
import { checkOptions } from "@tsgrad/ndarray/internal";
import { EXPORT_ONNX_KEYS, type ExportOnnxOptions, exportOnnx } from "./export.js";

/**
 * Exports a Module with `exportOnnx` (`tg.onnx.exportOnnx`) and writes the model to `path`. The
 * export runs first, so an error leaves no file; the bytes go to a temporary name beside `path` and
 * are renamed into place, so a crash never leaves a half-written file.
 *
 * @param path - where to write (by convention `*.onnx`)
 * @param model - the module to export
 * @param exampleInputs - a Tensor, or one per forward argument
 * @param options - as `exportOnnx`'s: `inputNames`, `outputNames`, `dynamicBatch`, `batchAxes`, `opset`
 * @returns the number of bytes written
 * @throws OnnxExportError when the model cannot be exported (nothing is written); ValueError naming saveOnnx for a path that is not a non-empty string or cannot be written (the file system's error as `cause`)
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * import { saveOnnx } from "tsgrad/node";
 * const model = new tg.nn.Sequential(new tg.nn.Linear(4, 2, { seed: 0 }), new tg.nn.Softmax(1));
 * const size = await saveOnnx("model.onnx", model, tg.randn([1, 4]));
 * ```
 * @category ONNX
 */
export async function saveOnnx(path: string, model: Module, exampleInputs: Tensor | readonly Tensor[], options: ExportOnnxOptions = {}): Promise<number> {
  checkPath("saveOnnx", path);
  checkOptions("saveOnnx", options, EXPORT_ONNX_KEYS);
  const bytes = exportOnnx(model, exampleInputs, options);
  await writeFileAtomically(path, bytes, "saveOnnx");
  return bytes.byteLength;
}
