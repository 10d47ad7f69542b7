// What JSON.parse hides in a safetensors header and the reference implementation refuses:
// a field given twice in one entry (or object), and number literals that are not plain
// non-negative integers (1.0, 4e0, -0) in shape or data_offsets.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { SafetensorsError, loadSafetensors, saveSafetensors } from "@tsgrad/nn";
import { tensor } from "@tsgrad/autograd";

function file(header: string, dataBytes: number): Uint8Array {
  const h = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + h.length + dataBytes);
  new DataView(bytes.buffer).setUint32(0, h.length, true);
  bytes.set(h, 8);
  return bytes;
}

describe("safetensors header tokens", () => {
  it("a well-formed header with nested arrays and several entries loads", () => {
    const h = '{"a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"__metadata__":{"k":"v, [x]"},"b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}';
    const t = loadSafetensors(file(h, 12));
    expect(Object.keys(t).sort()).toEqual(["a", "b"]);
    expect(Object.keys(loadSafetensors(saveSafetensors({ w: tensor([1, 2]), 'x"y': tensor([3]) })))).toHaveLength(2);
  });

  test.prop([fc.constantFrom("dtype", "shape", "data_offsets")])("a field duplicated inside one entry is refused", (field) => {
    const values: Record<string, string> = { dtype: '"F32"', shape: "[2]", data_offsets: "[0,8]" };
    const parts = ["dtype", "shape", "data_offsets"].map((k) => `"${k}":${values[k]}`);
    parts.push(`"${field}":${values[field]}`);
    const bytes = file(`{"w":{${parts.join(",")}}}`, 8);
    expect(() => loadSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => loadSafetensors(bytes)).toThrow(new RegExp(`"${field}" twice`));
  });

  it("a tensor name given twice is refused", () => {
    const e = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    expect(() => loadSafetensors(file(`{"w":${e},"w":${e}}`, 4))).toThrow(/"w" twice/);
  });

  // Each literal with its value: the header is otherwise valid, so only the literal's form is wrong.
  const shapeLiterals: [string, number][] = [["1.0", 1], ["4e0", 4], ["-0", 0], ["2E0", 2], ["1e+0", 1], ["0.0", 0]];
  test.prop([fc.constantFrom(...shapeLiterals)])("shape: number literals other than plain integers are refused", ([lit, v]) => {
    const header = `{"w":{"dtype":"F32","shape":[${lit}],"data_offsets":[0,${4 * v}]}}`;
    expect(() => loadSafetensors(file(header, 4 * v))).toThrow(SafetensorsError);
    expect(() => loadSafetensors(file(header, 4 * v))).toThrow(/the number .* plain non-negative integers/);
    expect(loadSafetensors(file(`{"w":{"dtype":"F32","shape":[${v}],"data_offsets":[0,${4 * v}]}}`, 4 * v))["w"]!.shape).toEqual([v]);
  });
  const offsetLiterals: [string, string][] = [["-0", "begin"], ["0.0", "begin"], ["0e0", "begin"], ["4e0", "end"], ["4.0", "end"], ["40e-1", "end"]];
  test.prop([fc.constantFrom(...offsetLiterals)])("data_offsets: number literals other than plain integers are refused", ([lit, where]) => {
    const offsets = where === "begin" ? `[${lit},4]` : `[0,${lit}]`;
    const header = `{"w":{"dtype":"F32","shape":[1],"data_offsets":${offsets}}}`;
    expect(() => loadSafetensors(file(header, 4))).toThrow(/the number .* plain non-negative integers/);
  });
});
