// Strided iteration: coalescing axes into rows and visiting them; the one loop nest the JS
// elementwise, reduction and matmul kernels share.
/**
 * Strided iteration shared by the kernels: dimensions are coalesced (size-1 axes
 * dropped, adjacent axes merged where every operand's strides allow it), then an
 * odometer walks the outer axes and hands each innermost row to the kernel, which
 * runs one tight loop per row. Nothing here allocates per element.
 * @internal
 */

/** A coalesced iteration space: a shape and one stride list per operand. @internal */
export interface IterPlan {
  shape: number[];
  strides: number[][];
}

/** Drops size-1 axes and merges adjacent axes that are contiguous for every operand. @internal */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): IterPlan {
  const k = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0) {
      let mergeable = true;
      for (let j = 0; j < k; j++) {
        if (outStrides[j]![last] !== strides[j]![i]! * d) {
          mergeable = false;
          break;
        }
      }
      if (mergeable) {
        outShape[last] = outShape[last]! * d;
        for (let j = 0; j < k; j++) outStrides[j]![last] = strides[j]![i]!;
        continue;
      }
    }
    outShape.push(d);
    for (let j = 0; j < k; j++) outStrides[j]!.push(strides[j]![i]!);
  }
  if (outShape.length === 0) {
    outShape.push(1);
    for (let j = 0; j < k; j++) outStrides[j]!.push(0);
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * The loop a kernel runs over one innermost row: `n` elements, operand `j` starting at storage
 * index `oj` and stepping by `sj` (operands past the plan's count read 0).
 * @internal
 */
export type RowLoop = (n: number, o0: number, s0: number, o1: number, s1: number, o2: number, s2: number, o3: number, s3: number) => void;

/**
 * Calls `row` once per innermost row of `plan` (at most four operands: `where` has cond, a, b, out),
 * with the row's length and, per operand, the storage index of its first element (from
 * `base`) and its step along the row.
 * @internal
 */
export function forEachRow(plan: IterPlan, base: readonly number[], row: RowLoop): void {
  const { shape, strides } = plan;
  const r = shape.length;
  const k = strides.length;
  for (const d of shape) if (d === 0) return;
  const n = shape[r - 1]!;
  const offs = [0, 0, 0, 0];
  const inner = [0, 0, 0, 0];
  for (let j = 0; j < k; j++) {
    offs[j] = base[j]!;
    inner[j] = strides[j]![r - 1]!;
  }
  let outer = 1;
  for (let d = 0; d < r - 1; d++) outer *= shape[d]!;
  const idx = new Array<number>(r - 1).fill(0);
  for (let it = 0; it < outer; it++) {
    row(n, offs[0]!, inner[0]!, offs[1]!, inner[1]!, offs[2]!, inner[2]!, offs[3]!, inner[3]!);
    for (let d = r - 2; d >= 0; d--) {
      idx[d]!++;
      for (let j = 0; j < k; j++) offs[j]! += strides[j]![d]!;
      if (idx[d]! < shape[d]!) break;
      for (let j = 0; j < k; j++) offs[j]! -= strides[j]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}
