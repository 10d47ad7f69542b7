/** A small IDX writer for the tests: the inverse of readIdx, written independently of it. */

export const IDX_CODES = { ubyte: 0x08, sbyte: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
export type IdxTypeName = keyof typeof IDX_CODES;
export const IDX_TYPE_NAMES = Object.keys(IDX_CODES) as IdxTypeName[];
export const ITEM_SIZE: Record<IdxTypeName, number> = { ubyte: 1, sbyte: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

/** The bytes of an IDX file of `type` with dimensions `shape` holding `values` (row-major). */
export function writeIdx(type: IdxTypeName, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * shape.length;
  const size = ITEM_SIZE[type];
  const out = new Uint8Array(header + values.length * size);
  const view = new DataView(out.buffer);
  out[2] = IDX_CODES[type];
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < values.length; i++) {
    const p = header + i * size;
    const v = values[i]!;
    switch (type) {
      case "ubyte":
        view.setUint8(p, v);
        break;
      case "sbyte":
        view.setInt8(p, v);
        break;
      case "int16":
        view.setInt16(p, v, false);
        break;
      case "int32":
        view.setInt32(p, v, false);
        break;
      case "float32":
        view.setFloat32(p, v, false);
        break;
      case "float64":
        view.setFloat64(p, v, false);
        break;
    }
  }
  return out;
}
