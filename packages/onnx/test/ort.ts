// Running exported models in ONNX Runtime (onnxruntime-node) and comparing them with tsgrad's eval
// forward: the helpers every ONNX test shares.
import * as tg from "./tg.js";
import * as ort from "onnxruntime-node";
import { expect } from "vitest";
import { exportOnnx, type ExportOnnxOptions } from "@tsgrad/onnx";

/** One ONNX Runtime session per model bytes. */
export async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, { graphOptimizationLevel: "all", intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** An ORT tensor from a tsgrad Tensor. */
export function ortTensor(x: tg.Tensor): ort.Tensor {
  const type = x.dtype === "float32" ? "float32" : x.dtype === "float64" ? "float64" : "int32";
  return new ort.Tensor(type, x.toTypedArray(), [...x.shape]);
}

/** Runs a session on Tensors, in input order; returns the outputs in output order. */
export async function runOrt(s: ort.InferenceSession, inputs: readonly tg.Tensor[]): Promise<ort.Tensor[]> {
  const feeds = Object.fromEntries(s.inputNames.map((n, i) => [n, ortTensor(inputs[i]!)]));
  const out = await s.run(feeds);
  return s.outputNames.map((n) => out[n]!);
}

/**
 * The largest difference between ORT's output and tsgrad's relative to the output's scale:
 * max |ort − ts| / (|ts| + max |ts|) over the elements — "relative 1e-5" of the brief, measured
 * against each element's size plus the output's largest size (so outputs near 0 next to large
 * ones are held to the output's scale, not to their own).
 */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]!));
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const d = Math.abs(got[i]! - w);
    if (Number.isNaN(w) !== Number.isNaN(got[i]!)) return Infinity;
    if (Number.isNaN(w)) continue;
    worst = Math.max(worst, d / (Math.abs(w) + scale || 1));
  }
  return worst;
}

/** Exports `model`, runs the export in ORT on `inputs` and checks it against tsgrad's eval forward. */
export async function checkAgainstOrt(
  model: tg.nn.Module,
  example: readonly tg.Tensor[],
  inputs: readonly (readonly tg.Tensor[])[],
  options: ExportOnnxOptions = {},
  tolerance = 1e-5,
): Promise<number> {
  const bytes = exportOnnx(model, example, options);
  const s = await session(bytes);
  let worst = 0;
  try {
    for (const xs of inputs) {
      const want = tg.noGrad(() => {
        model.eval();
        const y = (model as unknown as { forward: (...a: tg.Tensor[]) => unknown }).forward(...xs);
        return (Array.isArray(y) ? y.flat(3) : [y]) as tg.Tensor[];
      });
      const got = await runOrt(s, xs);
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => {
        const w = want[i]!;
        expect([...g.dims]).toEqual([...w.shape]);
        const e = relativeError(g.data as ArrayLike<number>, w.toTypedArray());
        worst = Math.max(worst, e);
      });
    }
  } finally {
    await s.release();
  }
  expect(worst).toBeLessThanOrEqual(tolerance);
  return worst;
}
