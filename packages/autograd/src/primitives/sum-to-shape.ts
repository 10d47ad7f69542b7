// sumToShape, the engine's un-broadcasting step: its own file so that the engine and the mul
// primitive (whose vjp uses it) both import it without an engine <-> primitives cycle.
import { TsgradError, fmtShapeOf } from "../tensor-internal.js";
import type { Tensor } from "../tensor.js";
import { reshape } from "./reshape.js";
import { sum } from "./sum.js";

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
  const gs = g.shape;
  if (gs.length === shape.length && gs.every((d, i) => d === shape[i])) return g;
  const lead = gs.length - shape.length;
  const bad = (): never => {
    throw new TsgradError(
      op,
      `the vjp of "${op}" returned a gradient of shape ${fmtShapeOf(gs)} for an input of shape ${fmtShapeOf(shape)}; expected that shape or a broadcast of it`,
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
