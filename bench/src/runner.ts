// Child process: runs one library's workloads and reports to the parent over IPC
// (started by main.ts with `fork`, so RSS and JIT state never mix between libraries).
import { loadLibrary } from "./libraries/index.js";
import { timeRuns, timeTraining } from "./measure.js";
import type { RunnerJob, RunnerMessage } from "./protocol.js";
import { WORKLOADS, workloadData, type WorkloadData, type WorkloadId } from "./workloads.js";

function send(msg: RunnerMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(msg, (err: Error | null) => (err ? reject(err) : resolve())));
}

const maxRssKiB = (): number => process.resourceUsage().maxRSS;
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const message = (e: unknown): string => (e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e));

async function main(job: RunnerJob): Promise<void> {
  const lib = await loadLibrary(job.library);
  await send({ type: "info", info: await lib.info() });
  // The job's deadline on the performance clock, shared among the units by weight.
  const deadline = performance.now() + (job.deadline - Date.now());
  const units = job.workloads.flatMap((id) => lib.variants(id).map((variant) => ({ id, variant })));
  const weightLeft = (i: number): number => units.slice(i).reduce((s, u) => s + WORKLOADS[u.id].budgetWeight, 0);
  const data = new Map<WorkloadId, WorkloadData>();
  for (const [i, { id, variant }] of units.entries()) {
    const spec = WORKLOADS[id];
    const now = performance.now();
    if (now >= deadline) {
      await send({ type: "skipped", workload: id, variant, reason: "the run's time budget was spent" });
      continue;
    }
    const unitDeadline = now + ((deadline - now) * spec.budgetWeight) / weightLeft(i);
    try {
      if (!data.has(id)) data.set(id, workloadData(id));
      const d = data.get(id)!;
      // Training state changes with every step: the check starts from the initial weights.
      if (job.verify && spec.training !== null) {
        const c = lib.prepare(d, variant);
        for (let k = 0; k < spec.verifyRuns; k++) await c.run();
        await send({ type: "outputs", workload: id, variant, outputs: await c.outputs() });
        c.dispose();
      }
      collect();
      const c = lib.prepare(d, variant);
      if (spec.training === "run") {
        const training = await timeTraining(() => c.run(), job.training, { deadline: unitDeadline });
        await send({ type: "timing", workload: id, variant, samples: [], cpuSamples: [], training, maxRssKiB: maxRssKiB() });
      } else {
        const cpuSamples: number[] = [];
        const samples = await timeRuns(() => c.run(), job.plan, { deadline: unitDeadline, cpuSamples });
        await send({ type: "timing", workload: id, variant, samples, cpuSamples, training: null, maxRssKiB: maxRssKiB() });
      }
      // BN and matmul are pure: the last timed run's results are the ones to check.
      if (job.verify && spec.training === null) await send({ type: "outputs", workload: id, variant, outputs: await c.outputs() });
      c.dispose();
    } catch (e) {
      await send({ type: "error", workload: id, variant, message: message(e) });
    }
  }
  await send({ type: "done", maxRssKiB: maxRssKiB() });
}

process.once("message", (job: RunnerJob) => {
  main(job)
    .catch((e: unknown) => send({ type: "error", workload: null, variant: null, message: message(e) }))
    .finally(() => process.disconnect());
});
