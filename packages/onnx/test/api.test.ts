// exportOnnx's contract besides numerics: typed errors naming the op and the module path (and no
// file written), options (names, dynamicBatch, opset), and a model left as it was found.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as T from "@tsgrad/ndarray";
import * as tg from "./tg.js";
import { saveOnnx } from "@tsgrad/onnx/node";
import { afterAll, describe, expect, it } from "vitest";
import { checkAgainstOrt, ortTensor, session } from "./ort.js";

const { exportOnnx, OnnxExportError } = tg.onnx;

class Fn extends tg.nn.Module {
  constructor(readonly f: (x: tg.Tensor) => tg.Tensor) {
    super();
  }
  forward(x: tg.Tensor): tg.Tensor {
    return this.f(x);
  }
}

/** Sequential(Linear, ReLU, Linear, Block) whose block's `attn` child runs `f`: the failing op sits at model.3.attn. */
function nested(f: (x: tg.Tensor) => tg.Tensor): tg.nn.Module {
  const block = new (class extends tg.nn.Module {
    attn = new Fn(f);
    forward(x: tg.Tensor): tg.Tensor {
      return this.attn.forward(x).add(x);
    }
  })();
  return new tg.nn.Sequential(new tg.nn.Linear(4, 8, { seed: 1 }), new tg.nn.ReLU(), new tg.nn.Linear(8, 16, { seed: 2 }), block);
}

function exportError(model: tg.nn.Module, x: tg.Tensor, options = {}): InstanceType<typeof OnnxExportError> {
  try {
    exportOnnx(model, x, options);
  } catch (e) {
    expect(e).toBeInstanceOf(OnnxExportError);
    return e as InstanceType<typeof OnnxExportError>;
  }
  throw new Error("expected an OnnxExportError");
}

const dir = mkdtempSync(join(tmpdir(), "tsgrad-onnx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an op without an ONNX form is a typed error naming the op and the module path", () => {
  const x = tg.randn([2, 4], { seed: 0 });

  it("functional max pooling", () => {
    const e = exportError(
      nested((h) => tg.maxPool2d(h.reshape([-1, 1, 4, 4]), { kernelSize: 1 }).reshape([-1, 16])),
      x,
    );
    expect(e.opName).toBe("maxPool2d");
    expect(e.modulePath).toBe("model.3.attn");
    expect(e.message).toMatch(/^exportOnnx: op "maxPool2d" in model\.3\.attn: .*nn\.MaxPool2d/);
  });

  it("a custom op", () => {
    const cube = tg.customOp({ name: "cube", forward: (v) => T.mul(T.mul(v, v), v), vjp: (g) => [g] });
    const e = exportError(nested((h) => cube(h)), x);
    expect([e.opName, e.modulePath]).toEqual(["cube", "model.3.attn"]);
    expect(e.message).toContain('op "cube" has no ONNX mapping');
  });

  it("a value computed outside the graph (functional softplus' correction term) or a number that follows the batch", () => {
    const soft = exportError(nested((h) => tg.softplus(h)), x);
    expect(soft.modulePath).toBe("model.3.attn");
    expect(soft.message).toMatch(/outside the graph/);
    const count = exportError(
      nested((h) => h.sum(0, { keepdims: true }).div(h.shape[0]!)),
      x,
    );
    expect([count.opName, count.modulePath]).toEqual(["div", "model.3.attn"]);
  });

  it("control flow on the batch size", () => {
    const e = exportError(new Fn((h) => (h.shape[0]! > 2 ? h.relu() : h.neg())), x);
    expect(e.message).toMatch(/another graph for another batch size.*dynamicBatch: false/);
    expect(() => exportOnnx(new Fn((h) => (h.shape[0]! > 2 ? h.relu() : h.neg())), x, { dynamicBatch: false })).not.toThrow();
  });

  it("saveOnnx writes nothing when the export fails, and the model file when it succeeds", async () => {
    const path = join(dir, "model.onnx");
    await expect(saveOnnx(path, nested((h) => tg.maxPool2d(h.reshape([-1, 1, 4, 4]), { kernelSize: 1 }).reshape([-1, 16])), x)).rejects.toBeInstanceOf(OnnxExportError);
    expect(readdirSync(dir)).toEqual([]);
    const model = new tg.nn.Sequential(new tg.nn.Linear(4, 3, { seed: 0 }), new tg.nn.Softmax(1));
    const size = await saveOnnx(path, model, x);
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir)).toEqual(["model.onnx"]);
    const s = await session(new Uint8Array(await import("node:fs").then((fs) => fs.readFileSync(path))));
    expect(size).toBeGreaterThan(0);
    await s.release();
  });

  it("saveOnnx refuses a path that is not a non-empty string, and names the user's path when it cannot write", async () => {
    const model = new tg.nn.Linear(4, 3, { seed: 0 });
    for (const bad of [null, {}, "", 3n, Symbol("p")]) {
      const e = await saveOnnx(bad as never, model, x).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(T.ValueError);
      expect((e as Error).message).toMatch(/^saveOnnx: path must be a non-empty string, got /);
    }
    const path = join(dir, "no-such-dir", "model.onnx");
    const e = await saveOnnx(path, model, x).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(T.ValueError);
    expect((e as Error).message).toBe(`saveOnnx: cannot write ${JSON.stringify(path)}: no such file or directory (ENOENT)`);
    expect(e).toMatchObject({ code: "ENOENT", cause: { code: "ENOENT" } });
  });
});

describe("options", () => {
  const model = (): tg.nn.Module => new tg.nn.Sequential(new tg.nn.Conv2d(2, 3, 3, { padding: 1, seed: 0 }), new tg.nn.BatchNorm2d(3), new tg.nn.GELU(), new tg.nn.AvgPool2d(2, { ceilMode: true }), new tg.nn.Flatten(), new tg.nn.LayerNorm(12));
  const x = (b: number): tg.Tensor => tg.randn([b, 2, 4, 3], { seed: b });

  it("opset 17 to 22 all load and match", async () => {
    for (let opset = 17; opset <= 22; opset++) await checkAgainstOrt(model(), [x(2)], [[x(3)]], { opset });
  });

  it("refuses other opsets, names of the wrong count and a non-Module", () => {
    for (const opset of [16, 23, 17.5]) expect(() => exportOnnx(model(), x(1), { opset })).toThrow(/opset must be an integer from 17 to 22/);
    expect(() => exportOnnx(model(), x(1), { inputNames: ["a", "b"] })).toThrow(/inputNames must be 1 non-empty string/);
    expect(() => exportOnnx(model(), x(1), { outputNames: ["y", "y"] })).toThrow(/outputNames must be 1 non-empty string/);
    expect(() => exportOnnx({} as tg.nn.Module, x(1))).toThrow(/model must be a Module/);
  });

  it("refuses input and output names that clash or repeat, a non-boolean dynamicBatch, and BigInt/Symbol values, naming exportOnnx", () => {
    const one = new Fn((h) => h.relu());
    const add = new (class extends tg.nn.Module {
      forward(a: tg.Tensor, b: tg.Tensor): tg.Tensor {
        return a.add(b);
      }
    })();
    const pair = [x(1), x(1)];
    const cases: [tg.Tensor | tg.Tensor[], Record<string, unknown>, RegExp][] = [
      [x(1), { inputNames: ["x"], outputNames: ["x"] }, /^exportOnnx: inputNames and outputNames must not share a name, got "x" in both/],
      [x(1), { inputNames: ["output"] }, /^exportOnnx: inputNames and outputNames must not share a name, got "output" in both/],
      [x(1), { outputNames: ["input"] }, /^exportOnnx: inputNames and outputNames must not share a name, got "input" in both/],
      [pair, { inputNames: ["a", "a"] }, /^exportOnnx: inputNames must be distinct, got \["a", "a"\]$/],
      [x(1), { inputNames: [3n] }, /^exportOnnx: inputNames must be 1 non-empty string, got \[3n \(a BigInt\)\]$/],
      [x(1), { outputNames: [Symbol("y")] }, /^exportOnnx: outputNames must be 1 non-empty string, got \[Symbol\(y\)\]$/],
      [x(1), { opset: 17n }, /^exportOnnx: opset must be an integer from 17 to 22, got 17n/],
    ];
    for (const dynamicBatch of [null, "no", 1, 0n]) cases.push([x(1), { dynamicBatch }, /^exportOnnx: options: invalid dynamicBatch /]);
    for (const [input, opts, message] of cases) {
      const run = (): unknown => exportOnnx(Array.isArray(input) ? add : one, input, opts);
      expect(run).toThrow(T.ValueError);
      expect(run).toThrow(message);
    }
  });

  it("dynamicBatch (default) leaves the batch free; false fixes it to the example's", async () => {
    const m = model();
    const free = await session(exportOnnx(m, x(2)));
    for (const b of [1, 2, 5]) expect((await free.run({ input: ortTensor(x(b)) })).output!.dims).toEqual([b, 12]);
    await free.release();
    const fixed = await session(exportOnnx(m, x(2), { dynamicBatch: false }));
    expect((await fixed.run({ input: ortTensor(x(2)) })).output!.dims).toEqual([2, 12]);
    await expect(fixed.run({ input: ortTensor(x(3)) })).rejects.toThrow(/dimension|Got invalid dimensions/i);
    await fixed.release();
  });

  it("leaves the model as it was: training modes, requiresGrad flags, forward methods, the global generator", () => {
    const m = model();
    m.train();
    const frozen = m.parameters()[0]!;
    frozen.requiresGrad = false;
    tg.manualSeed(7);
    const expected = tg.rand([3]).toArray();
    tg.manualSeed(7);
    const forwards = m.modules().map((c) => Object.getOwnPropertyDescriptor(c, "forward"));
    exportOnnx(m, x(2));
    expect(tg.rand([3]).toArray()).toEqual(expected);
    expect(m.modules().every((c) => c.training)).toBe(true);
    expect(frozen.requiresGrad).toBe(false);
    expect(m.parameters().slice(1).every((p) => p.requiresGrad)).toBe(true);
    expect(m.namedBuffers().every(([, b]) => !b.requiresGrad)).toBe(true);
    // Each module's own forward (the one Module installs to name its errors) is the one it had.
    expect(m.modules().map((c) => Object.getOwnPropertyDescriptor(c, "forward"))).toEqual(forwards);
  });
});
