import { type OutputComparison } from "./compare.js";
import { fmtNum, fmtRatio } from "./format.js";
import { LIBRARY_NAMES, type LibraryName } from "./libraries/library.js";
import type { Summary } from "./stats.js";
import { WORKLOADS, WORKLOAD_IDS, type WorkloadId, PEER_VARIANT } from "./workloads.js";

/** The allocator modes (see bench-notes: fresh memory is expensive on these machines). */
export type ModeName = "as-found" | "tuned";

/** One library × workload × variant × mode, all rounds pooled. */
export interface Measurement {
  mode: ModeName;
  library: LibraryName;
  workload: WorkloadId;
  variant: string;
  unit: "ms" | "s/1000 steps";
  /** The headline number: median ms, or seconds per 1,000 steps of the whole run. */
  value: number;
  /** Spread: over timed runs (ms), or over chunks of steps (s/1000 steps). */
  summary: Summary;
  samples: number[];
  /**
   * The same for process CPU time (all of the child's threads): median ms per run, or CPU
   * seconds per 1,000 steps; null when the child did not report CPU time.
   */
  cpuValue: number | null;
  /** Spread of the CPU times (per run, or per chunk of steps), or null. */
  cpuSummary: Summary | null;
  cpuSamples: number[];
  /** The median of each round (one entry per round that measured this). */
  roundValues: number[];
  /** Training runs: steps timed and planned (fewer when the time cap cut the run). */
  steps: number | null;
  stepsPlanned: number | null;
  /** GFLOP/s from the workload's FLOPs (matmul FLOPs for the MLPs), or null. */
  gflops: number | null;
  /** Peak RSS of the library's process after this workload (KiB, a high-water mark). */
  maxRssKiB: number;
}

/** A cross-library check of one workload: a peer against one tsgrad variant. */
export interface Verification extends OutputComparison {
  workload: WorkloadId;
  tsgradVariant: string;
  peer: LibraryName;
}

/** Finds a measurement. */
export function find(ms: readonly Measurement[], mode: ModeName, library: LibraryName, workload: WorkloadId, variant: string): Measurement | undefined {
  return ms.find((m) => m.mode === mode && m.library === library && m.workload === workload && m.variant === variant);
}

function cell(m: Measurement | undefined, cpu = false): string {
  if (!m) return "";
  const value = cpu ? m.cpuValue : m.value;
  const s = cpu ? m.cpuSummary : m.summary;
  if (value === null || s === null) return "";
  const v = m.unit === "ms" ? fmtNum(value) : `${fmtNum(value)} s`;
  const capped = m.steps !== null && m.stepsPlanned !== null && m.steps < m.stepsPlanned ? ` *${m.steps}` : "";
  return `${v} (${fmtNum(s.q1)}–${fmtNum(s.q3)})${capped}`;
}

/** tsgrad/peer of wall time, or of CPU time with `cpu`; empty when either is missing. */
function ratio(t: Measurement | undefined, p: Measurement | undefined, cpu = false): string {
  if (!t || !p) return "";
  const a = cpu ? t.cpuValue : t.value;
  const b = cpu ? p.cpuValue : p.value;
  return a === null || b === null ? "" : fmtRatio(a / b);
}

/** The workload's label in tables; a shortened training run says so. */
export function workloadLabel(ms: readonly Measurement[], id: WorkloadId): string {
  const spec = WORKLOADS[id];
  const runs = ms.filter((m) => m.workload === id && m.steps !== null);
  if (runs.length === 0) return `${id} ${spec.title}`;
  const planned = Math.max(...runs.map((m) => m.stepsPlanned ?? 0));
  return planned < 1000 ? `${id} paper MLP, ${planned} steps (quick; s per 1,000 steps), b60` : `${id} ${spec.title}`;
}

/**
 * Rows of the main table for one mode: workload, tsgrad variant, tsgrad and peer medians
 * (with the interquartile range), and tsgrad/peer ratios (below 1: tsgrad is faster). With
 * PyTorch among the peers, a last column gives the tsgrad/torch ratio of CPU time too.
 */
export function mainTable(ms: readonly Measurement[], mode: ModeName, peers: readonly LibraryName[]): { header: string[]; rows: string[][] } {
  return table(ms, mode, peers, false);
}

/**
 * The main table's layout for process CPU time (each child measures its own, all threads):
 * tsgrad and peer medians and tsgrad/peer ratios of CPU time.
 */
export function cpuTable(ms: readonly Measurement[], mode: ModeName, peers: readonly LibraryName[]): { header: string[]; rows: string[][] } {
  return table(ms, mode, peers, true);
}

function table(ms: readonly Measurement[], mode: ModeName, peers: readonly LibraryName[], cpu: boolean): { header: string[]; rows: string[][] } {
  const torchCpu = !cpu && peers.includes("torch");
  const header = ["workload", "tsgrad variant", "tsgrad", ...peers, ...peers.map((p) => `tsgrad/${p}`), ...(torchCpu ? ["tsgrad/torch CPU"] : [])];
  const rows: string[][] = [];
  for (const id of WORKLOAD_IDS) {
    const variants = [...new Set(ms.filter((m) => m.mode === mode && m.library === "tsgrad" && m.workload === id).map((m) => m.variant))];
    const peerMs = peers.map((p) => find(ms, mode, p, id, PEER_VARIANT));
    if (variants.length === 0 && peerMs.every((m) => !m)) continue;
    const label = workloadLabel(ms, id);
    (variants.length ? variants : [""]).forEach((variant, i) => {
      const t = find(ms, mode, "tsgrad", id, variant);
      const ratios = peerMs.map((p) => ratio(t, p, cpu));
      const extra = torchCpu ? [ratio(t, find(ms, mode, "torch", id, PEER_VARIANT), true)] : [];
      rows.push([i === 0 ? label : "", variant, cell(t, cpu), ...peerMs.map((p) => (i === 0 ? cell(p, cpu) : "")), ...ratios, ...extra]);
    });
  }
  return { header, rows };
}

/** GFLOP/s per library for the workloads that have a FLOP count. */
export function throughputTable(ms: readonly Measurement[], mode: ModeName, libraries: readonly LibraryName[]): { header: string[]; rows: string[][] } {
  const header = ["workload", ...libraries];
  const rows: string[][] = [];
  for (const id of WORKLOAD_IDS) {
    if (WORKLOADS[id].flops === null) continue;
    const here = ms.filter((m) => m.mode === mode && m.workload === id);
    if (here.length === 0) continue;
    rows.push([
      `${id} GFLOP/s`,
      ...libraries.map((lib) => {
        const mine = here.filter((m) => m.library === lib && m.gflops !== null);
        if (mine.length === 0) return "";
        return mine.map((m) => `${fmtNum(m.gflops!)}${lib === "tsgrad" && mine.length > 1 ? ` ${m.variant}` : ""}`).join(" / ");
      }),
    ]);
  }
  return { header, rows };
}

/** Peak RSS per library process (MiB; the highest over its rounds). */
export function rssTable(peak: ReadonlyMap<string, number>, modes: readonly ModeName[], libraries: readonly LibraryName[]): { header: string[]; rows: string[][] } {
  return {
    header: ["peak RSS (MiB)", ...libraries],
    rows: modes.map((mode) => [mode, ...libraries.map((lib) => (peak.has(`${mode}/${lib}`) ? (peak.get(`${mode}/${lib}`)! / 1024).toFixed(0) : ""))]),
  };
}

/** One line per check: ✓ with the difference, or the difference and what failed. */
export function verificationLines(vs: readonly Verification[]): string[] {
  return vs.map((v) => {
    const what = `${v.workload} tsgrad ${v.tsgradVariant} vs ${v.peer}`;
    const detail = `max rel diff ${v.maxRelDiff.toExponential(1)} (${v.worstKey ?? "-"}), max |diff| ${v.maxAbsDiff.toExponential(1)}`;
    if (v.ok) return `✓ ${what}: ${detail}`;
    return `✗ ${what}: ${detail}${v.mismatched.length ? `; mismatched outputs: ${v.mismatched.join(", ")}` : ""}`;
  });
}

/** Library order for tables. */
export const ORDER: readonly LibraryName[] = LIBRARY_NAMES;
