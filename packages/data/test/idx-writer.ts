/** A small IDX writer for the tests: the inverse of readIdx, written independently of it. */

export const IDX_CODES = { ubyte: 0x08, sbyte: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
export type IdxTypeName = keyof typeof IDX_CODES;
export const IDX_TYPE_NAMES = Object.keys(IDX_CODES) as IdxTypeName[];
export const ITEM_SIZE: Record<IdxTypeName, number> = { ubyte: 1, sbyte: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

/** Writes one big-endian item of each type at a byte offset. */
const SETTERS: Record<IdxTypeName, (view: DataView, p: number, v: number) => void> = {
  ubyte: (view, p, v) => view.setUint8(p, v),
  sbyte: (view, p, v) => view.setInt8(p, v),
  int16: (view, p, v) => view.setInt16(p, v, false),
  int32: (view, p, v) => view.setInt32(p, v, false),
  float32: (view, p, v) => view.setFloat32(p, v, false),
  float64: (view, p, v) => view.setFloat64(p, v, false),
};

/** The bytes of an IDX file of `type` with dimensions `shape` holding `values` (row-major). */
export function writeIdx(type: IdxTypeName, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * shape.length;
  const size = ITEM_SIZE[type];
  const out = new Uint8Array(header + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = IDX_CODES[type];
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const set = SETTERS[type];
  for (let i = 0; i < values.length; i++) set(view, header + i * size, values[i]!);
  return out;
}
