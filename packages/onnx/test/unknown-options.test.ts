// Unknown options are refused, not ignored: exportOnnx and saveOnnx throw a ValueError naming the
// call and the key (`input_names` is not `inputNames`), leave the model as it was and write no file.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { TsgradError, ValueError } from "@tsgrad/ndarray";
import * as onnx from "@tsgrad/onnx";
import * as onnxNode from "@tsgrad/onnx/node";
import { UNKNOWN_SPELLINGS, optionsCallables, withKey } from "../../ndarray/test/option-params.js";
import * as tg from "./tg.js";

const KNOWN = ["inputNames", "outputNames", "dynamicBatch", "batchAxes", "opset"];
const dir = mkdtempSync(join(tmpdir(), "tsgrad-onnx-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The two calls, each given a fresh model; both resolve to the exported size in bytes. */
const CALLS: Record<string, { name: string; call: (model: tg.nn.Module, x: tg.Tensor, o: Record<string, unknown>) => Promise<number> }> = {
  exportOnnx: { name: "exportOnnx", call: async (model, x, o) => onnx.exportOnnx(model, x, o).byteLength },
  "node.saveOnnx": { name: "saveOnnx", call: (model, x, o) => onnxNode.saveOnnx(join(dir, "model.onnx"), model, x, o) },
};

/** Calls `id` with `options` plus the unknown `key`: a ValueError naming the call and the key, the model untouched, no file. */
async function expectRefused(id: string, key: string, value: unknown, valid: Record<string, unknown> = {}): Promise<TsgradError> {
  const { name, call } = CALLS[id]!;
  const model = new tg.nn.Sequential(new tg.nn.Linear(4, 3, { seed: 0 }), new tg.nn.Softmax(1));
  const before = Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.toTypedArray()]]);
  const error = await call(model, tg.randn([2, 4], { seed: 1 }), withKey(valid, key, value)).then(
    () => new Error(`${name} accepted the unknown option ${JSON.stringify(key)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValueError);
  const e = error as TsgradError;
  expect(e.op).toBe(name);
  expect(e.message.startsWith(`${name}: options: unknown option ${JSON.stringify(key)}`), e.message).toBe(true);
  expect(Object.entries(model.stateDict()).map(([k, t]) => [k, [...t.toTypedArray()]])).toEqual(before);
  expect(model.training).toBe(true);
  expect(readdirSync(dir)).toEqual([]);
  return e;
}

describe("exportOnnx and saveOnnx refuse an unknown option", () => {
  it("they are the package's only calls that take options", () => {
    const found = [...optionsCallables(onnx as unknown as Record<string, unknown>), ...optionsCallables(onnxNode as unknown as Record<string, unknown>, "node.")];
    expect(found).toEqual(Object.keys(CALLS).sort());
  });

  for (const id of Object.keys(CALLS)) {
    it(`${id}: a valid call works; "input_names" and "notAnOption" are refused, with the option meant`, async () => {
      const model = new tg.nn.Sequential(new tg.nn.Linear(4, 3, { seed: 0 }), new tg.nn.Softmax(1));
      expect(await CALLS[id]!.call(model, tg.randn([2, 4], { seed: 1 }), { opset: 18 })).toBeGreaterThan(0);
      rmSync(join(dir, "model.onnx"), { force: true });
      const e = await expectRefused(id, "input_names", ["x"], { opset: 18 });
      expect(e.message).toMatch(/expected one of inputNames, outputNames, dynamicBatch, batchAxes, opset \(did you mean "inputNames"\?\)$/);
      expect([...(e.details["known"] as string[])].sort()).toEqual([...KNOWN].sort());
      await expectRefused(id, "notAnOption", 1);
    });
  }

  it("a random unknown key, with any value, is refused by either call, which changes nothing", async () => {
    const key = fc.oneof(fc.constantFrom(...UNKNOWN_SPELLINGS), fc.stringMatching(/^[a-z][A-Za-z_]{0,12}$/), fc.string({ maxLength: 8 })).filter((k) => !KNOWN.includes(k));
    const value = fc.constantFrom(1, true, "x", null, undefined, {}, [0]);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(CALLS)), key, value, async (id, k, v) => {
        await expectRefused(id, k, v);
      }),
      { numRuns: 20 },
    );
  });
});
