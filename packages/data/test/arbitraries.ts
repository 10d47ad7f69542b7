import { fc } from "@tsgrad/testing/vitest";
import { IDX_TYPE_NAMES, type IdxTypeName, writeIdx } from "./idx-writer.js";

/** Values an IDX file of `type` can hold. */
export function valueArb(type: IdxTypeName): fc.Arbitrary<number> {
  switch (type) {
    case "ubyte":
      return fc.integer({ min: 0, max: 255 });
    case "sbyte":
      return fc.integer({ min: -128, max: 127 });
    case "int16":
      return fc.integer({ min: -32768, max: 32767 });
    case "int32":
      return fc.integer({ min: -2147483648, max: 2147483647 });
    case "float32":
      return fc.float();
    case "float64":
      return fc.double();
  }
}

/** A valid IDX file: its type, shape and values, and its bytes. */
export const arbIdxFile = fc
  .record({
    type: fc.constantFrom(...IDX_TYPE_NAMES),
    shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }),
  })
  .chain(({ type, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc
      .array(valueArb(type), { minLength: size, maxLength: size })
      .map((values) => ({ type, shape, values, bytes: writeIdx(type, shape, values) }));
  });
