// Keys in dicts are data, never code paths: toPyTorchKeys/fromPyTorchKeys keep a "__proto__"
// key as a key (the result's prototype is untouched), and an optimizer state dict's state keys
// must be decimal parameter indices ("" and "0x1" are not 0 and 1).
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { tensor } from "@tsgrad/autograd";
import { ValueError } from "@tsgrad/ndarray";
import { Adam, SGD, fromPyTorchKeys, toPyTorchKeys } from "@tsgrad/nn";

describe("PyTorch key mapping with a __proto__ key", () => {
  for (const [name, f] of [["toPyTorchKeys", toPyTorchKeys], ["fromPyTorchKeys", (d: Record<string, number>) => fromPyTorchKeys(d)]] as const) {
    it(`${name} keeps it as an own key and leaves the prototype alone`, () => {
      const dict = JSON.parse('{"__proto__": 1, "layer.runningMean": 2, "running_var": 3}') as Record<string, number>;
      const out = f(dict);
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.keys(out)).toHaveLength(3);
      // toPyTorchKeys keeps "__proto__" as is; fromPyTorchKeys camel-cases it like any key ("_Proto__").
      const kept = name === "toPyTorchKeys" ? "__proto__" : "_Proto__";
      expect(Object.getOwnPropertyDescriptor(out, kept)!.value).toBe(1);
    });
  }
});

describe("optimizer state dict keys", () => {
  test.prop([fc.constantFrom("", "0x0", "0x1", " 0", "0.0", "-0", "1e0", "00", "+1", "0b1", "1 ")])("a non-decimal state key is refused, not read as Number(key)", (key) => {
    const p = tensor([1, 2], { requiresGrad: true });
    const q = tensor([3], { requiresGrad: true });
    const opt = new SGD([p, q], { lr: 0.1, momentum: 0.9 });
    p.grad = tensor([1, 1]);
    q.grad = tensor([1]);
    opt.step();
    const sd = opt.stateDict();
    const entry = sd.state["0"]!;
    const bad = { ...sd, state: { [key]: entry } };
    const fresh = new SGD([p, q], { lr: 0.1, momentum: 0.9 });
    expect(() => fresh.loadStateDict(bad)).toThrow(ValueError);
    expect(() => fresh.loadStateDict(bad)).toThrow(/SGD\.loadStateDict: state key .* is not a parameter index/);
    expect(fresh.state.size).toBe(0);
    fresh.loadStateDict(sd);
    expect(fresh.state.size).toBe(2);
  });
  it("decimal keys load", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1 });
    p.grad = tensor([1, 1]);
    opt.step();
    const fresh = new Adam([p], { lr: 0.1 });
    fresh.loadStateDict(opt.stateDict());
    expect(fresh.state.get(p)!["step"]).toBe(1);
  });
});
