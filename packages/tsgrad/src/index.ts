/**
 * `tsgrad`: the package to import — `import * as tg from "tsgrad"`.
 *
 * - **Tensors and ops** (top level): {@link Tensor}, creation (`tensor`, `zeros`, `randn`, …),
 *   every differentiable op as a function and a method, `grad`, `noGrad`/`enableGrad`/
 *   `setGradEnabled`, `customOp`, `detectAnomaly` — from `@tsgrad/autograd`.
 * - **`tg.nn`**: `Module`, `Parameter`, layers, losses, `init`, state dicts, safetensors and
 *   PyTorch key mapping — from `@tsgrad/nn`.
 * - **`tg.optim`**: optimizers, learning-rate schedulers and gradient clipping.
 * - **`tg.data`**: `TensorDataset`, `DataLoader`, the IDX reader and MNIST loading.
 * - **`tg.onnx`**: `exportOnnx`, a Module's eval forward as an ONNX model — from `@tsgrad/onnx`.
 *
 * File helpers that need Node (`saveSafetensorsFile`, `loadMnist` from disk, `saveOnnx`, …) are in
 * `tsgrad/node`. The gradient-testing kit is the separate package `@tsgrad/testing`.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const w = tg.tensor([1, 2, 3], { requiresGrad: true });
 * w.mul(w).sum().backward();
 * w.grad!.toArray(); // [2, 4, 6]
 * ```
 *
 * @module index
 */
export * from "@tsgrad/autograd";
export * as nn from "@tsgrad/nn/modules";
export * as optim from "@tsgrad/nn/optim";
export * as data from "@tsgrad/data";
export * as onnx from "@tsgrad/onnx";
