import { Rng } from "./rng.js";

/** The workloads, in the order they run and print. */
export const WORKLOAD_IDS = ["W1", "W2", "W3", "W4", "W5"] as const;
/** One of {@link WORKLOAD_IDS}. */
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** BatchNorm forward + backward: `y = BN(x; γ, β)` and the vjp of an upstream gradient `dy`. */
export interface BnData {
  kind: "bn";
  /** `(N, D)` or `(N, C, H, W)`. */
  shape: number[];
  /** Normalised axes: every axis but axis 1. */
  axes: number[];
  /** Feature/channel count (axis 1). */
  channels: number;
  eps: number;
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  dy: Float32Array;
}

/** `C = A · B` with square float32 matrices. */
export interface MatmulData {
  kind: "matmul";
  n: number;
  a: Float32Array;
  b: Float32Array;
}

/** One mini-batch: inputs `(batch, sizes[0])` and class labels. */
export interface Batch {
  x: Float32Array;
  labels: Int32Array;
}

/**
 * A training run of an MLP `sizes[0] → … → sizes[last]` with BatchNorm1d after every
 * hidden linear layer, then the activation; softmax cross-entropy (mean over the batch);
 * plain SGD. Weights are stored `(out, in)` row-major (PyTorch's layout); BN γ = 1, β = 0,
 * running mean 0 and running variance 1, momentum 0.1, unbiased running variance.
 */
export interface MlpData {
  kind: "mlp";
  sizes: number[];
  activation: "relu" | "sigmoid";
  batchSize: number;
  lr: number;
  eps: number;
  momentum: number;
  weights: Float32Array[];
  biases: Float32Array[];
  /** Batches used in turn, one per step. */
  batches: Batch[];
}

/** The data of a workload. */
export type WorkloadData = BnData | MatmulData | MlpData;

/** What a workload is and how it is measured. */
export interface WorkloadSpec {
  id: WorkloadId;
  /** Short name for the table. */
  title: string;
  /** One sentence for the README and the JSON. */
  description: string;
  /** tsgrad's variants of this workload (BN: composed and fused). */
  tsgradVariants: string[];
  /** Floating-point operations of one timed unit (matmul FLOPs only for the MLPs), or null. */
  flops: number | null;
  /** Training workloads report seconds per 1,000 steps and are timed in chunks of steps. */
  training: "step" | "run" | null;
  /** Number of runs (steps) before comparing outputs across libraries. */
  verifyRuns: number;
  /** Share of a child process's time budget, relative to the other workloads (a loaded machine cuts runs short). */
  budgetWeight: number;
}

const BN_VARIANTS = ["composed", "fused"];

/** Matmul FLOPs of one training step: forward `x·Wᵀ` and backward `g·W`, `gᵀ·x` per layer. */
function mlpStepFlops(sizes: readonly number[], batch: number): number {
  let f = 0;
  for (let i = 0; i + 1 < sizes.length; i++) f += 3 * 2 * batch * sizes[i]! * sizes[i + 1]!;
  return f;
}

/** Sizes of the MLP of W4. */
export const W4_SIZES = [784, 256, 256, 10];
/** Sizes of the paper MLP of W5 (Ioffe & Szegedy 2015, section 4.1). */
export const W5_SIZES = [784, 100, 100, 100, 10];

/** The five workloads. */
export const WORKLOADS: Record<WorkloadId, WorkloadSpec> = {
  W1: {
    id: "W1",
    title: "BN fwd+bwd 256×1024",
    description: "BatchNorm over the batch axis of a (256, 1024) float32 input: forward and the vjp of a given upstream gradient w.r.t. x, γ and β.",
    tsgradVariants: BN_VARIANTS,
    flops: null,
    training: null,
    verifyRuns: 1,
    budgetWeight: 1,
  },
  W2: {
    id: "W2",
    title: "BN NCHW 32×64×16×16",
    description: "BatchNorm per channel over N, H, W of a (32, 64, 16, 16) float32 input: forward and the vjp of a given upstream gradient w.r.t. x, γ and β.",
    tsgradVariants: BN_VARIANTS,
    flops: null,
    training: null,
    verifyRuns: 1,
    budgetWeight: 1,
  },
  W3: {
    id: "W3",
    title: "matmul 512³",
    description: "A (512, 512) · (512, 512) float32 matrix product (2·512³ FLOPs).",
    tsgradVariants: ["matmul"],
    flops: 2 * 512 ** 3,
    training: null,
    verifyRuns: 1,
    budgetWeight: 1,
  },
  W4: {
    id: "W4",
    title: "MLP step 784-256-256-10+BN, b128",
    description:
      "One training step (forward, cross-entropy, backward, SGD update) of an MLP 784-256-256-10 with BatchNorm1d and ReLU after each hidden linear layer, batch 128.",
    tsgradVariants: BN_VARIANTS,
    flops: mlpStepFlops(W4_SIZES, 128),
    training: "step",
    verifyRuns: 1,
    budgetWeight: 1,
  },
  W5: {
    id: "W5",
    title: "paper MLP 1,000 steps, b60",
    description:
      "1,000 SGD steps of the BatchNorm paper's MLP 784-100-100-100-10, sigmoid, BatchNorm1d after each hidden linear layer, batch 60; seconds per 1,000 steps.",
    tsgradVariants: BN_VARIANTS,
    flops: mlpStepFlops(W5_SIZES, 60),
    training: "run",
    verifyRuns: 3,
    budgetWeight: 5,
  },
};

/** The variant label of a peer (peers have one formulation per workload). */
export const PEER_VARIANT = "-";

/** Shape and seed of a BatchNorm workload, small enough for tests when asked. */
export function bnData(shape: readonly number[], seed: number): BnData {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const channels = shape[1]!;
  return {
    kind: "bn",
    shape: [...shape],
    axes: shape.map((_, i) => i).filter((i) => i !== 1),
    channels,
    eps: 1e-5,
    // An offset and scale away from N(0, 1), so that the statistics matter.
    x: rng.normal(size, 0.5, 2),
    gamma: rng.uniform(channels, 0.5, 1.5),
    beta: rng.normal(channels),
    dy: rng.normal(size),
  };
}

/** Two `n × n` matrices of standard normals. */
export function matmulData(n: number, seed: number): MatmulData {
  const rng = new Rng(seed);
  return { kind: "matmul", n, a: rng.normal(n * n), b: rng.normal(n * n) };
}

/** Initial weights (uniform ±1/√fanIn, PyTorch's Linear bound) and `batchCount` batches of pixel-like inputs. */
export function mlpData(
  sizes: readonly number[],
  opts: { activation: "relu" | "sigmoid"; batchSize: number; batchCount: number; lr: number; seed: number },
): MlpData {
  const rng = new Rng(opts.seed);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const bound = 1 / Math.sqrt(sizes[i]!);
    weights.push(rng.uniform(sizes[i + 1]! * sizes[i]!, -bound, bound));
    biases.push(rng.uniform(sizes[i + 1]!, -bound, bound));
  }
  const classes = sizes[sizes.length - 1]!;
  const batches: Batch[] = [];
  for (let b = 0; b < opts.batchCount; b++) {
    batches.push({ x: rng.uniform(opts.batchSize * sizes[0]!), labels: rng.ints(opts.batchSize, classes) });
  }
  return {
    kind: "mlp",
    sizes: [...sizes],
    activation: opts.activation,
    batchSize: opts.batchSize,
    lr: opts.lr,
    eps: 1e-5,
    momentum: 0.1,
    weights,
    biases,
    batches,
  };
}

/** The full-size data of a workload (deterministic: every library gets the same numbers). */
export function workloadData(id: WorkloadId): WorkloadData {
  switch (id) {
    case "W1":
      return bnData([256, 1024], 1);
    case "W2":
      return bnData([32, 64, 16, 16], 2);
    case "W3":
      return matmulData(512, 3);
    case "W4":
      return mlpData(W4_SIZES, { activation: "relu", batchSize: 128, batchCount: 1, lr: 0.1, seed: 4 });
    case "W5":
      return mlpData(W5_SIZES, { activation: "sigmoid", batchSize: 60, batchCount: 10, lr: 0.5, seed: 5 });
  }
}
