// Run by determinism.test.ts in a fresh Node process: loads src/loss-sequence.ts through
// Vite (as vitest does, same aliases) and prints the loss sequence's bit patterns as JSON.
// Usage: node loss-sequence-child.mjs <seed> <steps>
import { fileURLToPath } from "node:url";
import { createViteServer } from "vitest/node";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const [seed, steps] = process.argv.slice(2).map(Number);
const server = await createViteServer({
  configFile: `${root}vitest.config.ts`,
  root,
  logLevel: "error",
  appType: "custom",
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  const { lossSequence, bitPatterns } = await server.ssrLoadModule(fileURLToPath(new URL("../src/loss-sequence.ts", import.meta.url)));
  process.stdout.write(`${JSON.stringify(bitPatterns(lossSequence({ seed, steps })))}\n`);
} finally {
  await server.close();
}
