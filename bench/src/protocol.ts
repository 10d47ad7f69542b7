import type { LibraryName, Outputs } from "./libraries/library.js";
import type { TimingPlan, TrainingPlan, TrainingTiming } from "./measure.js";
import type { WorkloadId } from "./workloads.js";

/** What the parent asks a child process to do. */
export interface RunnerJob {
  library: LibraryName;
  workloads: WorkloadId[];
  /** Send the outputs of each workload for the cross-library check. */
  verify: boolean;
  plan: TimingPlan;
  training: TrainingPlan;
  /** Wall-clock time (`Date.now()`) by which the child should be done; it shares it among its workloads. */
  deadline: number;
}

/** Messages from a child process, in order: info, then per workload and variant, then done. */
export type RunnerMessage =
  | { type: "info"; info: Record<string, string | number | boolean> }
  | { type: "outputs"; workload: WorkloadId; variant: string; outputs: Outputs }
  | {
      type: "timing";
      workload: WorkloadId;
      variant: string;
      /** Wall-clock ms of each timed run (empty for a training run: see `training`). */
      samples: number[];
      /** Process CPU ms (all the child's threads) of each timed run, in the order of `samples`. */
      cpuSamples: number[];
      training: TrainingTiming | null;
      maxRssKiB: number;
    }
  | { type: "error"; workload: WorkloadId | null; variant: string | null; message: string }
  | { type: "skipped"; workload: WorkloadId; variant: string; reason: string }
  | { type: "done"; maxRssKiB: number };
