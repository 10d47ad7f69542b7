// Every op's free function and method form (`<name>Methods`) in one place: the package index
// exports it, tensor.ts puts the method forms on Tensor. The primitives come from their table
// (primitives/index.ts); the composites are listed below.
export * from "../primitives/index.js";
export { transpose, squeeze, unsqueeze, flatten, expand, stack, shapeMethods } from "./shape.js";
export { square, minimum, clamp, leakyRelu, gelu, sqrtEps, elementwiseMethods } from "./elementwise.js";
export { logSumExp, logSoftmax, softmax, softmaxMethods } from "./softmax.js";
export { variance, std, statisticsMethods } from "./statistics.js";
export { eq, ne, lt, le, gt, ge, argmax, argmin, type ArgReduceOptions, compareMethods } from "./compare.js";
export { linear } from "./linear.js";
export { batchNorm, batchNormWithStats, batchNormInference, type BatchNormOptions, type BatchNormResult } from "./batch-norm.js";
export { convTranspose2d, type ConvTranspose2dOptions } from "./conv-transpose2d.js";
export { silu, elu, softplus, mish, hardtanh, relu6, prelu } from "./activations.js";
export { conv1d, type Conv1dOptions } from "./conv1d.js";
export { maxPool1d, maxPool1dWithIndices, avgPool1d, type MaxPool1dOptions, type AvgPool1dOptions } from "./pool1d.js";
export { adaptiveAvgPool2d } from "./adaptive-avg-pool2d.js";
export { groupNorm, type GroupNormOptions } from "./group-norm.js";
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from "./attention.js";
