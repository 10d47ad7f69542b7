// The example projects' nets built from their model.ts (imported by path: the examples are
// applications, not dependencies), exported and run in ONNX Runtime.
import * as tg from "./tg.js";
import { describe, it } from "vitest";
import { PaperNet } from "../../../examples/bn-paper-mnist/src/model.js";
import { Cnn } from "../../../examples/mnist-cnn/src/model.js";
import { Mlp } from "../../../examples/mnist-mlp/src/model.js";
import { checkAgainstOrt } from "./ort.js";

/** A few training-mode forwards, so the BatchNorm running statistics are not their initial values. */
function warmUp(model: tg.nn.Module, shape: number[]): void {
  model.train();
  tg.noGrad(() => {
    for (let i = 0; i < 3; i++) (model as unknown as { forward(x: tg.Tensor): tg.Tensor }).forward(tg.rand(shape, { seed: 100 + i }).mul(3).sub(1));
  });
  model.eval();
}

const images = (n: number, shape: number[], seed: number): tg.Tensor => tg.rand([n, ...shape], { seed });

describe("the example nets in ONNX Runtime", () => {
  it("examples/mnist-mlp: 784-256-256-10 with BatchNorm1d", async () => {
    const model = new Mlp(0);
    warmUp(model, [16, 784]);
    const e = await checkAgainstOrt(model, [images(2, [784], 1)], [[images(7, [784], 2)], [images(1, [784], 3)]]);
    console.log(`mnist-mlp: largest relative difference ${e.toExponential(2)}`);
  });

  it("examples/mnist-cnn: two Conv2d + BatchNorm2d + ReLU + MaxPool2d blocks and a classifier", async () => {
    const model = new Cnn(0);
    warmUp(model, [4, 1, 28, 28]);
    const e = await checkAgainstOrt(model, [images(2, [1, 28, 28], 1)], [[images(5, [1, 28, 28], 2)], [images(1, [1, 28, 28], 3)]]);
    console.log(`mnist-cnn: largest relative difference ${e.toExponential(2)}`);
  });

  it("examples/bn-paper-mnist: the paper's net with and without BatchNorm", async () => {
    for (const batchNorm of [false, true]) {
      const model = new PaperNet({ batchNorm, initStd: 0.1, generator: new tg.Generator(0) });
      warmUp(model, [16, 784]);
      const e = await checkAgainstOrt(model, [images(2, [784], 1)], [[images(9, [784], 2)], [images(1, [784], 3)]]);
      console.log(`bn-paper-mnist (batchNorm ${batchNorm}): largest relative difference ${e.toExponential(2)}`);
    }
  });
});
