// --export-onnx: writes the trained BatchNorm net as ONNX and recomputes its test accuracy in ONNX
// Runtime, image by image; apart from main.ts as it loads onnxruntime-node only when asked to.
import * as tg from "tsgrad";
import { saveOnnx } from "tsgrad/node";
import type { PaperNet } from "./model.js";

/** What the ONNX check measured. */
export interface OnnxCheck {
  /** Size of the written file. */
  bytes: number;
  /** Test accuracy of tsgrad's eval forward. */
  tsgradAccuracy: number;
  /** Test accuracy of the exported model in ONNX Runtime. */
  onnxAccuracy: number;
  /** Test images whose predicted class differs between the two (0 when they match to the image). */
  disagreements: number;
  /** Largest difference between the two runtimes' logits. */
  maxLogitDifference: number;
}

/** onnxruntime-node, or an error that says how to get it. */
export async function loadOrt(): Promise<typeof import("onnxruntime-node")> {
  try {
    return await import("onnxruntime-node");
  } catch (e) {
    throw new Error(
      `--export-onnx checks the exported model in ONNX Runtime, which needs the onnxruntime-node package (a devDependency of this example: run \`npx -y pnpm@12.4.2 install\`): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Class of the largest logit in each row of an (N, 10) buffer. */
function argmaxRows(logits: ArrayLike<number>, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[r * classes + c]! > logits[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * Exports `net` (trained, evaluated in eval mode) to `path` and classifies the test images with it
 * in ONNX Runtime and with tsgrad, in chunks.
 */
export async function exportAndCheck(path: string, net: PaperNet, images: tg.Tensor, labels: tg.Tensor, chunk = 2000): Promise<OnnxCheck> {
  const ort = await loadOrt();
  const bytes = await saveOnnx(path, net, images.slice([[0, 1]]), { inputNames: ["images"], outputNames: ["logits"] });
  const session = await ort.InferenceSession.create(path);
  const n = images.shape[0]!;
  const truth = labels.toTypedArray();
  let tsCorrect = 0;
  let ortCorrect = 0;
  let disagreements = 0;
  let maxLogitDifference = 0;
  net.eval();
  try {
    for (let start = 0; start < n; start += chunk) {
      const batch = images.slice([[start, start + chunk]]);
      const rows = batch.shape[0]!;
      const want = tg.noGrad(() => net.forward(batch)).toTypedArray();
      const result = await session.run({ images: new ort.Tensor("float32", batch.toTypedArray() as Float32Array, [rows, 784]) });
      const got = result.logits!.data as Float32Array;
      for (let i = 0; i < want.length; i++) maxLogitDifference = Math.max(maxLogitDifference, Math.abs(got[i]! - want[i]!));
      const a = argmaxRows(want, rows, 10);
      const b = argmaxRows(got, rows, 10);
      for (let r = 0; r < rows; r++) {
        const label = truth[start + r]!;
        if (a[r] === label) tsCorrect++;
        if (b[r] === label) ortCorrect++;
        if (a[r] !== b[r]) disagreements++;
      }
    }
  } finally {
    await session.release();
  }
  return { bytes, tsgradAccuracy: tsCorrect / n, onnxAccuracy: ortCorrect / n, disagreements, maxLogitDifference };
}
