import { describe, expect, it } from "vitest";
import { mseLoss } from "@tsgrad/nn";
import { Linear, Sequential, Sigmoid, Tanh, loadSafetensors, saveSafetensors } from "@tsgrad/nn";
import * as T from "@tsgrad/ndarray";
import { noGrad, tensor } from "@tsgrad/autograd";

const X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const Y = tensor([[0], [1], [1], [0]]);

function makeModel(seed: number): Sequential {
  return new Sequential(new Linear(2, 8, { seed }), new Tanh(), new Linear(8, 1, { seed: seed + 1 }), new Sigmoid());
}

describe("integration: an MLP learns XOR", () => {
  it("reaches 100% training accuracy with gradient descent, and a saved copy reproduces it bit for bit", () => {
    const model = makeModel(0);
    const lr = 2;
    let loss = Infinity;
    for (let step = 0; step < 2000 && loss > 0.01; step++) {
      model.zeroGrad();
      const l = mseLoss(model.forward(X), Y);
      l.backward();
      loss = l.item();
      // Plain gradient descent, written out: p ← p − lr · ∇p.
      noGrad(() => {
        for (const p of model.parameters()) p.data = T.sub(p.data, T.mul(p.grad!.data, lr));
      });
    }
    const out = model.eval().forward(X);
    const predictions = (out.toArray() as number[][]).map(([p]) => (p! > 0.5 ? 1 : 0));
    expect(predictions).toEqual([0, 1, 1, 0]);
    expect(loss).toBeLessThan(0.05);

    const restored = makeModel(100);
    restored.loadStateDict(loadSafetensors(saveSafetensors(model.stateDict())));
    const a = model.forward(X).toTypedArray();
    const b = restored.eval().forward(X).toTypedArray();
    expect(Array.from(new Uint8Array(b.buffer))).toEqual(Array.from(new Uint8Array(a.buffer)));
  });
});
