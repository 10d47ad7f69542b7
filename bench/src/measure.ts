/** How many times to run a unit of work before and while timing it. */
export interface TimingPlan {
  /** Warm-up runs at least this many … */
  warmupMin: number;
  /** … and for at least this long (ms), within `maxIterations`. */
  warmupMs: number;
  /** Timed runs at least this many … */
  minIterations: number;
  /** … and at most this many … */
  maxIterations: number;
  /** … stopping once this much time (ms) has been spent on timed runs. */
  budgetMs: number;
}

/** How a training run (W5) is timed: `steps` steps in chunks, after warm-up steps. */
export interface TrainingPlan {
  steps: number;
  /** Steps per timed chunk (the spread is taken over chunks). */
  chunk: number;
  warmupSteps: number;
  /** Stop after the chunk that passes this much time (ms) and report the steps done. */
  capMs: number;
}

/** A clock in milliseconds. */
export type Clock = () => number;

const defaultClock: Clock = () => performance.now();

/** The process's CPU time (user + system, all its threads) in milliseconds. */
export const processCpuClock: Clock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Options of {@link timeRuns} and {@link timeTraining}. */
export interface TimingOptions {
  /** The clock (default `performance.now`). */
  clock?: Clock;
  /**
   * A time on `clock` after which to stop early, even below the minimum counts (keeping
   * one warm-up run and one timed run or chunk): the run's overall time budget.
   */
  deadline?: number;
  /** The CPU-time clock (default {@link processCpuClock}), read around each timed run or chunk. */
  cpuClock?: Clock;
  /** {@link timeRuns} pushes each timed run's CPU time (ms) here, in the order of the samples. */
  cpuSamples?: number[];
}

/** Runs `run` for warm-up, then times it per the plan; returns the timed samples in ms. */
export async function timeRuns(run: () => void | Promise<void>, plan: TimingPlan, opts: TimingOptions = {}): Promise<number[]> {
  const clock = opts.clock ?? defaultClock;
  const deadline = opts.deadline ?? Infinity;
  const warmStart = clock();
  for (let i = 0; i < plan.maxIterations && (i < plan.warmupMin || clock() - warmStart < plan.warmupMs); i++) {
    if (i > 0 && clock() >= deadline) break;
    await run();
  }
  const cpuClock = opts.cpuClock ?? processCpuClock;
  const samples: number[] = [];
  const start = clock();
  while (samples.length < plan.minIterations || (samples.length < plan.maxIterations && clock() - start < plan.budgetMs)) {
    if (samples.length > 0 && clock() >= deadline) break;
    const c = cpuClock();
    const t = clock();
    await run();
    samples.push(clock() - t);
    opts.cpuSamples?.push(cpuClock() - c);
  }
  return samples;
}

/** The result of {@link timeTraining}. */
export interface TrainingTiming {
  /** Milliseconds of each chunk of `chunk` steps (the last may be shorter: see `chunkSteps`). */
  chunkMs: number[];
  /** CPU milliseconds of the process (all its threads) in each chunk. */
  chunkCpuMs: number[];
  /** Steps in each chunk. */
  chunkSteps: number[];
  /** Steps timed (less than planned when the time cap cut the run short). */
  steps: number;
  totalMs: number;
  /** CPU milliseconds of all the chunks. */
  totalCpuMs: number;
}

/** Times `plan.steps` calls of `step` in chunks, after warm-up steps. */
export async function timeTraining(step: () => void | Promise<void>, plan: TrainingPlan, opts: TimingOptions = {}): Promise<TrainingTiming> {
  const clock = opts.clock ?? defaultClock;
  const deadline = opts.deadline ?? Infinity;
  for (let i = 0; i < plan.warmupSteps; i++) {
    if (i > 0 && clock() >= deadline) break;
    await step();
  }
  const cpuClock = opts.cpuClock ?? processCpuClock;
  const chunkMs: number[] = [];
  const chunkCpuMs: number[] = [];
  const chunkSteps: number[] = [];
  let steps = 0;
  let totalMs = 0;
  let totalCpuMs = 0;
  while (steps < plan.steps && (chunkMs.length === 0 || (totalMs < plan.capMs && clock() < deadline))) {
    const k = Math.min(plan.chunk, plan.steps - steps);
    const c = cpuClock();
    const t = clock();
    for (let i = 0; i < k; i++) await step();
    const ms = clock() - t;
    const cpu = cpuClock() - c;
    chunkMs.push(ms);
    chunkCpuMs.push(cpu);
    chunkSteps.push(k);
    steps += k;
    totalMs += ms;
    totalCpuMs += cpu;
  }
  return { chunkMs, chunkCpuMs, chunkSteps, steps, totalMs, totalCpuMs };
}

/** Seconds per 1,000 steps of each chunk (the spread of a training run). */
export function secondsPer1000(t: TrainingTiming): number[] {
  return t.chunkMs.map((ms, i) => ms / t.chunkSteps[i]!);
}
