// The PyTorch peer's protocol on tiny workloads: messages in order, CPU times beside wall times, and
// outputs equal to tsgrad's. It needs Python with torch, so it is skipped (saying why) where there is none.
import { beforeAll, describe, expect, it } from "vitest";
import { compareOutputs } from "../src/compare.js";
import { loadLibrary } from "../src/libraries/index.js";
import type { Outputs } from "../src/libraries/library.js";
import { startTorchPeer, torchAvailability } from "../src/libraries/torch.js";
import type { RunnerJob, RunnerMessage } from "../src/protocol.js";
import { type WorkloadData, type WorkloadId, bnData, matmulData, mlpData } from "../src/workloads.js";

const torch = torchAvailability();
const skipReason = torch.ok ? "" : ` (skipped: ${torch.reason})`;

// The shapes of test/libraries.test.ts, under the ids whose verification rules they follow
// (W4: outputs after 1 step; W5: after 3 steps).
const tiny = new Map<WorkloadId, WorkloadData>([
  ["W1", bnData([5, 3], 11)],
  ["W2", bnData([3, 2, 2, 2], 12)],
  ["W3", matmulData(7, 13)],
  ["W4", mlpData([6, 5, 4, 3], { activation: "relu", batchSize: 4, batchCount: 1, lr: 0.1, seed: 14 })],
  ["W5", mlpData([6, 5, 5, 3], { activation: "sigmoid", batchSize: 5, batchCount: 2, lr: 0.5, seed: 15 })],
]);
const RUNS: Record<WorkloadId, number> = { W1: 1, W2: 1, W3: 1, W4: 1, W5: 3 };

function runPeer(job: RunnerJob): Promise<{ messages: RunnerMessage[]; code: number | null; stderr: string }> {
  const messages: RunnerMessage[] = [];
  const child = startTorchPeer(job, tiny, process.env, (m) => messages.push(m));
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ messages, code, stderr })));
}

describe.skipIf(!torch.ok)(`the PyTorch peer (bench/python/torch_peer.py)${skipReason}`, () => {
  let result: Awaited<ReturnType<typeof runPeer>>;
  const reference = new Map<string, Outputs>();

  beforeAll(async () => {
    const job: RunnerJob = {
      library: "torch",
      workloads: [...tiny.keys()],
      verify: true,
      plan: { warmupMin: 1, warmupMs: 0, minIterations: 3, maxIterations: 3, budgetMs: 0 },
      training: { steps: 4, chunk: 2, warmupSteps: 1, capMs: 60_000 },
      deadline: Date.now() + 120_000,
    };
    result = await runPeer(job);
    const tsgrad = await loadLibrary("tsgrad");
    for (const [id, data] of tiny) {
      for (const variant of data.kind === "matmul" ? ["matmul"] : ["composed", "fused"]) {
        const c = tsgrad.prepare(data, variant);
        for (let i = 0; i < RUNS[id]; i++) await c.run();
        reference.set(`${id}/${variant}`, await c.outputs());
      }
    }
  }, 120_000);

  it("speaks the runner protocol: info first, a timing and outputs per workload, done last, exit 0", () => {
    const { messages, code, stderr } = result;
    expect(code, stderr).toBe(0);
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
    expect(messages[0]!.type).toBe("info");
    const info = messages[0] as Extract<RunnerMessage, { type: "info" }>;
    expect(info.info["threads"]).toBe(1);
    expect(messages.at(-1)!.type).toBe("done");
    for (const id of tiny.keys()) {
      expect(messages.filter((m) => m.type === "timing" && m.workload === id), id).toHaveLength(1);
      expect(messages.filter((m) => m.type === "outputs" && m.workload === id), id).toHaveLength(1);
    }
  });

  it("reports wall and CPU milliseconds per run, and per chunk for a training run", () => {
    for (const m of result.messages) {
      if (m.type !== "timing") continue;
      if (m.workload === "W5") {
        expect(m.training!.chunkSteps).toEqual([2, 2]);
        expect(m.training!.chunkMs).toHaveLength(2);
        expect(m.training!.chunkCpuMs).toHaveLength(2);
        expect(m.training!.totalCpuMs).toBeGreaterThan(0);
      } else {
        expect(m.samples, m.workload).toHaveLength(3);
        expect(m.cpuSamples, m.workload).toHaveLength(3);
        for (const v of [...m.samples, ...m.cpuSamples]) expect(v).toBeGreaterThanOrEqual(0);
      }
      expect(m.maxRssKiB).toBeGreaterThan(0);
    }
  });

  it("computes what tsgrad computes (both BN variants), on every workload", () => {
    for (const m of result.messages) {
      if (m.type !== "outputs") continue;
      const data = tiny.get(m.workload)!;
      for (const variant of data.kind === "matmul" ? ["matmul"] : ["composed", "fused"]) {
        const c = compareOutputs(reference.get(`${m.workload}/${variant}`)!, m.outputs, 1e-4);
        expect(c, `${m.workload} vs tsgrad ${variant}: ${JSON.stringify(c)}`).toMatchObject({ ok: true, mismatched: [] });
      }
    }
  });
});

describe("torch availability", () => {
  it("answers with a version or one line saying why not", () => {
    const missing = torchAvailability("/nonexistent/python3");
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toMatch(/^\/nonexistent\/python3 did not run/);
    if (torch.ok) expect(torch.version).toMatch(/^\d+\.\d+/);
    else expect(torch.reason).not.toContain("\n");
  });
});
