// Printing NDArrays as PyTorch does (aligned columns, summarised when large); apart from the class
// so that ndarray.ts stays about storage and views.
import type { NDArray } from "./ndarray.js";

const EDGE = 3;
const THRESHOLD = 1000;
const LINE_WIDTH = 80;
/** Most values printed in full: more (many small axes) print a one-line summary instead. */
const PRINT_BUDGET = 10_000;

/**
 * PyTorch-style printing: `ndarray([[1., 2.], [3., 4.]])`. Floats use 4 decimals, or
 * `1.` when all values are integers, or scientific notation when the magnitudes
 * span a wide range; tensors of more than 1,000 elements show 3 items at each edge
 * of every axis around `...`; a non-float32 dtype is named at the end. When even the
 * summarised form would show more than 10,000 values (many small axes), a one-line
 * summary of the shape is printed instead, without reading the elements.
 * @internal
 */
export function formatNDArray(t: NDArray): string {
  const summarize = t.size > THRESHOLD;
  const suffix = t.dtype === "float32" ? ")" : `, dtype=${t.dtype})`;
  let count = 1;
  for (const n of t.shape) count *= summarize && n > 2 * EDGE ? 2 * EDGE : n;
  if (count > PRINT_BUDGET) {
    return `ndarray(<shape [${t.shape.join(", ")}] (${t.size} elements), too many axes to print in full>${suffix}`;
  }
  // Elements are read through the strides, never copied: printing a huge (or broadcast) view
  // touches only the ≤ 7 items per axis it shows.
  const data = t.storage;
  const shown = collectShown(t, summarize);
  const fmt = numberFormatter(shown, t.dtype === "int32");
  // Like PyTorch, only finite values set the column width: nan and inf are not padded for.
  const width = shown.reduce((w, v) => (Number.isFinite(v) ? Math.max(w, fmt(v).length) : w), 1);
  const prefix = "ndarray(";
  if (t.ndim === 0) return prefix + fmt(data[t.offset]!) + suffix;
  const render = (axis: number, base: number, indent: number): string => {
    const n = t.shape[axis]!;
    const stride = t.strides[axis]!;
    const idx = indicesFor(n, summarize);
    if (axis === t.ndim - 1) {
      const items = idx.map((i) => (i < 0 ? " ..." : fmt(data[base + i * stride]!).padStart(width)));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
      return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
    }
    const sep = "," + "\n".repeat(t.ndim - axis - 1) + " ".repeat(indent + 1);
    const parts = idx.map((i) => (i < 0 ? "..." : render(axis + 1, base + i * stride, indent + 1)));
    return "[" + parts.join(sep) + "]";
  };
  return prefix + render(0, t.offset, prefix.length) + suffix;
}

function indicesFor(n: number, summarize: boolean): number[] {
  if (!summarize || n <= 2 * EDGE) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, -1, n - 3, n - 2, n - 1];
}

/** The values printing shows, read through the strides (all of them when not summarised). */
function collectShown(t: NDArray, summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (axis: number, base: number): void => {
    if (axis === t.ndim) {
      out.push(t.storage[base]!);
      return;
    }
    for (const i of indicesFor(t.shape[axis]!, summarize)) if (i >= 0) walk(axis + 1, base + i * t.strides[axis]!);
  };
  walk(0, t.offset);
  return out;
}

function numberFormatter(values: readonly number[], isInt: boolean): (v: number) => string {
  if (isInt) return (v) => String(v);
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | undefined =>
    Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : undefined;
  const allInts = finite.every((v) => Number.isInteger(v));
  // A loop, not Math.max(...abs): a spread of many values overflows the stack.
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a > 0) {
      if (a > maxAbs) maxAbs = a;
      if (a < minAbs) minAbs = a;
    }
  }
  if (minAbs === Infinity) minAbs = 0;
  const wide = maxAbs > 1e8 || (minAbs > 0 && maxAbs / minAbs > 1000);
  const sci = wide || (!allInts && minAbs > 0 && minAbs < 1e-4);
  if (allInts && !sci) return (v) => special(v) ?? `${v.toFixed(0)}.`;
  if (sci) return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
  return (v) => special(v) ?? v.toFixed(4);
}
