// The LSTM classifier: MNIST read row by row (28 steps of 28 pixels), an LSTM with 128 hidden
// units, and a linear layer on the last step's output. Kept apart from the training loop and CLI.
import * as tg from "tsgrad";

/** Rows of an MNIST image: the time steps the LSTM reads. */
export const ROWS = 28;
/** Pixels of one row: the features of each time step. */
export const COLS = 28;

/**
 * An `LSTM(28, hidden)` over the 28 rows of each image (batch first), then `Linear(hidden, 10)`
 * on the output of the last step.
 */
export class LstmClassifier extends tg.nn.Module {
  readonly lstm: tg.nn.LSTM;
  readonly head: tg.nn.Linear;
  readonly hiddenSize: number;

  /**
   * @param seed - seed of the initial weights
   * @param hiddenSize - hidden units of the LSTM (default 128)
   */
  constructor(seed: number, hiddenSize = 128) {
    super();
    this.hiddenSize = hiddenSize;
    this.lstm = new tg.nn.LSTM(COLS, hiddenSize, { batchFirst: true, seed });
    this.head = new tg.nn.Linear(hiddenSize, 10, { seed: seed + 1 });
  }

  /**
   * @param x - images, `(N, 784)` or `(N, 1, 28, 28)`
   * @returns logits `(N, 10)`
   */
  forward(x: tg.Tensor): tg.Tensor {
    const n = x.shape[0]!;
    const [output] = this.lstm.forward(x.reshape([n, ROWS, COLS])); // (N, 28 steps, hidden)
    const last = output.slice([null, ROWS - 1]).reshape([n, this.hiddenSize]);
    return this.head.forward(last);
  }
}
