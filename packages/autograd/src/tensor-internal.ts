/** Re-exports from @tsgrad/ndarray used inside autograd, plus small helpers. @internal */
export { TsgradError, ValueError, ShapeError, ones } from "@tsgrad/ndarray";

/** Formats a shape for messages: `[2, 3]`. @internal */
export function fmtShapeOf(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
