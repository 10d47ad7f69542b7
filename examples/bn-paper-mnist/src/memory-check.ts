// `pnpm run check:memory`: trains the paper's MLP with BatchNorm for 10,000 steps without
// any dispose() and reports resident memory at the start, middle and end. Exits with
// status 1 when memory grows after warm-up beyond the bound.
import { defineCli, runCli } from "@tsgrad/example-kit/cli";
import { type MemorySample, memoryTrend, trainAndSample } from "./memory-probe.js";

const CLI = defineCli({
  name: "memory-check",
  summary: "Trains the BatchNorm paper's MLP (784-100-100-100-10, sigmoid, BatchNorm1d, SGD, batches of 60) on random data and reports RSS and heapUsed.",
  options: {
    steps: { type: "integer", min: 100, default: 10000, help: "training steps" },
    sampleEvery: { type: "integer", min: 1, default: 50, help: "steps between memory samples" },
    maxGrowth: {
      type: "number",
      min: 0,
      default: 0.05,
      help: "largest allowed relative growth of the median RSS from the first window after warm-up to the last window",
    },
  },
});

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function main({ steps, sampleEvery, maxGrowth }: { steps: number; sampleEvery: number; maxGrowth: number }): void {
  const started = performance.now();
  const { samples, finalLoss } = trainAndSample({
    steps,
    sampleEvery,
    onSample: (s) => {
      if (s.step % (sampleEvery * 20) === 0) process.stderr.write(`step ${s.step}: rss ${mib(s.rss)}, heapUsed ${mib(s.heapUsed)}\n`);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const at = (step: number): MemorySample => samples.reduce((best, s) => (Math.abs(s.step - step) < Math.abs(best.step - step) ? s : best));
  const row = (label: string, s: MemorySample): string =>
    `${label.padEnd(8)} step ${String(s.step).padStart(6)}  rss ${mib(s.rss).padStart(11)}  heapUsed ${mib(s.heapUsed).padStart(10)}  arrayBuffers ${mib(s.arrayBuffers).padStart(10)}`;
  const trend = memoryTrend(samples);
  const lines = [
    `paper MLP with BatchNorm, batch 60, ${steps} steps in ${seconds.toFixed(1)} s (${((seconds * 1000) / steps).toFixed(2)} ms/step), final loss ${finalLoss.toFixed(4)}`,
    row("start", at(0)),
    row("middle", at(steps / 2)),
    row("end", at(steps)),
    `median RSS after warm-up: ${mib(trend.rssEarly)} → ${mib(trend.rssLate)} (${(trend.rssGrowth * 100).toFixed(2)}%)`,
    `median heapUsed after warm-up: ${mib(trend.heapEarly)} → ${mib(trend.heapLate)} (${(trend.heapGrowth * 100).toFixed(2)}%)`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (trend.rssGrowth > maxGrowth) {
    process.stdout.write(`FAIL: RSS grew by more than ${(maxGrowth * 100).toFixed(1)}% after warm-up\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`OK: RSS flat within ${(maxGrowth * 100).toFixed(1)}% after warm-up\n`);
  }
}

// main sets exit code 1 itself when memory grows; runCli adds 2 for a bad option.
const code = await runCli(CLI, main);
if (code !== 0) process.exitCode = code;
