import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run on sources: workspace packages resolve to their src/ without a build.
    alias: [
      { find: /^@tsgrad\/example-([a-z-]+)\/([a-z-]+)$/, replacement: `${root}examples/$1/src/$2.ts` },
      // Each package's Node-only subpath `/node` is built from its src/fs.ts (package.json exports map it).
      { find: /^@tsgrad\/([a-z-]+)\/node$/, replacement: `${root}packages/$1/src/fs.ts` },
      { find: /^@tsgrad\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
      { find: /^@tsgrad\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
      { find: /^tsgrad\/node$/, replacement: `${root}packages/tsgrad/src/fs.ts` },
      { find: /^tsgrad$/, replacement: `${root}packages/tsgrad/src/index.ts` },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "bench/test/**/*.test.ts", "docs/test/**/*.test.ts", "tools/test/**/*.test.ts"],
    // fast-check: one seed (FC_SEED, default fixed) and 100 runs per property; printed once.
    setupFiles: ["./vitest.setup.ts"],
    globalSetup: ["./vitest.setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
