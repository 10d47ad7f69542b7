// Everything of @tsgrad/nn but the optimizers: what `tsgrad` re-exports as `tg.nn` (the
// optimizers and schedulers are `tg.optim`, from ./optim.ts). The package index joins both.

// Modules, parameters, layers, init, safetensors.
export { Module, type BufferOptions } from "./module.js";
export { type StateDict, type LoadStateDictOptions, type LoadStateDictResult } from "./state-dict.js";
export { Parameter, type ParameterOptions } from "./parameter.js";
export { StateDictError, SafetensorsError, type StateDictMismatch } from "./errors.js";
export { type SeedOptions, type Nonlinearity, type FanMode, type KaimingOptions } from "./init.js";
export * as init from "./init.js";
export { Linear, type LinearOptions } from "./layers/linear.js";
export { ConvBase, type ConvBaseOptions } from "./layers/conv-base.js";
export { Conv2d, type Conv2dLayerOptions } from "./layers/conv2d.js";
export { MaxPool2d, type MaxPool2dLayerOptions } from "./layers/max-pool2d.js";
export { AvgPool2d, type AvgPool2dLayerOptions } from "./layers/avg-pool2d.js";
export { Flatten } from "./layers/flatten.js";
export { DropoutBase } from "./layers/dropout-base.js";
export { Dropout } from "./layers/dropout.js";
export { Identity } from "./layers/identity.js";
export { ReLU } from "./layers/relu.js";
export { FunctionalLayerBase } from "./layers/functional-layer-base.js";
export { LeakyReLU } from "./layers/leaky-relu.js";
export { GELU, type GELUOptions } from "./layers/gelu.js";
export { Tanh } from "./layers/tanh.js";
export { Sigmoid } from "./layers/sigmoid.js";
export { Softmax } from "./layers/softmax.js";
export { LogSoftmax } from "./layers/log-softmax.js";
export { LayerNorm, type LayerNormOptions } from "./layers/layer-norm.js";
export { Embedding, type EmbeddingOptions, type FromPretrainedOptions } from "./layers/embedding.js";
export { Sequential } from "./layers/sequential.js";
export { ModuleList, ModuleListBase } from "./layers/module-list.js";
export { ModuleDict } from "./layers/module-dict.js";

// Layers of modern models: 1-D convolution and pooling, transposed and adaptive 2-D layers,
// group and instance normalisation, activations, channel dropout, Unflatten.
export { Conv1d, type Conv1dLayerOptions } from "./layers/conv1d.js";
export { ConvTranspose2d, type ConvTranspose2dLayerOptions } from "./layers/conv-transpose2d.js";
export { MaxPool1d, type MaxPool1dLayerOptions } from "./layers/max-pool1d.js";
export { AvgPool1d, type AvgPool1dLayerOptions } from "./layers/avg-pool1d.js";
export { AdaptiveAvgPool2d } from "./layers/adaptive-avg-pool2d.js";
export { GroupNorm, type GroupNormOptions } from "./layers/group-norm.js";
export { InstanceNorm2d, type InstanceNorm2dOptions } from "./layers/instance-norm2d.js";
export { SiLU } from "./layers/silu.js";
export { ELU, type ELUOptions } from "./layers/elu.js";
export { Softplus, type SoftplusOptions } from "./layers/softplus.js";
export { Mish } from "./layers/mish.js";
export { PReLU, type PReLUOptions } from "./layers/prelu.js";
export { Hardtanh, type HardtanhOptions } from "./layers/hardtanh.js";
export { ReLU6 } from "./layers/relu6.js";
export { Dropout2d } from "./layers/dropout2d.js";
export { Unflatten } from "./layers/unflatten.js";

// Sequence models and attention: recurrent layers, multi-head attention, transformer encoders.
export { RNNBase, type RNNBaseOptions } from "./layers/rnn-base.js";
export { RNN, type RNNOptions } from "./layers/rnn.js";
export { LSTM } from "./layers/lstm.js";
export { GRU } from "./layers/gru.js";
export { MultiheadAttention, type MultiheadAttentionOptions, type MultiheadAttentionForwardOptions } from "./layers/multihead-attention.js";
export {
  TransformerEncoderLayer,
  type TransformerEncoderLayerOptions,
  type TransformerEncoderLayerForwardOptions,
} from "./layers/transformer-encoder-layer.js";
export { TransformerEncoder, type TransformerEncoderForwardOptions } from "./layers/transformer-encoder.js";
export {
  saveSafetensors,
  loadSafetensors,
  loadSafetensorsWithMetadata,
  type SafetensorsMetadata,
  type SafetensorsContents,
} from "./safetensors.js";

// Losses.
export * from "./losses/index.js";
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from "./losses/binary-cross-entropy.js";
export { smoothL1Loss, huberLoss, type SmoothL1LossOptions, type HuberLossOptions } from "./losses/smooth-l1-loss.js";
export { klDiv, type KlDivOptions } from "./losses/kl-div.js";
export {
  LossBase,
  CrossEntropyLoss,
  NLLLoss,
  MSELoss,
  L1Loss,
  BCEWithLogitsLoss,
  BCELoss,
  SmoothL1Loss,
  HuberLoss,
  KLDivLoss,
} from "./losses/loss-modules.js";

// BatchNorm layers.
export * from "./layers/batch-norm.js";

// PyTorch's snake_case state-dict names.
export { toPyTorchKeys, fromPyTorchKeys } from "./pytorch-keys.js";
