// The table of primitives, and the only list of them: one line per primitive file, exporting
// its op functions and its `<name>Primitive` objects. The package exports it as is
// (ops/all.ts), PRIMITIVES is derived from it (registry.ts), and the test registry checks
// that every primitive has a test block with a numerics case (test/primitives.test.ts).
// Adding a primitive: CONTRIBUTING.md. Sorted by file name.
export { abs, absPrimitive, absMethods } from "./abs.js";
export { add, addPrimitive, addMethods } from "./add.js";
export { avgPool2d, avgPool2dGrad, avgPool2dPrimitive, avgPool2dGradPrimitive } from "./avg-pool2d.js";
export { broadcastTo, broadcastToPrimitive, broadcastToMethods } from "./broadcast-to.js";
export { cast, castPrimitive } from "./cast.js";
export { concat, concatPrimitive } from "./concat.js";
export { conv2d, conv2dInputGrad, conv2dWeightGrad, conv2dPrimitive, conv2dInputGradPrimitive, conv2dWeightGradPrimitive } from "./conv2d.js";
export { div, divPrimitive, divMethods } from "./div.js";
export { erf, erfPrimitive, erfMethods } from "./erf.js";
export { exp, expPrimitive, expMethods } from "./exp.js";
export { expm1, expm1Primitive, expm1Methods } from "./expm1.js";
export { max, min, maxPrimitive, minPrimitive, extremumMethods } from "./extremum.js";
export { fusedBatchNorm, fusedBatchNormWithStats, fusedBatchNormPrimitive } from "./fused-batch-norm.js";
export { sinh, cosh, sinhPrimitive, coshPrimitive, hyperbolicMethods } from "./hyperbolic.js";
export { gather, indexSelect, scatterAdd, indexAdd, gatherPrimitive, indexSelectPrimitive, scatterAddPrimitive, indexAddPrimitive, indexingMethods } from "./indexing.js";
export { log, logPrimitive, logMethods } from "./log.js";
export { log1p, log1pPrimitive, log1pMethods } from "./log1p.js";
export { matmul, matmulPrimitive, matmulMethods } from "./matmul.js";
export { maxPool2d, maxPool2dWithIndices, maxPool2dGrad, maxPool2dPrimitive, maxPool2dGradPrimitive } from "./max-pool2d.js";
export { maximum, maximumPrimitive, maximumMethods } from "./maximum.js";
export { mean, meanPrimitive, meanMethods } from "./mean.js";
export { mul, mulPrimitive, mulMethods } from "./mul.js";
export { neg, negPrimitive, negMethods } from "./neg.js";
export { permute, permutePrimitive, permuteMethods } from "./permute.js";
export { pow, powPrimitive, powMethods } from "./pow.js";
export { relu, reluPrimitive, reluMethods } from "./relu.js";
export { reshape, reshapePrimitive, reshapeMethods } from "./reshape.js";
export { sigmoid, sigmoidPrimitive, sigmoidMethods } from "./sigmoid.js";
export { slice, sliceScatter, slicePrimitive, sliceScatterPrimitive, sliceMethods } from "./slice.js";
export { sqrt, sqrtPrimitive, sqrtMethods } from "./sqrt.js";
export { sub, subPrimitive, subMethods } from "./sub.js";
export { sum, sumPrimitive, sumMethods } from "./sum.js";
export { tanh, tanhPrimitive, tanhMethods } from "./tanh.js";
export { sin, cos, sinPrimitive, cosPrimitive, trigMethods } from "./trig.js";
export { where, wherePrimitive } from "./where.js";
