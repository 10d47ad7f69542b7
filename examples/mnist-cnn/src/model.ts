import * as tg from "tsgrad";

/** Two Conv2d(3×3) + BatchNorm2d + ReLU + MaxPool2d(2) blocks (32 and 64 channels), then 3136 → 128 → 10. */
export class Cnn extends tg.nn.Module {
  readonly features: tg.nn.Sequential;
  readonly classifier: tg.nn.Sequential;

  constructor(seed: number) {
    super();
    this.features = new tg.nn.Sequential(
      new tg.nn.Conv2d(1, 32, 3, { padding: 1, bias: false, seed }),
      new tg.nn.BatchNorm2d(32),
      new tg.nn.ReLU(),
      new tg.nn.MaxPool2d(2),
      new tg.nn.Conv2d(32, 64, 3, { padding: 1, bias: false, seed: seed + 1 }),
      new tg.nn.BatchNorm2d(64),
      new tg.nn.ReLU(),
      new tg.nn.MaxPool2d(2),
    );
    this.classifier = new tg.nn.Sequential(
      new tg.nn.Flatten(),
      new tg.nn.Linear(64 * 7 * 7, 128, { seed: seed + 2 }),
      new tg.nn.ReLU(),
      new tg.nn.Linear(128, 10, { seed: seed + 3 }),
    );
  }

  forward(x: tg.Tensor): tg.Tensor {
    return this.classifier.forward(this.features.forward(x));
  }
}
