import { describe, expect, it } from "vitest";
import { zeros } from "@tsgrad/autograd";
import { BatchNorm1d, Linear, Sequential, fromPyTorchKeys, loadSafetensors, saveSafetensors, toPyTorchKeys } from "@tsgrad/nn";

describe("PyTorch state-dict names", () => {
  it("maps a model's keys to PyTorch's and back", () => {
    const model = new Sequential(new Linear(4, 3, { seed: 0 }), new BatchNorm1d(3));
    const sd = model.stateDict();
    const torchSd = toPyTorchKeys(sd);
    expect(Object.keys(torchSd)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"]);
    expect(torchSd["1.running_var"]).toBe(sd["1.runningVar"]);
    const back = fromPyTorchKeys(loadSafetensors(saveSafetensors(torchSd)));
    expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort());
    const fresh = new Sequential(new Linear(4, 3, { seed: 1 }), new BatchNorm1d(3));
    fresh.loadStateDict(back);
    expect(fresh.stateDict()["0.weight"]!.toArray()).toEqual(sd["0.weight"]!.toArray());
  });

  it("refuses keys that would collide", () => {
    expect(() => toPyTorchKeys({ running_mean: zeros([1]), runningMean: zeros([1]) })).toThrow(/toPyTorchKeys: keys "running_mean" and "runningMean" both become "running_mean"/);
  });
});
