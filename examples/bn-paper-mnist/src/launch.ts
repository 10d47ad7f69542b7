// `pnpm run start`: runs main.js with WebAssembly relaxed SIMD on, passing --experimental-wasm-relaxed-simd
// only where Node needs it (Node 20); separate from main.js because the flag must be set before Node starts.

// Node 20 validates relaxed SIMD only behind the flag, so there main.js starts in a child Node with it;
// where relaxed SIMD is on already (Node ≥ 22) main.js runs in this process without it, because a
// later V8 may drop the flag and Node refuses a V8 flag it does not know.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A module using one relaxed-SIMD instruction (f32x4.relaxed_madd): does this Node validate it without the flag? */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
]);
const FLAG = "--experimental-wasm-relaxed-simd";

// lib.dom's WebAssembly types are not in scope here; Node has the global.
const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

if (wasm.validate(RELAXED_PROBE) || process.execArgv.includes(FLAG)) {
  await import("./main.js");
} else {
  const main = fileURLToPath(new URL("./main.js", import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, FLAG, main, ...process.argv.slice(2)], { stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
