/**
 * `@tsgrad/onnx`: export a tsgrad `Module`'s eval forward as an ONNX model that ONNX Runtime
 * (Node, the browser, Python, C++ …) runs — weights as initializers, a symbolic batch axis by
 * default, opset 17 to 22. Re-exported by `tsgrad` as `tg.onnx`; `saveOnnx` (to a file) is in
 * `@tsgrad/onnx/node` and `tsgrad/node`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const model = new tg.nn.Sequential(new tg.nn.Conv2d(1, 4, 3, { padding: 1, seed: 0 }), new tg.nn.ReLU(), new tg.nn.Flatten());
 * const bytes = tg.onnx.exportOnnx(model, tg.randn([1, 1, 8, 8]));
 * bytes.byteLength > 0; // true
 * ```
 *
 * @packageDocumentation
 */
export { exportOnnx, type ExportOnnxOptions } from "./export.js";
export { OnnxExportError } from "./errors.js";
