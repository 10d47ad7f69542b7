import * as tg from "tsgrad";
import { PaperNet } from "./model.js";

/** One reading of the process's memory during training. */
export interface MemorySample {
  /** Training steps done when the sample was taken. */
  step: number;
  /** Resident set size, bytes (`process.memoryUsage().rss`). */
  rss: number;
  /** V8 heap in use, bytes (`process.memoryUsage().heapUsed`; typed-array storage is counted in `rss` and `arrayBuffers`). */
  heapUsed: number;
  /** Bytes held by ArrayBuffers (tensor storage). */
  arrayBuffers: number;
}

/** Options of {@link trainAndSample}. */
export interface MemoryProbeOptions {
  /** Training steps. */
  steps: number;
  /** Take a sample every this many steps (and after the last). */
  sampleEvery: number;
  /** Mini-batch size (the paper: 60). */
  batchSize?: number;
  /** Seed of the weights and the data. */
  seed?: number;
  /** Distinct random mini-batches cycled through (generated once, up front). */
  batches?: number;
  /**
   * A deliberate leak, to prove the check catches one: `"graphs"` keeps every loss after a
   * backward with `retainGraph: true` (so each step's whole graph stays reachable);
   * `"losses"` keeps every loss after an ordinary backward (which frees the graph).
   */
  leak?: "graphs" | "losses";
  /** Called after each sample. */
  onSample?: (s: MemorySample) => void;
}

/**
 * Trains the paper's MLP (784-100-100-100-10, sigmoid, BatchNorm1d after each hidden
 * linear layer, SGD, batches of 60) on random data for `steps` steps, the ordinary way —
 * no `dispose()` anywhere — and samples the process's memory along the way.
 *
 * @param opts - steps, sampling interval, and optionally a deliberate leak
 * @returns the samples, the first taken before the first step, and the final loss
 */
export function trainAndSample(opts: MemoryProbeOptions): { samples: MemorySample[]; finalLoss: number } {
  const batchSize = opts.batchSize ?? 60;
  const generator = new tg.Generator(opts.seed ?? 0);
  const net = new PaperNet({ batchNorm: true, initStd: 0.1, generator });
  const optimizer = new tg.optim.SGD(net.parameters(), { lr: 0.1 });
  const data: { x: tg.Tensor; y: tg.Tensor }[] = [];
  for (let i = 0; i < (opts.batches ?? 16); i++) {
    data.push({ x: tg.randn([batchSize, 784], { generator }), y: tg.randint(0, 10, [batchSize], { generator }) });
  }
  const retained: tg.Tensor[] = [];
  const samples: MemorySample[] = [];
  const sample = (step: number): void => {
    const m = process.memoryUsage();
    const s = { step, rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
    samples.push(s);
    opts.onSample?.(s);
  };
  sample(0);
  let finalLoss = NaN;
  for (let step = 1; step <= opts.steps; step++) {
    const { x, y } = data[step % data.length]!;
    optimizer.zeroGrad();
    const loss = tg.nn.crossEntropy(net.forward(x), y);
    loss.backward(undefined, { retainGraph: opts.leak === "graphs" });
    optimizer.step();
    if (opts.leak !== undefined) retained.push(loss);
    if (step % opts.sampleEvery === 0 || step === opts.steps) {
      finalLoss = loss.item();
      sample(step);
    }
  }
  return { samples, finalLoss };
}

/** The verdict of {@link memoryTrend}. */
export interface MemoryTrend {
  /** Median RSS over the first window after warm-up, bytes. */
  rssEarly: number;
  /** Median RSS over the last window, bytes. */
  rssLate: number;
  /** Median heapUsed over the first window after warm-up, bytes. */
  heapEarly: number;
  /** Median heapUsed over the last window, bytes. */
  heapLate: number;
  /** Median arrayBuffers (tensor storage) over the first window after warm-up, bytes. */
  buffersEarly: number;
  /** Median arrayBuffers over the last window, bytes. */
  buffersLate: number;
  /** `rssLate / rssEarly − 1`. */
  rssGrowth: number;
  /** `heapLate / heapEarly − 1`. */
  heapGrowth: number;
  /** `buffersLate / buffersEarly − 1`. */
  buffersGrowth: number;
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Compares memory early and late in a run: medians of RSS, heapUsed and arrayBuffers over the first
 * window after warm-up and over the last window. Medians over windows, because without
 * `global.gc` a single reading lands anywhere in the collector's sawtooth.
 *
 * @param samples - the samples of {@link trainAndSample}
 * @param warmupFraction - leading fraction of the samples ignored (allocator and JIT warm-up)
 * @param windowFraction - fraction of the samples in each window
 * @returns the medians and the relative growth
 */
export function memoryTrend(samples: readonly MemorySample[], warmupFraction = 0.2, windowFraction = 0.2): MemoryTrend {
  const n = samples.length;
  const start = Math.floor(n * warmupFraction);
  const w = Math.max(3, Math.floor(n * windowFraction));
  if (n - start < 2 * w) throw new Error(`memoryTrend: need at least ${start + 2 * w} samples, got ${n}`);
  const early = samples.slice(start, start + w);
  const late = samples.slice(n - w);
  const rssEarly = median(early.map((s) => s.rss));
  const rssLate = median(late.map((s) => s.rss));
  const heapEarly = median(early.map((s) => s.heapUsed));
  const heapLate = median(late.map((s) => s.heapUsed));
  const buffersEarly = median(early.map((s) => s.arrayBuffers));
  const buffersLate = median(late.map((s) => s.arrayBuffers));
  return {
    rssEarly,
    rssLate,
    heapEarly,
    heapLate,
    buffersEarly,
    buffersLate,
    rssGrowth: rssLate / rssEarly - 1,
    heapGrowth: heapLate / heapEarly - 1,
    buffersGrowth: buffersLate / buffersEarly - 1,
  };
}
