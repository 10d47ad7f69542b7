// sumToShape, the engine's un-broadcasting step: its own file so that the engine and the mul
// primitive (whose vjp uses it) both import it without an engine <-> primitives cycle.
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import { TensorBase } from "../tensor-base.js";
import type { Tensor } from "../tensor.js";
import { reshape } from "./reshape.js";
import { sum } from "./sum.js";
import { describeValue, fmtShape, showValue } from "@tsgrad/ndarray/internal";

/**
 * Sums a gradient back to the shape of the input it belongs to, undoing
 * broadcasting: leading axes the input lacks are summed away, and so are axes where
 * the input has size 1. The one place un-broadcasting happens; differentiable.
 *
 * @param g - the gradient, in the broadcast shape
 * @param shape - the input's shape
 * @param op - the op whose vjp produced `g`, for the error
 * @returns `g` summed to `shape`
 * @throws TsgradError when `g` is not a broadcast of `shape`
 * @example
 * ```ts
 * import { tensor, sumToShape } from "@tsgrad/autograd";
 * sumToShape(tensor([[1, 2], [3, 4]]), [1, 2]).data.toArray(); // [[4, 6]]
 * ```
 * @category Autograd
 */
export function sumToShape(g: Tensor, shape: readonly number[], op = "sumToShape"): Tensor {
  if (typeof op !== "string") throw new ValueError("sumToShape", `expected op as a string, got ${describeValue(op)}`, {});
  if (!(g instanceof TensorBase)) throw new ValueError(op, `expected a Tensor gradient, got ${describeValue(g)}`, {});
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new ValueError(op, `expected shape as an array of non-negative integers, got ${showValue(shape)}`, {});
  }
  const gs = g.shape;
  if (gs.length === shape.length && gs.every((d, i) => d === shape[i])) return g;
  const lead = gs.length - shape.length;
  const bad = (): never => {
    throw new TsgradError(
      op,
      `the vjp of "${op}" returned a gradient of shape ${fmtShape(gs)} for an input of shape ${fmtShape(shape)}; expected that shape or a broadcast of it`,
      { gradShape: gs, inputShape: shape },
    );
  };
  if (lead < 0) bad();
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(i);
  shape.forEach((d, i) => {
    const gd = gs[i + lead]!;
    if (gd === d) return;
    if (d === 1) axes.push(i + lead);
    else bad();
  });
  return reshape(sum(g, { axis: axes, keepdims: true }), shape);
}
