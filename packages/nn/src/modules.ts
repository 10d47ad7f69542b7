// Everything of @tsgrad/nn but the optimizers: what `tsgrad` re-exports as `tg.nn` (the
// optimizers and schedulers are `tg.optim`, from ./optim.ts). The package index joins both.

// Modules, parameters, layers, init, safetensors.
export { Module, type StateDict, type BufferOptions, type LoadStateDictOptions, type LoadStateDictResult } from "./module.js";
export { Parameter, type ParameterOptions } from "./parameter.js";
export { StateDictError, SafetensorsError, type StateDictMismatch } from "./errors.js";
export { type SeedOptions, type Nonlinearity, type FanMode, type KaimingOptions } from "./init.js";
export * as init from "./init.js";
export { Linear, type LinearOptions } from "./layers/linear.js";
export { Conv2d, type Conv2dLayerOptions } from "./layers/conv2d.js";
export { MaxPool2d, type MaxPool2dLayerOptions } from "./layers/max-pool2d.js";
export { AvgPool2d, type AvgPool2dLayerOptions } from "./layers/avg-pool2d.js";
export { Flatten } from "./layers/flatten.js";
export { Dropout } from "./layers/dropout.js";
export { Identity } from "./layers/identity.js";
export { ReLU } from "./layers/relu.js";
export { LeakyReLU } from "./layers/leaky-relu.js";
export { GELU, type GELUOptions } from "./layers/gelu.js";
export { Tanh } from "./layers/tanh.js";
export { Sigmoid } from "./layers/sigmoid.js";
export { Softmax } from "./layers/softmax.js";
export { LogSoftmax } from "./layers/log-softmax.js";
export { LayerNorm, type LayerNormOptions } from "./layers/layer-norm.js";
export { Embedding, type EmbeddingOptions } from "./layers/embedding.js";
export { Sequential } from "./layers/sequential.js";
export { ModuleList } from "./layers/module-list.js";
export {
  saveSafetensors,
  loadSafetensors,
  loadSafetensorsWithMetadata,
  type SafetensorsMetadata,
  type SafetensorsContents,
} from "./safetensors.js";

// Losses.
export * from "./losses/index.js";

// BatchNorm layers.
export * from "./layers/batch-norm.js";

// PyTorch's snake_case state-dict names.
export { toPyTorchKeys, fromPyTorchKeys } from "./pytorch-keys.js";
