import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Tensor, tensor } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { Linear, SafetensorsError, saveSafetensors } from "@tsgrad/nn";
import { loadSafetensorsFile, loadSafetensorsFileWithMetadata, saveSafetensorsFile } from "@tsgrad/nn/node";
import { useTempDir } from "../../data/test/temp-dir.js";

const dir = useTempDir("tsgrad-nn-");

describe("safetensors files (Node)", () => {
  it("writes the same bytes as saveSafetensors and reads them back", async () => {
    const path = join(dir(), "model.safetensors");
    const model = new Linear(3, 2, { seed: 1 });
    await saveSafetensorsFile(path, model.stateDict(), { epoch: "3" });
    expect(new Uint8Array(await readFile(path))).toEqual(saveSafetensors(model.stateDict(), { epoch: "3" }));
    const { tensors, metadata } = await loadSafetensorsFileWithMetadata(path);
    expect(metadata).toEqual({ epoch: "3" });
    const copy = new Linear(3, 2, { seed: 2 });
    copy.loadStateDict(await loadSafetensorsFile(path));
    expect(copy.weight.toArray()).toEqual(model.weight.toArray());
    expect(Object.keys(tensors).sort()).toEqual(["bias", "weight"]);
    expect(tensors.weight).toBeInstanceOf(Tensor);
    expect(tensors.weight!.requiresGrad).toBe(false);
    expect((await readdir(dir())).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("replaces an existing file whole", async () => {
    const path = join(dir(), "replace.safetensors");
    await saveSafetensorsFile(path, { a: tensor([1, 2, 3, 4, 5, 6, 7, 8]) });
    await saveSafetensorsFile(path, { b: tensor([1]) });
    expect(Object.keys(await loadSafetensorsFile(path))).toEqual(["b"]);
  });

  it("reports a corrupt file as a SafetensorsError, and leaves no file behind when the input is bad", async () => {
    const bad = join(dir(), "bad.safetensors");
    await writeFile(bad, new Uint8Array([1, 2, 3]));
    await expect(loadSafetensorsFile(bad)).rejects.toBeInstanceOf(SafetensorsError);
    const target = join(dir(), "never.safetensors");
    await expect(saveSafetensorsFile(target, { x: 3 as never })).rejects.toBeInstanceOf(SafetensorsError);
    expect(await readdir(dir())).not.toContain("never.safetensors");
    await expect(loadSafetensorsFile(join(dir(), "missing.safetensors"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("turns file-system errors into ValueErrors naming the call and the user's path (Node's error kept as cause)", async () => {
    const missing = join(dir(), "missing.safetensors");
    const folder = join(dir(), "a-folder");
    await mkdir(folder);
    const intoMissing = join(dir(), "no-such-dir", "model.safetensors");
    const cases: [() => Promise<unknown>, string, string, string][] = [
      [() => loadSafetensorsFile(missing), "loadSafetensorsFile", missing, "ENOENT"],
      [() => loadSafetensorsFileWithMetadata(missing), "loadSafetensorsFileWithMetadata", missing, "ENOENT"],
      [() => loadSafetensorsFile(folder), "loadSafetensorsFile", folder, "EISDIR"],
      [() => saveSafetensorsFile(intoMissing, { a: tensor([1]) }), "saveSafetensorsFile", intoMissing, "ENOENT"],
    ];
    for (const [call, op, path, code] of cases) {
      const e = await call().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(ValueError);
      expect((e as Error).message.startsWith(`${op}: cannot ${op.startsWith("save") ? "write" : "read"} ${JSON.stringify(path)}: `)).toBe(true);
      expect((e as Error).message).not.toMatch(/\.tmp/);
      expect(e).toMatchObject({ code, details: { path, code }, cause: { code } });
    }
    expect(await readdir(join(dir()))).not.toContain("no-such-dir");
  });
});
