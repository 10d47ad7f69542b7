import type { NDArray } from "@tsgrad/ndarray";
import type { Tensor } from "@tsgrad/autograd";
import { BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential } from "@tsgrad/nn";

/** Two Conv2d(3×3) + BatchNorm2d + ReLU + MaxPool2d(2) blocks (32 and 64 channels), then 3136 → 128 → 10. */
export class Cnn extends Module {
  readonly features: Sequential;
  readonly classifier: Sequential;

  constructor(seed: number) {
    super();
    this.features = new Sequential(
      new Conv2d(1, 32, 3, { padding: 1, bias: false, seed }),
      new BatchNorm2d(32),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(32, 64, 3, { padding: 1, bias: false, seed: seed + 1 }),
      new BatchNorm2d(64),
      new ReLU(),
      new MaxPool2d(2),
    );
    this.classifier = new Sequential(new Flatten(), new Linear(64 * 7 * 7, 128, { seed: seed + 2 }), new ReLU(), new Linear(128, 10, { seed: seed + 3 }));
  }

  forward(x: NDArray | Tensor): Tensor {
    return this.classifier.forward(this.features.forward(x)) as Tensor;
  }
}
