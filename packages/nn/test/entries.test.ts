// The entry points of @tsgrad/nn: `@tsgrad/nn/modules` (what `tsgrad` re-exports as `tg.nn`)
// and `@tsgrad/nn/optim` (`tg.optim`) split the package index between them, values and types.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as index from "@tsgrad/nn";
import * as modules from "@tsgrad/nn/modules";
import * as optim from "@tsgrad/nn/optim";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** The exported names (values and types) of each entry file, as the type checker sees them. */
function exportedNames(files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram(
    files.map((f) => SRC + f),
    options,
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const f of files) {
    const source = program.getSourceFile(SRC + f);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (symbol === undefined) throw new Error(`cannot read the exports of ${f}`);
    out.set(
      f,
      checker
        .getExportsOfModule(symbol)
        .map((s) => s.name)
        .sort(),
    );
  }
  return out;
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe("the entries modules (tg.nn) and optim (tg.optim)", () => {
  it("together export every value of the package index, each from exactly one of them, as the same object", () => {
    const fromModules = Object.keys(modules);
    const fromOptim = Object.keys(optim);
    expect(fromModules.filter((k) => fromOptim.includes(k))).toEqual([]);
    expect(sorted([...fromModules, ...fromOptim])).toEqual(sorted(Object.keys(index)));
    const all = index as Record<string, unknown>;
    for (const k of fromModules) expect(all[k], k).toBe((modules as Record<string, unknown>)[k]);
    for (const k of fromOptim) expect(all[k], k).toBe((optim as Record<string, unknown>)[k]);
  });

  it("put modules, layers, losses, init and serialisation in modules, and optimizers, schedulers and clipping in optim", () => {
    for (const k of ["Module", "Parameter", "Linear", "BatchNorm1d", "Sequential", "crossEntropy", "mseLoss", "init", "saveSafetensors", "loadSafetensors", "toPyTorchKeys"]) {
      expect(Object.keys(modules), k).toContain(k);
    }
    for (const k of ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "clipGradNorm", "clipGradValue", "LRScheduler", "StepLR", "CosineAnnealingLR", "LinearLR", "SequentialLR"]) {
      expect(Object.keys(optim), k).toContain(k);
    }
  });

  it("together export every type and value of the package index, without overlap (checked by the compiler)", () => {
    const names = exportedNames(["index.ts", "modules.ts", "optim.ts"]);
    const [all, fromModules, fromOptim] = [names.get("index.ts")!, names.get("modules.ts")!, names.get("optim.ts")!];
    expect(fromModules.filter((k) => fromOptim.includes(k))).toEqual([]);
    expect(sorted([...fromModules, ...fromOptim])).toEqual(all);
    // Types are covered too, not only values.
    for (const t of ["StateDict", "BufferOptions", "Reduction", "SafetensorsContents"]) expect(fromModules, t).toContain(t);
    for (const t of ["OptimizerStateDict", "ParamState", "ParamStateData", "SGDOptions", "LRSchedulerStateDict"]) expect(fromOptim, t).toContain(t);
  }, 60_000);
});
