// The window every pooling layer reads the same way — kernel size, a stride that defaults to the
// kernel size, padding — checked under the layer's name, for the 1-D and 2-D layers alike.
import { type OptionKeys, checkOptions, orDefault } from "../checks.js";

/** A pooling layer's window: one number per size (1-D layers) or a pair (2-D layers). @internal */
export interface PoolWindow<S> {
  kernelSize: S;
  stride: S;
  padding: S;
}

/**
 * Checks a pooling layer's options object (its keys against `known`, the layer's option names),
 * kernel size, stride (default: the kernel size) and padding (default 0, at least 0), each with
 * `size` (an integer or an integer pair check). @internal
 */
export function poolWindow<S, O extends { stride?: unknown; padding?: unknown }>(
  op: string,
  kernelSize: unknown,
  opts: O,
  known: OptionKeys<O>,
  size: (op: string, where: string, name: string, value: unknown, min: number) => S,
): PoolWindow<S> {
  checkOptions(op, opts, known);
  const kernel = size(op, "arguments", "kernelSize", kernelSize, 1);
  return { kernelSize: kernel, stride: size(op, "options", "stride", orDefault(opts.stride, kernel), 1), padding: size(op, "options", "padding", orDefault(opts.padding, 0), 0) };
}
