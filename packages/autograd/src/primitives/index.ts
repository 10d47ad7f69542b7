import type { Primitive } from "../primitive.js";
import { absPrimitive } from "./abs.js";
import { addPrimitive } from "./add.js";
import { avgPool2dGradPrimitive, avgPool2dPrimitive } from "./avg-pool2d.js";
import { broadcastToPrimitive } from "./broadcast-to.js";
import { castPrimitive } from "./cast.js";
import { concatPrimitive } from "./concat.js";
import { conv2dInputGradPrimitive, conv2dPrimitive, conv2dWeightGradPrimitive } from "./conv2d.js";
import { divPrimitive } from "./div.js";
import { erfPrimitive } from "./erf.js";
import { expPrimitive } from "./exp.js";
import { gatherPrimitive, scatterAddPrimitive } from "./gather.js";
import { indexAddPrimitive, indexSelectPrimitive } from "./index-select.js";
import { logPrimitive } from "./log.js";
import { matmulPrimitive } from "./matmul.js";
import { maxPrimitive } from "./max.js";
import { maxPool2dGradPrimitive, maxPool2dPrimitive } from "./max-pool2d.js";
import { maximumPrimitive } from "./maximum.js";
import { meanPrimitive } from "./mean.js";
import { minPrimitive } from "./min.js";
import { mulPrimitive } from "./mul.js";
import { negPrimitive } from "./neg.js";
import { permutePrimitive } from "./permute.js";
import { powPrimitive } from "./pow.js";
import { reluPrimitive } from "./relu.js";
import { reshapePrimitive } from "./reshape.js";
import { sigmoidPrimitive } from "./sigmoid.js";
import { slicePrimitive, sliceScatterPrimitive } from "./slice.js";
import { sqrtPrimitive } from "./sqrt.js";
import { subPrimitive } from "./sub.js";
import { sumPrimitive } from "./sum.js";
import { tanhPrimitive } from "./tanh.js";
import { cosPrimitive, sinPrimitive } from "./trig.js";
import { wherePrimitive } from "./where.js";

/**
 * The primitive table: every op with its own vjp, by name. Everything else in
 * tsgrad is composed from these, and its gradient follows from theirs.
 *
 * @example
 * ```ts
 * import { PRIMITIVES } from "@tsgrad/autograd";
 * Object.keys(PRIMITIVES).includes("mean"); // true
 * ```
 * @category Primitives
 */
export const PRIMITIVES: Readonly<Record<string, Primitive<never>>> = Object.freeze({
  add: addPrimitive,
  sub: subPrimitive,
  mul: mulPrimitive,
  div: divPrimitive,
  neg: negPrimitive,
  pow: powPrimitive,
  maximum: maximumPrimitive,
  sqrt: sqrtPrimitive,
  exp: expPrimitive,
  log: logPrimitive,
  tanh: tanhPrimitive,
  sigmoid: sigmoidPrimitive,
  relu: reluPrimitive,
  abs: absPrimitive,
  sin: sinPrimitive,
  cos: cosPrimitive,
  erf: erfPrimitive,
  sum: sumPrimitive,
  mean: meanPrimitive,
  max: maxPrimitive,
  min: minPrimitive,
  matmul: matmulPrimitive,
  reshape: reshapePrimitive,
  permute: permutePrimitive,
  broadcastTo: broadcastToPrimitive,
  slice: slicePrimitive,
  sliceScatter: sliceScatterPrimitive,
  concat: concatPrimitive,
  gather: gatherPrimitive,
  scatterAdd: scatterAddPrimitive,
  indexSelect: indexSelectPrimitive,
  indexAdd: indexAddPrimitive,
  where: wherePrimitive,
  cast: castPrimitive,
  conv2d: conv2dPrimitive,
  conv2dInputGrad: conv2dInputGradPrimitive,
  conv2dWeightGrad: conv2dWeightGradPrimitive,
  maxPool2d: maxPool2dPrimitive,
  maxPool2dGrad: maxPool2dGradPrimitive,
  avgPool2d: avgPool2dPrimitive,
  avgPool2dGrad: avgPool2dGradPrimitive,
});
