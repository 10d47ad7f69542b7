// PyTorch as a peer: its child is a Python process (bench/python/torch_peer.py) speaking the runner
// protocol as JSON lines, so it is started and decoded here rather than loaded like the JS peers.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RunnerJob, RunnerMessage } from "../protocol.js";
import type { WorkloadData, WorkloadId } from "../workloads.js";
import type { Outputs } from "./library.js";

/** The Python that runs the PyTorch peer: `TSGRAD_BENCH_PYTHON`, else Debian's `/usr/bin/python3` (its `python3-torch`). */
export function torchPython(): string {
  return process.env["TSGRAD_BENCH_PYTHON"] ?? "/usr/bin/python3";
}

/** The peer script (the same path from `src/` under tests and from `dist/` in a run). */
export const TORCH_PEER_SCRIPT = fileURLToPath(new URL("../../python/torch_peer.py", import.meta.url));

/** Whether `python` can import torch: its version, or why not (one line). */
export function torchAvailability(python = torchPython()): { ok: true; version: string } | { ok: false; reason: string } {
  const r = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", timeout: 60_000 });
  if (r.error) return { ok: false, reason: `${python} did not run (${r.error.message})` };
  if (r.status !== 0) {
    const last = (r.stderr ?? "").trim().split("\n").pop() ?? "";
    return { ok: false, reason: `${python} -c "import torch" failed${last ? `: ${last}` : ""}` };
  }
  return { ok: true, version: r.stdout.trim() };
}

type Encoded = { f32: string } | { i32: string };

const b64 = (a: Float32Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

/** A workload's data as JSON: typed arrays as base64 (little-endian, as on every host Node runs on). */
export function encodeWorkloadData(d: WorkloadData): unknown {
  const enc = (v: unknown): unknown => {
    if (v instanceof Float32Array) return { f32: b64(v) } satisfies Encoded;
    if (v instanceof Int32Array) return { i32: b64(v) } satisfies Encoded;
    if (Array.isArray(v)) return v.map(enc);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)]));
    return v;
  };
  return enc(d);
}

/** Float32 outputs back from base64. */
export function decodeOutputs(raw: Record<string, { f32: string }>): Outputs {
  const out: Outputs = {};
  for (const [k, v] of Object.entries(raw)) {
    const bytes = Buffer.from(v.f32, "base64");
    out[k] = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return out;
}

/**
 * Starts the PyTorch peer on `job` with the data of its workloads, calling `onMessage` with each
 * decoded message (outputs as Float32Arrays). Returns the child process; its `exit` ends the run.
 */
export function startTorchPeer(
  job: RunnerJob,
  data: ReadonlyMap<WorkloadId, WorkloadData>,
  env: NodeJS.ProcessEnv,
  onMessage: (m: RunnerMessage) => void,
  python = torchPython(),
): ChildProcess {
  const child = spawn(python, [TORCH_PEER_SCRIPT], { env, stdio: ["pipe", "pipe", "pipe"] });
  let pending = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line.trim() === "") continue;
      const m = JSON.parse(line) as RunnerMessage;
      if (m.type === "outputs") m.outputs = decodeOutputs(m.outputs as unknown as Record<string, { f32: string }>);
      onMessage(m);
    }
  });
  const payload = { job, data: Object.fromEntries([...data].map(([id, d]) => [id, encodeWorkloadData(d)])) };
  // A child that dies early closes the pipe: its exit code says why, not EPIPE.
  child.stdin!.on("error", () => {});
  child.stdin!.end(`${JSON.stringify(payload)}\n`);
  return child;
}
