import { PEER_VARIANT, type BnData, type MatmulData, type MlpData, type WorkloadData, type WorkloadId } from "../workloads.js";

/**
 * The libraries the benchmark knows, each run in its own child process (`torch`: PyTorch in a
 * Python child, see torch.ts; the others are loaded by a Node child, see index.ts).
 */
export const LIBRARY_NAMES = ["tsgrad", "tfjs-cpu", "tfjs-wasm", "jax-js", "torch"] as const;
/** One of {@link LIBRARY_NAMES}. */
export type LibraryName = (typeof LIBRARY_NAMES)[number];

/** Named float32 results compared across libraries (weights in `(out, in)` layout). */
export type Outputs = Record<string, Float32Array>;

/** A workload prepared in one library: inputs and state live in the library's own arrays. */
export interface Case {
  /**
   * One timed unit (BN forward + backward, one product, one training step); returns
   * when the work is done. Keeps the latest results for {@link Case.outputs}.
   */
  run(): void | Promise<void>;
  /** The latest results (after at least one `run`), read back as float32. */
  outputs(): Promise<Outputs>;
  /** Frees what the library does not free by itself. */
  dispose(): void;
}

/** A library under test. */
export interface Library {
  readonly name: LibraryName;
  /** Versions, backend and kernel details for the report. */
  info(): Promise<Record<string, string | number | boolean>>;
  /** The formulations measured for a workload (tsgrad: composed and fused BN). */
  variants(id: WorkloadId): string[];
  /** Builds the inputs and state of a workload from the shared data. */
  prepare(data: WorkloadData, variant: string): Case;
}

/** How a peer builds each kind of workload: its one formulation of each. */
export interface PeerCases {
  bn(data: BnData): Case;
  matmul(data: MatmulData): Case;
  mlp(data: MlpData): Case;
}

/** The `variants` and `prepare` of a peer library: one variant ({@link PEER_VARIANT}), cases built by workload kind. */
export function peerWorkloads(cases: PeerCases): Pick<Library, "variants" | "prepare"> {
  return {
    variants() {
      return [PEER_VARIANT];
    },
    prepare(data: WorkloadData) {
      switch (data.kind) {
        case "bn":
          return cases.bn(data);
        case "matmul":
          return cases.matmul(data);
        case "mlp":
          return cases.mlp(data);
      }
    },
  };
}

/** Transposes a row-major `(rows, cols)` matrix (weights between `(out, in)` and `(in, out)`). */
export function transposeMatrix(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** One-hot float32 rows `(labels.length, classes)`. */
export function oneHotRows(labels: Int32Array, classes: number): Float32Array {
  const out = new Float32Array(labels.length * classes);
  labels.forEach((k, i) => (out[i * classes + k] = 1));
  return out;
}

/** The version of an installed package, read from its package.json (found by walking up from its entry). */
export async function packageVersion(name: string): Promise<string> {
  const { createRequire } = await import("node:module");
  const { readFileSync, existsSync } = await import("node:fs");
  const path = await import("node:path");
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? "unknown";
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
