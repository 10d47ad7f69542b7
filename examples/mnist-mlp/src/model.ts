import type { NDArray } from "@tsgrad/ndarray";
import type { Tensor } from "@tsgrad/autograd";
import { BatchNorm1d, Linear, Module, ReLU, Sequential } from "@tsgrad/nn";

/** 784-256-256-10 with BatchNorm1d and ReLU after each hidden linear layer. */
export class Mlp extends Module {
  readonly net: Sequential;

  constructor(seed: number) {
    super();
    this.net = new Sequential(
      new Linear(784, 256, { seed, bias: false }),
      new BatchNorm1d(256),
      new ReLU(),
      new Linear(256, 256, { seed: seed + 1, bias: false }),
      new BatchNorm1d(256),
      new ReLU(),
      new Linear(256, 10, { seed: seed + 2 }),
    );
  }

  forward(x: NDArray | Tensor): Tensor {
    return this.net.forward(x) as Tensor;
  }
}
