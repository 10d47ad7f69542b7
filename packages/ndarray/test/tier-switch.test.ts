// The one tier switch (src/kernels/dispatch.ts): the JS reference kernels import nothing from kernels/wasm
// (sources scanned), and every op with a WebAssembly path reaches it through the switch, and only through it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as T from "@tsgrad/ndarray";
import { type KernelFastPaths, activeWasmKernels, dispatch, resetKernelTier } from "../src/kernels/dispatch.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const KERNELS = join(SRC, "kernels");
const WASM = join(KERNELS, "wasm");
const DISPATCH = join(KERNELS, "dispatch.ts");

/** Every .ts file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : name.endsWith(".ts") ? [p] : [];
  });
}

/**
 * The files a source imports or re-exports from, resolved (`.js` specifiers name `.ts` files):
 * value and type-only imports alike, side-effect imports and dynamic `import()`.
 */
function importedFiles(file: string, text: string): string[] {
  const specs = [...text.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
  return specs.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s).replace(/\.js$/, ".ts"));
}

const inside = (file: string, dir: string): boolean => !relative(dir, file).startsWith("..");

/** `file → offending imports` for every source in `files` (path → text) that breaks the tier boundary. */
function violations(files: ReadonlyMap<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [file, text] of files) {
    if (inside(file, WASM)) {
      // The WebAssembly tier knows nothing of the switch that decides when it runs.
      const bad = importedFiles(file, text).filter((f) => f === DISPATCH);
      if (bad.length > 0) out[relative(SRC, file)] = bad.map((f) => relative(SRC, f));
      continue;
    }
    if (file === DISPATCH) continue;
    // Everything else — the JS reference kernels above all — imports nothing from kernels/wasm;
    // the JS kernels do not import the switch either (the ops layer hands it to them).
    const imports = importedFiles(file, text);
    const bad = imports.filter((f) => inside(f, WASM) || (inside(file, KERNELS) && f === DISPATCH));
    if (bad.length > 0) out[relative(SRC, file)] = bad.map((f) => relative(SRC, f));
  }
  return out;
}

describe("the tier boundary in the sources", () => {
  const files = new Map(sources(SRC).map((f) => [f, readFileSync(f, "utf8")] as const));

  it("finds the kernels it guards (the scan is not vacuous)", () => {
    const names = [...files.keys()].map((f) => relative(SRC, f));
    for (const k of ["elementwise", "reduce", "copy", "cast", "batch-norm", "matmul", "conv", "pool", "gemm-f64", "dispatch"]) {
      expect(names).toContain(join("kernels", `${k}.ts`));
    }
  });

  it("only the dispatch module imports from kernels/wasm; JS kernels do not import it; wasm does not import the switch", () => {
    expect(violations(files)).toEqual({});
  });

  it("the dispatch module is where every WebAssembly entry plugs in", () => {
    const fromDispatch = new Set(importedFiles(DISPATCH, files.get(DISPATCH)!).filter((f) => inside(f, WASM)));
    const entries = sources(WASM).filter((f) => !f.endsWith("kernels.generated.ts"));
    expect(entries.length).toBeGreaterThan(0);
    for (const f of entries) expect(fromDispatch.has(f), `${relative(SRC, f)} is not reached through kernels/dispatch.ts`).toBe(true);
  });

  it("flags a kernel that imports the WebAssembly tier, even for a type, and one that imports the switch", () => {
    const fake = (name: string, text: string): [string, string] => [join(KERNELS, name), text];
    expect(
      violations(
        new Map([
          fake("a.ts", 'import { wasmMatmul } from "./wasm/wasm-matmul.js";'),
          fake("b.ts", 'import type { WasmKernels } from "./wasm/wasm-kernels.js";'),
          fake("c.ts", 'export { WASM_UNARY_OPS } from "./wasm/wasm-elementwise.js";'),
          fake("d.ts", 'import { dispatch } from "./dispatch.js";'),
          [join(SRC, "ops", "e.ts"), 'import { x } from "../kernels/wasm/wasm-kernels.js";'],
          [join(WASM, "f.ts"), 'import { dispatch } from "../dispatch.js";'],
          fake("ok.ts", 'import { coalesce } from "./iter.js";\n// a comment naming ./wasm/ is fine'),
          [join(SRC, "ops", "ok.ts"), 'import { dispatch } from "../kernels/dispatch.js";'],
        ]),
      ),
    ).toEqual({
      "kernels/a.ts": ["kernels/wasm/wasm-matmul.ts"],
      "kernels/b.ts": ["kernels/wasm/wasm-kernels.ts"],
      "kernels/c.ts": ["kernels/wasm/wasm-elementwise.ts"],
      "kernels/d.ts": ["kernels/dispatch.ts"],
      "ops/e.ts": ["kernels/wasm/wasm-kernels.ts"],
      "kernels/wasm/f.ts": ["kernels/dispatch.ts"],
    });
  });
});

describe("every op with a WebAssembly path reaches it through the switch", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    resetKernelTier();
    T.setKernelTier("auto");
  });

  // Inputs big enough for the automatic tier; float32 unless the kernel works in float64.
  const x = T.randn([64, 48], { seed: 1 });
  const y = T.randn([48], { seed: 2 });
  const img = T.randn([2, 4, 12, 12], { seed: 3 });
  const w = T.randn([8, 4, 3, 3], { seed: 4 });
  const g = T.randn([2, 8, 10, 10], { seed: 5 });
  const gamma = T.ones([4]);
  const beta = T.zeros([4]);
  const saved = T.batchNormForward(img, gamma, beta, 1e-5).saved;
  const xt = T.transpose(x, 0, 1);
  const xPos = T.add(T.abs(x), 0.5);
  const gOnes = T.onesLike(img);
  // Each op, and the fast path of the switch that must take its hot loop.
  const ops: Record<string, [keyof KernelFastPaths, () => unknown]> = {
    add: ["binary", () => T.add(x, y)],
    gt: ["binary", () => T.gt(x, y)],
    relu: ["unary", () => T.relu(x)],
    exp: ["unary", () => T.exp(x)],
    log: ["unary", () => T.log(xPos)],
    tanh: ["unary", () => T.tanh(x)],
    sigmoid: ["unary", () => T.sigmoid(x)],
    contiguous: ["copy", () => T.contiguous(xt)],
    "NDArray.reshape": ["copy", () => xt.reshape([-1])],
    "NDArray.toTypedArray": ["copy", () => xt.toTypedArray()],
    "NDArray.astype": ["copy", () => xt.astype("float64")],
    sum: ["sumInto", () => T.sum(x, { axis: 0 })],
    mean: ["sumInto", () => T.mean(x)],
    variance: ["sumInto", () => T.variance(x, { axis: 1 })],
    std: ["sumInto", () => T.std(x)],
    moments: ["sumInto", () => T.moments(x, { axis: 0 })],
    mulSumTo: ["mulSumInto", () => T.mulSumTo(x, x, [48])],
    matmul: ["matmul", () => T.matmul(x, xt)],
    conv2d: ["gemmF64", () => T.conv2d(img, w, null, {})],
    conv2dInputGrad: ["gemmF64", () => T.conv2dInputGrad(g, w, img.shape, {})],
    conv2dWeightGrad: ["gemmF64", () => T.conv2dWeightGrad(img, g, w.shape, {})],
    batchNormForward: ["batchNormStage", () => T.batchNormForward(img, gamma, beta, 1e-5)],
    batchNormBackward: ["batchNormStage", () => T.batchNormBackward(img, gOnes, gamma, saved)],
  };

  it.each(Object.keys(ops))("%s runs WebAssembly on the automatic tier, and none on the JS tier", (name) => {
    const [path, run] = ops[name]!;
    const fast = vi.spyOn(dispatch, path);
    const reserve = vi.spyOn(activeWasmKernels()!, "reserve");
    const took = (): boolean => fast.mock.results.some((r) => r.type === "return" && r.value !== false && r.value !== undefined);
    run();
    expect(took(), `${name}: dispatch.${path} did not run it on the WebAssembly tier`).toBe(true);
    expect(reserve).toHaveBeenCalled();
    fast.mockClear();
    reserve.mockClear();
    T.setKernelTier("js");
    run();
    expect(fast, `${name}: the kernel was not offered to dispatch.${path}`).toHaveBeenCalled();
    expect(took()).toBe(false);
    expect(reserve).not.toHaveBeenCalled();
  });
});
