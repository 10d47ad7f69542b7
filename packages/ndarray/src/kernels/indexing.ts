// Indexing kernels on NDArrays (concat, stack, gather, scatterAdd, indexSelect, indexAdd,
// oneHot); the validated public forms are in ops/indexing.ts.
import { type DType, allocate, checkDType, promoteTypes } from "../dtype.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { checkShape, contiguousStrides } from "../shape.js";
import { NDArray } from "../ndarray.js";
import { contiguous, narrow, unsqueeze } from "../views.js";
import { addInto, assignInto } from "./elementwise.js";
import { checkNDArray, checkNDArrayList } from "../check-ndarray.js";
import { checkInteger, fmtShape, normalizeAxis } from "../internal.js";

/** Joins tensors along an existing axis. @internal */
export function concatKernel(tensors: readonly NDArray[], axis = 0): NDArray {
  checkNDArrayList("concat", tensors);
  const first = tensors[0]!;
  const a = normalizeAxis("concat", axis, first.ndim);
  let dtype: DType = first.dtype;
  let total = 0;
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(
        "concat",
        `shapes ${tensors.map((x) => fmtShape(x.shape)).join(", ")} must match on every axis but axis ${a}`,
        { shapes: tensors.map((x) => x.shape), axis },
      );
    }
    dtype = promoteTypes(dtype, t.dtype);
    total += t.shape[a]!;
  }
  const shape = first.shape.slice();
  shape[a] = total;
  const out = new NDArray(allocate(dtype, shape.reduce((x, y) => x * y, 1)), shape);
  let start = 0;
  for (const t of tensors) {
    const len = t.shape[a]!;
    if (len > 0) assignInto(narrow(out, a, start, len), t);
    start += len;
  }
  return out;
}

/** Joins same-shape tensors along a new axis. @internal */
export function stackKernel(tensors: readonly NDArray[], axis = 0): NDArray {
  checkNDArrayList("stack", tensors);
  const first = tensors[0]!;
  for (const t of tensors) {
    if (t.shape.length !== first.shape.length || t.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError("stack", `all shapes must be equal, got ${tensors.map((x) => fmtShape(x.shape)).join(", ")}`, {
        shapes: tensors.map((x) => x.shape),
      });
    }
  }
  const a = normalizeAxis("stack", axis, first.ndim + 1);
  return concatKernel(
    tensors.map((t) => unsqueeze(t, a)),
    a,
  );
}

function checkIndex(op: string, index: NDArray): Int32Array {
  checkNDArray(op, index, "index");
  if (index.dtype !== "int32") {
    throw new DTypeError(op, `indices must be int32, got ${index.dtype}`, { dtype: index.dtype });
  }
  return contiguous(index).storage as Int32Array;
}

function checkRange(op: string, i: number, n: number, axis: number): number {
  if (i < -n || i >= n) throw new ValueError(op, `index ${i} is out of range for axis ${axis} of size ${n}`, { index: i, size: n, axis });
  return i < 0 ? i + n : i;
}

/**
 * PyTorch's `gather`: `out[i][j][k] = t[index[i][j][k]][j][k]` for axis 0, and so on.
 * `index` has the rank of `t` and, on the other axes, sizes no larger than `t`'s.
 * @internal
 */
export function gatherKernel(t: NDArray, axis: number, index: NDArray): NDArray {
  checkNDArray("gather", t);
  const idx = checkIndex("gather", index);
  const a = normalizeAxis("gather", axis, t.ndim);
  if (index.ndim !== t.ndim || index.shape.some((d, i) => i !== a && d > t.shape[i]!)) {
    throw new ShapeError("gather", `index of shape ${fmtShape(index.shape)} does not fit input of shape ${fmtShape(t.shape)} at axis ${a} (same rank, sizes ≤ the input's on other axes)`, {
      input: t.shape,
      index: index.shape,
      axis,
    });
  }
  const out = allocate(t.dtype, idx.length);
  const outStrides = contiguousStrides(index.shape);
  const n = t.shape[a]!;
  const x = t.storage;
  for (let flat = 0; flat < idx.length; flat++) {
    let rem = flat;
    let off = t.offset;
    for (let d = 0; d < index.ndim; d++) {
      const c = Math.floor(rem / outStrides[d]!);
      rem -= c * outStrides[d]!;
      off += (d === a ? checkRange("gather", idx[flat]!, n, a) : c) * t.strides[d]!;
    }
    out[flat] = x[off]!;
  }
  return new NDArray(out, index.shape);
}

/**
 * The inverse of {@link gatherKernel} with accumulation: zeros of `shape` with
 * `src[i][j][k]` added at `[index[i][j][k]][j][k]` (axis 0), and so on.
 * @internal
 */
export function scatterAddKernel(shape: readonly number[], axis: number, index: NDArray, src: NDArray): NDArray {
  const idx = checkIndex("scatterAdd", index);
  checkNDArray("scatterAdd", src, "src");
  checkShape("scatterAdd", shape);
  const a = normalizeAxis("scatterAdd", axis, shape.length);
  if (src.shape.length !== index.shape.length || src.shape.some((d, i) => d !== index.shape[i])) {
    throw new ShapeError("scatterAdd", `src shape ${fmtShape(src.shape)} must equal index shape ${fmtShape(index.shape)}`, {
      src: src.shape,
      index: index.shape,
    });
  }
  if (index.ndim !== shape.length || index.shape.some((d, i) => i !== a && d > shape[i]!)) {
    throw new ShapeError("scatterAdd", `index of shape ${fmtShape(index.shape)} does not fit output of shape ${fmtShape(shape)} at axis ${a} (same rank, sizes ≤ the output's on other axes)`, {
      shape,
      index: index.shape,
      axis,
    });
  }
  const strides = contiguousStrides(shape);
  const out = allocate(src.dtype, shape.reduce((x, y) => x * y, 1));
  const s = contiguous(src).storage;
  const idxStrides = contiguousStrides(index.shape);
  const n = shape[a]!;
  for (let flat = 0; flat < idx.length; flat++) {
    let rem = flat;
    let off = 0;
    for (let d = 0; d < index.ndim; d++) {
      const c = Math.floor(rem / idxStrides[d]!);
      rem -= c * idxStrides[d]!;
      off += (d === a ? checkRange("scatterAdd", idx[flat]!, n, a) : c) * strides[d]!;
    }
    out[off]! += s[flat]!;
  }
  return new NDArray(out, shape);
}

/**
 * Rows (or slices along `axis`) of `t` picked by a 1-D int32 index: `out.shape[axis] = index.size`.
 * @internal
 */
export function indexSelectKernel(t: NDArray, axis: number, index: NDArray): NDArray {
  checkNDArray("indexSelect", t);
  const idx = checkIndex("indexSelect", index);
  if (index.ndim !== 1) throw new ShapeError("indexSelect", `index must be 1-D, got shape ${fmtShape(index.shape)}`, { index: index.shape });
  const a = normalizeAxis("indexSelect", axis, t.ndim);
  const shape = t.shape.slice();
  shape[a] = idx.length;
  const out = new NDArray(allocate(t.dtype, shape.reduce((x, y) => x * y, 1)), shape);
  const n = t.shape[a]!;
  for (let i = 0; i < idx.length; i++) {
    assignInto(narrow(out, a, i, 1), narrow(t, a, checkRange("indexSelect", idx[i]!, n, a), 1));
  }
  return out;
}

/**
 * Zeros of `shape` with the slices of `src` along `axis` added at positions `index` (1-D int32).
 * @internal
 */
export function indexAddKernel(shape: readonly number[], axis: number, index: NDArray, src: NDArray): NDArray {
  const idx = checkIndex("indexAdd", index);
  checkNDArray("indexAdd", src, "src");
  if (index.ndim !== 1) throw new ShapeError("indexAdd", `index must be 1-D, got shape ${fmtShape(index.shape)}`, { index: index.shape });
  checkShape("indexAdd", shape);
  const a = normalizeAxis("indexAdd", axis, shape.length);
  if (src.ndim !== shape.length || src.shape.some((d, i) => (i === a ? d !== idx.length : d !== shape[i]))) {
    throw new ShapeError(
      "indexAdd",
      `src of shape ${fmtShape(src.shape)} does not fit: expected the output shape ${fmtShape(shape)} with ${idx.length} (the index length) at axis ${a}`,
      { shape, src: src.shape, axis },
    );
  }
  const out = new NDArray(allocate(src.dtype, shape.reduce((x, y) => x * y, 1)), shape);
  const n = shape[a]!;
  for (let i = 0; i < idx.length; i++) {
    addInto(narrow(out, a, checkRange("indexAdd", idx[i]!, n, a), 1), narrow(src, a, i, 1));
  }
  return out;
}

/**
 * One-hot encoding of int32 class indices: shape `[...indices.shape, numClasses]`.
 * @internal
 */
export function oneHotKernel(indices: NDArray, numClasses: number, dtype: DType = "float32"): NDArray {
  const idx = checkIndex("oneHot", indices);
  checkInteger("oneHot", "arguments", "numClasses", numClasses, 1);
  checkDType("oneHot", dtype);
  const out = allocate(dtype, idx.length * numClasses, "oneHot");
  for (let i = 0; i < idx.length; i++) {
    const c = idx[i]!;
    if (c < 0 || c >= numClasses) {
      throw new ValueError("oneHot", `class index ${c} is out of range [0, ${numClasses})`, { index: c, numClasses });
    }
    out[i * numClasses + c] = 1;
  }
  return new NDArray(out, [...indices.shape, numClasses]);
}

