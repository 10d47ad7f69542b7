import * as tg from "tsgrad";

/** 784-256-256-10 with BatchNorm1d and ReLU after each hidden linear layer. */
export class Mlp extends tg.nn.Module {
  readonly net: tg.nn.Sequential;

  constructor(seed: number) {
    super();
    this.net = new tg.nn.Sequential(
      new tg.nn.Linear(784, 256, { seed, bias: false }),
      new tg.nn.BatchNorm1d(256),
      new tg.nn.ReLU(),
      new tg.nn.Linear(256, 256, { seed: seed + 1, bias: false }),
      new tg.nn.BatchNorm1d(256),
      new tg.nn.ReLU(),
      new tg.nn.Linear(256, 10, { seed: seed + 2 }),
    );
  }

  forward(x: tg.Tensor): tg.Tensor {
    return this.net.forward(x);
  }
}
