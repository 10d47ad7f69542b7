// The table of primitives, and the only list of them: one line per primitive file, exporting
// its op functions and its `<name>Primitive` objects. The package exports it as is
// (ops/all.ts), PRIMITIVES is derived from it (registry.ts), and the test registry checks
// that every primitive has a test block with a numerics case (test/primitives.test.ts).
// Adding a primitive: CONTRIBUTING.md. Sorted by file name.
export { abs, absPrimitive } from "./abs.js";
export { add, addPrimitive } from "./add.js";
export { avgPool2d, avgPool2dGrad, avgPool2dPrimitive, avgPool2dGradPrimitive } from "./avg-pool2d.js";
export { broadcastTo, broadcastToPrimitive } from "./broadcast-to.js";
export { cast, castPrimitive } from "./cast.js";
export { concat, concatPrimitive } from "./concat.js";
export { conv2d, conv2dInputGrad, conv2dWeightGrad, conv2dPrimitive, conv2dInputGradPrimitive, conv2dWeightGradPrimitive } from "./conv2d.js";
export { div, divPrimitive } from "./div.js";
export { erf, erfPrimitive } from "./erf.js";
export { exp, expPrimitive } from "./exp.js";
export { expm1, expm1Primitive } from "./expm1.js";
export { fusedBatchNorm, fusedBatchNormWithStats, fusedBatchNormPrimitive } from "./fused-batch-norm.js";
export { gather, scatterAdd, gatherPrimitive, scatterAddPrimitive } from "./gather.js";
export { indexSelect, indexAdd, indexSelectPrimitive, indexAddPrimitive } from "./index-select.js";
export { log, logPrimitive } from "./log.js";
export { log1p, log1pPrimitive } from "./log1p.js";
export { matmul, matmulPrimitive } from "./matmul.js";
export { max, maxPrimitive } from "./max.js";
export { maxPool2d, maxPool2dWithIndices, maxPool2dGrad, maxPool2dPrimitive, maxPool2dGradPrimitive } from "./max-pool2d.js";
export { maximum, maximumPrimitive } from "./maximum.js";
export { mean, meanPrimitive } from "./mean.js";
export { min, minPrimitive } from "./min.js";
export { mul, mulPrimitive } from "./mul.js";
export { neg, negPrimitive } from "./neg.js";
export { permute, permutePrimitive } from "./permute.js";
export { pow, powPrimitive } from "./pow.js";
export { relu, reluPrimitive } from "./relu.js";
export { reshape, reshapePrimitive } from "./reshape.js";
export { sigmoid, sigmoidPrimitive } from "./sigmoid.js";
export { slice, sliceScatter, slicePrimitive, sliceScatterPrimitive } from "./slice.js";
export { sqrt, sqrtPrimitive } from "./sqrt.js";
export { sub, subPrimitive } from "./sub.js";
export { sum, sumPrimitive } from "./sum.js";
export { tanh, tanhPrimitive } from "./tanh.js";
export { sin, cos, sinPrimitive, cosPrimitive } from "./trig.js";
export { where, wherePrimitive } from "./where.js";
