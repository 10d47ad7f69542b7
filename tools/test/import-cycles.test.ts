// No import cycles among the project's sources (runtime imports; `import type` is erased).
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { SOURCE_DIRS, findCycles, runtimeImports } from "../import-cycles.mjs";

describe("import cycles", () => {
  it("there are none among packages, examples and the bench", () => {
    const cycles = findCycles(SOURCE_DIRS) as string[][];
    expect(cycles.map((c) => c.join(" -> "))).toEqual([]);
  });

  it("the scanner sees runtime imports and skips type-only ones", () => {
    const text = [
      'import { a, type B } from "./a.js";',
      'import type { C } from "./c.js";',
      'import { type D } from "./d.js";',
      'export { e } from "./e.js";',
      'export type { F } from "./f.js";',
      'import * as g from "@tsgrad/ndarray";',
    ].join("\n");
    expect(runtimeImports(text)).toEqual(["./a.js", "./e.js", "@tsgrad/ndarray"]);
  });

  it("finds a cycle it is shown", () => {
    expect(findCycles([new URL("./fixtures/cycle", import.meta.url).pathname]).length).toBe(1);
  });
});
