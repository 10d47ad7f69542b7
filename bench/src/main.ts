// `pnpm run bench` (or `node dist/main.js [--quick] [--mode both|as-found|tuned] [--only W1,W3]
// [--libs tsgrad,tfjs-wasm] [--rounds N] [--relaxed-simd on|off]`): tsgrad and its peers in one
// run, each library in its own child process, in two allocator modes; prints tables and writes JSON.
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compareOutputs } from "./compare.js";
import { fmtNum, formatMarkdownTable, formatTable } from "./format.js";
import { LIBRARY_NAMES, type LibraryName, type Outputs } from "./libraries/library.js";
import { startTorchPeer, torchAvailability, torchPython } from "./libraries/torch.js";
import { machineInfo } from "./machine.js";
import { type TimingPlan, type TrainingPlan, secondsPer1000 } from "./measure.js";
import type { RunnerJob, RunnerMessage } from "./protocol.js";
import { type Measurement, type ModeName, type Verification, cpuTable, mainTable, rssTable, throughputTable, verificationLines } from "./report.js";
import { summarize, median } from "./stats.js";
import { PEER_VARIANT, WORKLOADS, WORKLOAD_IDS, type WorkloadData, type WorkloadId, workloadData } from "./workloads.js";

/**
 * A module using one relaxed-SIMD instruction (f32x4.relaxed_madd): whether this Node
 * validates relaxed SIMD without a flag (Node ≥ 22 does; Node 20 needs the V8 flag).
 */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
]);

/**
 * The V8 flags every child starts with: relaxed SIMD turned on where Node does not have it
 * on by default, when `--relaxed-simd on` (the default). Every library gets the same flags;
 * only modules that use relaxed instructions (tsgrad's relaxed build) are affected.
 */
function childFlags(relaxedSimd: boolean): string[] {
  const flags = ["--expose-gc"];
  // lib.dom's WebAssembly types are not in scope here; Node has the global.
  const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  if (relaxedSimd && !wasm.validate(RELAXED_PROBE)) flags.push("--experimental-wasm-relaxed-simd");
  return flags;
}

/** glibc keeps freed memory instead of returning it to the OS (bench-notes.md). */
const TUNED_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296";

interface Settings {
  quick: boolean;
  rounds: number;
  plan: TimingPlan;
  training: TrainingPlan;
  /** The whole run's time budget (ms): children share it and cut their runs short past it. */
  budgetMs: number;
  /** Grace (ms) past a child's deadline before it is killed (one run may be long). */
  graceMs: number;
  /** Allocator modes run when `--mode` is not given. */
  defaultModes: ModeName[];
  /** Relaxed SIMD for the children (`--relaxed-simd on|off`, default on). */
  relaxedSimd: boolean;
}

/** The settings of a full run, or of a `--quick` smoke run (a few iterations, W5 shortened). */
function presetSettings(quick: boolean): Settings {
  return {
    quick,
    rounds: quick ? 1 : 2,
    plan: quick
      ? { warmupMin: 1, warmupMs: 0, minIterations: 3, maxIterations: 5, budgetMs: 150 }
      : { warmupMin: 3, warmupMs: 400, minIterations: 7, maxIterations: 40, budgetMs: 2500 },
    training: quick ? { steps: 30, chunk: 10, warmupSteps: 2, capMs: 3000 } : { steps: 1000, chunk: 100, warmupSteps: 20, capMs: 150_000 },
    budgetMs: quick ? 45_000 : 540_000,
    graceMs: quick ? 10_000 : 60_000,
    // One mode keeps --quick within a minute on a busy machine; `--quick --mode both` runs both.
    defaultModes: quick ? ["tuned"] : ["as-found", "tuned"],
    relaxedSimd: true,
  };
}

interface ChildResult {
  info: Record<string, string | number | boolean> | null;
  outputs: { workload: WorkloadId; variant: string; outputs: Outputs }[];
  timings: Extract<RunnerMessage, { type: "timing" }>[];
  errors: Extract<RunnerMessage, { type: "error" }>[];
  skipped: Extract<RunnerMessage, { type: "skipped" }>[];
  maxRssKiB: number | null;
  exit: string;
}

function modeEnv(mode: ModeName): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (mode === "tuned") env["GLIBC_TUNABLES"] = TUNED_TUNABLES;
  return env;
}

/** The workloads' data, made once per run in the parent for the Python child (Node children make their own). */
const dataCache = new Map<WorkloadId, WorkloadData>();

function dataFor(ids: readonly WorkloadId[]): Map<WorkloadId, WorkloadData> {
  for (const id of ids) if (!dataCache.has(id)) dataCache.set(id, workloadData(id));
  return new Map(ids.map((id) => [id, dataCache.get(id)!]));
}

function runChild(job: RunnerJob, mode: ModeName, execArgv: string[], timeoutMs: number, onMessage: (m: RunnerMessage) => void): Promise<ChildResult> {
  const result: ChildResult = { info: null, outputs: [], timings: [], errors: [], skipped: [], maxRssKiB: null, exit: "" };
  const handle = (m: RunnerMessage): void => {
    if (m.type === "info") result.info = m.info;
    else if (m.type === "outputs") result.outputs.push(m);
    else if (m.type === "timing") result.timings.push(m);
    else if (m.type === "error") result.errors.push(m);
    else if (m.type === "skipped") result.skipped.push(m);
    else result.maxRssKiB = m.maxRssKiB;
    onMessage(m);
  };
  let child: ChildProcess;
  if (job.library === "torch") {
    // PyTorch runs in a Python child that speaks the same protocol over stdout (libraries/torch.ts).
    child = startTorchPeer(job, dataFor(job.workloads), modeEnv(mode), handle);
  } else {
    child = fork(fileURLToPath(new URL("./runner.js", import.meta.url)), [], {
      env: modeEnv(mode),
      execArgv,
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    child.stdout!.resume();
    child.on("message", handle);
    child.send(job);
  }
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      result.exit = signal ? `killed by ${signal}${signal === "SIGKILL" ? ` (past its time budget, ${(timeoutMs / 1000).toFixed(0)} s)` : ""}` : `exit ${code}`;
      if ((code !== 0 || signal) && result.errors.length === 0) {
        result.errors.push({ type: "error", workload: null, variant: null, message: `${result.exit}: ${stderr.trim().split("\n").slice(-5).join(" | ")}` });
      }
      resolve(result);
    });
  });
}

function parse(): { settings: Settings; modes: ModeName[]; workloads: WorkloadId[]; libraries: LibraryName[] } {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      mode: { type: "string" },
      only: { type: "string" },
      libs: { type: "string" },
      rounds: { type: "string" },
      "relaxed-simd": { type: "string" },
    },
  });
  const settings = presetSettings(values.quick);
  if (values.rounds !== undefined) {
    const r = Number(values.rounds);
    if (!Number.isInteger(r) || r < 1) throw new Error(`--rounds: expected a positive integer, got ${values.rounds}`);
    settings.rounds = r;
  }
  const relaxed = values["relaxed-simd"];
  if (relaxed !== undefined && relaxed !== "on" && relaxed !== "off") throw new Error(`--relaxed-simd: expected on or off, got ${relaxed}`);
  if (relaxed !== undefined) settings.relaxedSimd = relaxed === "on";
  const modes: ModeName[] = values.mode === undefined ? settings.defaultModes : values.mode === "both" ? ["as-found", "tuned"] : [values.mode as ModeName];
  if (!modes.every((m) => m === "as-found" || m === "tuned")) throw new Error(`--mode: expected both, as-found or tuned, got ${values.mode}`);
  const list = <T extends string>(flag: string, raw: string | undefined, all: readonly T[]): T[] => {
    if (raw === undefined) return [...all];
    const items = raw.split(",").map((s) => s.trim());
    const bad = items.filter((s) => !all.includes(s as T));
    if (bad.length) throw new Error(`--${flag}: unknown ${bad.join(", ")}; expected some of ${all.join(", ")}`);
    return all.filter((a) => items.includes(a));
  };
  return { settings, modes, workloads: list("only", values.only, WORKLOAD_IDS), libraries: list("libs", values.libs, LIBRARY_NAMES) };
}

function measurementsFrom(
  raw: { mode: ModeName; library: LibraryName; round: number; t: Extract<RunnerMessage, { type: "timing" }> }[],
  settings: Settings,
): Measurement[] {
  const groups = new Map<string, typeof raw>();
  for (const r of raw) {
    const key = `${r.mode}/${r.library}/${r.t.workload}/${r.t.variant}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const { mode, library } = g[0]!;
    const { workload, variant } = g[0]!.t;
    const spec = WORKLOADS[workload];
    const training = g.map((r) => r.t.training).filter((t) => t !== null);
    let samples: number[];
    let value: number;
    let roundValues: number[];
    let cpuSamples: number[];
    let cpuValue: number | null;
    if (training.length) {
      samples = training.flatMap(secondsPer1000);
      roundValues = training.map((t) => t.totalMs / t.steps);
      value = median(roundValues);
      cpuSamples = training.flatMap((t) => (t.chunkCpuMs ?? []).map((ms, i) => ms / t.chunkSteps[i]!));
      cpuValue = training.every((t) => t.chunkCpuMs !== undefined) ? median(training.map((t) => t.totalCpuMs / t.steps)) : null;
    } else {
      samples = g.flatMap((r) => r.t.samples);
      roundValues = g.map((r) => median(r.t.samples));
      value = median(samples);
      cpuSamples = g.flatMap((r) => r.t.cpuSamples ?? []);
      cpuValue = cpuSamples.length ? median(cpuSamples) : null;
    }
    // W5's value is seconds per 1,000 steps = ms per step; its FLOPs are per step.
    const gflops = spec.flops === null ? null : spec.flops / (value * 1e6);
    return {
      mode,
      library,
      workload,
      variant,
      unit: training.length ? "s/1000 steps" : "ms",
      value,
      summary: summarize(samples),
      samples,
      cpuValue,
      cpuSummary: cpuSamples.length ? summarize(cpuSamples) : null,
      cpuSamples,
      roundValues,
      steps: training.length ? Math.min(...training.map((t) => t.steps)) : null,
      stepsPlanned: training.length ? settings.training.steps : null,
      gflops,
      maxRssKiB: Math.max(...g.map((r) => r.t.maxRssKiB)),
    };
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const { settings, modes, workloads, libraries: asked } = parse();
  const machine = machineInfo();
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(`tsgrad bench${settings.quick ? " --quick" : ""}: ${machine.cpuModel}, ${machine.cores} logical CPUs, node ${machine.node}, load ${machine.loadAtStart.join(" ")}`);
  // PyTorch is a peer only where Python can import it; without it the column is left out, said once.
  let libraries = asked;
  let torchNote: string | null = null;
  if (asked.includes("torch")) {
    const torch = torchAvailability();
    if (torch.ok) log(`torch ${torch.version} via ${torchPython()} (one thread)`);
    else {
      torchNote = `torch column skipped: ${torch.reason}`;
      log(torchNote);
      libraries = asked.filter((l) => l !== "torch");
    }
  }
  log(`modes: ${modes.join(", ")}; rounds: ${settings.rounds}; workloads: ${workloads.join(", ")}; libraries: ${libraries.join(", ")}`);
  const execArgv = childFlags(settings.relaxedSimd);
  log(`child processes: node ${execArgv.join(" ")}`);
  if (process.env["GLIBC_TUNABLES"]) log(`note: GLIBC_TUNABLES is already set (${process.env["GLIBC_TUNABLES"]}); "as-found" keeps it`);

  const raw: Parameters<typeof measurementsFrom>[0] = [];
  const infos = new Map<string, Record<string, string | number | boolean>>();
  const outputs = new Map<string, Outputs>();
  const errors: { mode: ModeName; library: LibraryName; workload: WorkloadId | null; variant: string | null; message: string }[] = [];
  const skipped: { mode: ModeName; library: LibraryName; workload: WorkloadId; variant: string; reason: string }[] = [];
  const peakRss = new Map<string, number>();
  // Every child process to run, in order; W5 is itself 1,000 steps: it runs in the first round only.
  // tfjs-cpu, by far the slowest, runs last in each mode so that a busy machine cuts its runs, not the others'.
  const runOrder = [...libraries].sort((a, b) => Number(a === "tfjs-cpu") - Number(b === "tfjs-cpu"));
  const schedule: { round: number; mode: ModeName; library: LibraryName; workloads: WorkloadId[]; verify: boolean; weight: number }[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [mi, mode] of modes.entries()) {
      for (const library of runOrder) {
        const ws = round === 1 ? workloads : workloads.filter((w) => WORKLOADS[w].training !== "run");
        const weight = ws.reduce((s, w) => s + WORKLOADS[w].budgetWeight * (library === "tsgrad" ? WORKLOADS[w].tsgradVariants.length : 1), 0);
        if (ws.length) schedule.push({ round, mode, library, workloads: ws, verify: round === 1 && mi === 0, weight });
      }
    }
  }
  const runDeadline = started + settings.budgetMs;
  for (const [i, { round, mode, library, workloads: ws, verify, weight }] of schedule.entries()) {
    // Each child gets a share of the time left, by the weight of its workloads.
    const weightLeft = schedule.slice(i).reduce((s, c) => s + c.weight, 0);
    const deadline = Date.now() + (Math.max(0, runDeadline - Date.now()) * weight) / weightLeft;
    log(`[round ${round}/${settings.rounds} · ${mode}] ${library}`);
    const job: RunnerJob = { library, workloads: ws, verify, plan: settings.plan, training: settings.training, deadline };
    const res = await runChild(job, mode, execArgv, deadline - Date.now() + settings.graceMs, (m) => {
      if (m.type === "timing") {
        const v = m.training ? `${fmtNum(m.training.totalMs / m.training.steps)} s/1000 steps (${m.training.steps} steps)` : `${fmtNum(median(m.samples))} ms median of ${m.samples.length}`;
        log(`  ${m.workload} ${m.variant === PEER_VARIANT ? "" : `${m.variant} `}${v}`);
      } else if (m.type === "error") {
        log(`  ${m.workload ?? ""} ${m.variant ?? ""} failed: ${m.message.split("\n")[0]}`);
      } else if (m.type === "skipped") {
        log(`  ${m.workload} ${m.variant === PEER_VARIANT ? "" : `${m.variant} `}skipped: ${m.reason}`);
      }
    });
    if (res.info) infos.set(library, res.info);
    for (const o of res.outputs) outputs.set(`${library}/${o.workload}/${o.variant}`, o.outputs);
    for (const t of res.timings) raw.push({ mode, library, round, t });
    for (const k of res.skipped) skipped.push({ mode, library, workload: k.workload, variant: k.variant, reason: k.reason });
    for (const e of res.errors) errors.push({ mode, library, workload: e.workload, variant: e.variant, message: e.message });
    const rss = res.maxRssKiB ?? Math.max(0, ...res.timings.map((t) => t.maxRssKiB));
    if (rss > 0) peakRss.set(`${mode}/${library}`, Math.max(peakRss.get(`${mode}/${library}`) ?? 0, rss));
  }
  machine.loadAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);

  // The outputs of every peer against each tsgrad variant, per workload.
  const verification: Verification[] = [];
  for (const id of workloads) {
    for (const variant of WORKLOADS[id].tsgradVariants) {
      const ref = outputs.get(`tsgrad/${id}/${variant}`);
      if (!ref) continue;
      for (const peer of libraries.filter((l) => l !== "tsgrad")) {
        const other = outputs.get(`${peer}/${id}/${PEER_VARIANT}`);
        if (other) verification.push({ workload: id, tsgradVariant: variant, peer, ...compareOutputs(ref, other) });
      }
    }
  }

  const measurements = measurementsFrom(raw, settings);
  const peers = libraries.filter((l) => l !== "tsgrad");
  const tier = infos.get("tsgrad")?.["kernelTier"];
  const out: string[] = [];
  const md: string[] = [];
  out.push("", `Machine: ${machine.cpuModel}, ${machine.cores} logical CPUs, ${machine.totalMemGiB} GiB, node ${machine.node}, ${machine.kernel}`);
  out.push(`Load average: ${machine.loadAtStart.join(" ")} at start, ${machine.loadAtEnd.join(" ")} at end (the machine may be shared)`);
  out.push(`tsgrad kernel tier: ${tier ?? "unknown"}; git ${machine.gitCommit ?? "?"}${machine.gitDirty ? " (uncommitted changes)" : ""}`);
  out.push(`Child processes: node ${execArgv.join(" ")}`);
  for (const [lib, info] of infos) out.push(`${lib}: ${Object.entries(info).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  out.push("", "All single-threaded. Cells: median (interquartile range); ms, or s per 1,000 steps for W5. Ratios: tsgrad / peer, below 1 = tsgrad faster.");
  for (const mode of modes) {
    const title = mode === "tuned" ? `Mode: tuned (GLIBC_TUNABLES=${TUNED_TUNABLES})` : "Mode: as found (glibc defaults as the environment has them)";
    const t = mainTable(measurements, mode, peers);
    const c = cpuTable(measurements, mode, peers);
    const g = throughputTable(measurements, mode, libraries);
    out.push("", title, formatTable(t.header, t.rows), "", "Process CPU time (all of each child's threads), same cells:", formatTable(c.header, c.rows), "", formatTable(g.header, g.rows));
    md.push(`**${title}**`, "", formatMarkdownTable(t.header, t.rows), "", "Process CPU time:", "", formatMarkdownTable(c.header, c.rows), "", formatMarkdownTable(g.header, g.rows), "");
  }
  if (measurements.some((m) => m.steps !== null && m.stepsPlanned !== null && m.steps < m.stepsPlanned)) {
    const note = "*N: the run's time budget cut this training run short after N steps; the value is extrapolated to 1,000 steps.";
    out.push("", note);
    md.push(note, "");
  }
  const r = rssTable(peakRss, modes, libraries);
  out.push("", formatTable(r.header, r.rows));
  md.push(formatMarkdownTable(r.header, r.rows), "");
  if (verification.length) out.push("", "Same math? Outputs of each peer against tsgrad on identical inputs:", ...verificationLines(verification));
  const missing = libraries.filter((l) => !infos.has(l));
  for (const k of skipped) out.push(`- ${k.library} (${k.mode}) ${k.workload}${k.variant === PEER_VARIANT ? "" : ` ${k.variant}`} skipped: ${k.reason}`);
  for (const e of errors) out.push(`! ${e.library} (${e.mode}) ${e.workload ?? "start-up"} ${e.variant ?? ""}: ${e.message.split("\n")[0]}`);
  for (const l of missing) out.push(`! ${l} left out: it did not start (see errors above)`);
  if (torchNote) out.push(`- ${torchNote}`);
  const seconds = (Date.now() - started) / 1000;
  out.push("", `Finished in ${seconds.toFixed(0)} s.`);
  process.stdout.write(`${out.join("\n")}\n`);

  const resultsDir = new URL("../results/", import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date(started).toISOString().replace(/[:.]/g, "-");
  const json = JSON.stringify(
    {
      date: new Date(started).toISOString(),
      quick: settings.quick,
      settings,
      childExecArgv: execArgv,
      modes: modes.map((m) => ({ name: m, GLIBC_TUNABLES: modeEnv(m)["GLIBC_TUNABLES"] ?? null })),
      machine,
      libraries: Object.fromEntries(infos),
      workloads: workloads.map((w) => WORKLOADS[w]),
      measurements,
      peakRssKiB: Object.fromEntries(peakRss),
      verification,
      skipped,
      errors,
      torchSkipped: torchNote,
      seconds,
    },
    null,
    2,
  );
  writeFileSync(new URL(`${stamp}.json`, resultsDir), json);
  writeFileSync(new URL("latest.json", resultsDir), json);
  writeFileSync(new URL("latest.md", resultsDir), `${md.join("\n")}\n`);
  log(`wrote bench/results/${stamp}.json, latest.json and latest.md`);
  if (verification.some((v) => !v.ok)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
