import type { Library, LibraryName } from "./library.js";

/** Loads one library (imported lazily, so each child process loads only its own). */
export async function loadLibrary(name: LibraryName): Promise<Library> {
  switch (name) {
    case "tsgrad":
      return (await import("./tsgrad.js")).createTsgrad();
    case "tfjs-cpu":
      return (await import("./tfjs.js")).createTfjs("cpu");
    case "tfjs-wasm":
      return (await import("./tfjs.js")).createTfjs("wasm");
    case "jax-js":
      return (await import("./jax.js")).createJax();
    case "torch":
      throw new Error("torch runs in a Python child process (startTorchPeer in torch.ts), not in a Node child");
  }
}
