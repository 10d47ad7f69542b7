import { beforeAll, describe, expect, it } from "vitest";
import { compareOutputs } from "../src/compare.js";
import { loadLibrary } from "../src/libraries/index.js";
import type { Library, LibraryName, Outputs } from "../src/libraries/library.js";
import { type WorkloadData, bnData, matmulData, mlpData } from "../src/workloads.js";

// The workload definitions on tiny shapes: every peer computes the same numbers as tsgrad
// (both BN variants) — forward, gradients, and parameters after training steps.
const tiny: { name: string; data: WorkloadData; runs: number }[] = [
  { name: "BN (N, D)", data: bnData([5, 3], 11), runs: 1 },
  { name: "BN NCHW", data: bnData([3, 2, 2, 2], 12), runs: 1 },
  { name: "matmul", data: matmulData(7, 13), runs: 1 },
  { name: "MLP + BN, ReLU, 2 steps", data: mlpData([6, 5, 4, 3], { activation: "relu", batchSize: 4, batchCount: 2, lr: 0.1, seed: 14 }), runs: 2 },
  { name: "MLP + BN, sigmoid, 3 steps", data: mlpData([6, 5, 5, 3], { activation: "sigmoid", batchSize: 5, batchCount: 2, lr: 0.5, seed: 15 }), runs: 3 },
];

async function outputsOf(lib: Library, data: WorkloadData, variant: string, runs: number): Promise<Outputs> {
  const c = lib.prepare(data, variant);
  for (let i = 0; i < runs; i++) await c.run();
  const out = await c.outputs();
  c.dispose();
  return out;
}

const reference = new Map<string, Outputs>();

beforeAll(async () => {
  const tsgrad = await loadLibrary("tsgrad");
  for (const t of tiny) {
    for (const variant of t.data.kind === "matmul" ? ["matmul"] : ["composed", "fused"]) reference.set(`${t.name}/${variant}`, await outputsOf(tsgrad, t.data, variant, t.runs));
  }
});

describe("tsgrad's own variants", () => {
  it("composed and fused BN give the same outputs", () => {
    for (const t of tiny.filter((x) => x.data.kind !== "matmul")) {
      const c = compareOutputs(reference.get(`${t.name}/composed`)!, reference.get(`${t.name}/fused`)!, 1e-4);
      expect(c, t.name).toMatchObject({ ok: true, mismatched: [] });
    }
  });

  it("training changes the parameters (the comparison is not of initial weights)", () => {
    const data = tiny[3]!.data;
    if (data.kind !== "mlp") throw new Error("expected the MLP workload");
    const after = reference.get(`${tiny[3]!.name}/composed`)!["w0"]!;
    expect(compareOutputs({ w0: data.weights[0]! }, { w0: after }, 1e-6).ok).toBe(false);
  });
});

// tfjs-wasm last: the tfjs backends share one engine, switched by setBackend.
for (const peer of ["tfjs-cpu", "jax-js", "tfjs-wasm"] as LibraryName[]) {
  describe(`${peer} computes what tsgrad computes`, () => {
    let lib: Library;
    beforeAll(async () => {
      lib = await loadLibrary(peer);
    });
    for (const t of tiny) {
      it(t.name, async () => {
        const out = await outputsOf(lib, t.data, "-", t.runs);
        for (const variant of t.data.kind === "matmul" ? ["matmul"] : ["composed", "fused"]) {
          const c = compareOutputs(reference.get(`${t.name}/${variant}`)!, out, 1e-4);
          expect(c, `${t.name} vs tsgrad ${variant}: ${JSON.stringify(c)}`).toMatchObject({ ok: true, mismatched: [] });
        }
      });
    }
  });
}
