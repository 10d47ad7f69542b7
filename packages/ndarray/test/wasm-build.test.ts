// The committed WebAssembly module is what the AssemblyScript sources compile to: tests and
// browsers run the committed bytes, so a source change without `pnpm run build:wasm` fails here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GENERATED_PATH, generateKernelsModule } from "../scripts/build-wasm.mjs";

describe("generated kernels module", () => {
  it("equals a fresh compile of assembly/ (run `pnpm --filter @tsgrad/ndarray run build:wasm` after editing it)", async () => {
    const committed = readFileSync(fileURLToPath(new URL(`../${GENERATED_PATH}`, import.meta.url)), "utf8");
    const fresh = await generateKernelsModule();
    expect(committed === fresh, "src/kernels/wasm/kernels.generated.ts is stale: run build:wasm").toBe(true);
  }, 300_000);
});
