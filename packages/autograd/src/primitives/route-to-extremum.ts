// routeToExtremum, the vjp shared by max and min: its own file so that reduce-attrs.ts imports
// no primitive (it used mul, whose file leads back to sum and reduce-attrs: an import cycle).
import * as T from "@tsgrad/ndarray";
import type { Tensor } from "../tensor.js";
import { broadcastTo } from "./broadcast-to.js";
import { mul } from "./mul.js";
import { reshape } from "./reshape.js";
import { type ReduceAttrs, keptShape } from "./reduce-attrs.js";

/**
 * The vjp of `max` and `min`: the upstream gradient goes to the elements equal to the result.
 * @internal
 */
export function routeToExtremum(g: Tensor, x: Tensor, output: Tensor, attrs: ReduceAttrs): Tensor {
  const kept = keptShape(attrs);
  // NOTE: ties share the gradient equally: mask / (number of tied elements).
  const mask = T.eq(x.data, T.reshape(output.data, kept)).astype(g.dtype);
  const count = T.sum(mask, { axis: attrs.axes, keepdims: true });
  return mul(broadcastTo(reshape(g, kept), attrs.inShape), g.wrapData(T.div(mask, count)));
}
