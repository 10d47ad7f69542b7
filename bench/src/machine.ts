import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** The machine and the source a run measured. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs the OS reports. */
  cores: number;
  totalMemGiB: number;
  node: string;
  v8: string;
  kernel: string;
  /** 1, 5 and 15-minute load averages at the start of the run (the machine may be shared). */
  loadAtStart: number[];
  /** The same at the end. */
  loadAtEnd: number[] | null;
  gitCommit: string | null;
  /** Uncommitted changes in the work tree when the run started. */
  gitDirty: boolean | null;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.split(":").slice(1).join(":").trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? "unknown";
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** Collects the facts that make a result comparable with another run. */
export function machineInfo(): MachineInfo {
  const status = git(["status", "--porcelain", "--untracked-files=no"]);
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    kernel: `${os.type()} ${os.release()}`,
    loadAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    loadAtEnd: null,
    gitCommit: git(["rev-parse", "--short=12", "HEAD"]),
    gitDirty: status === null ? null : status.length > 0,
  };
}
