import * as tg from "tsgrad";
import { PaperNet } from "./model.js";

/** Options of {@link lossSequence}. */
export interface LossSequenceOptions {
  /** The one seed everything random derives from. */
  seed: number;
  /** Training steps. */
  steps: number;
  /** Mini-batch size (default 20). */
  batchSize?: number;
  /** Size of the random dataset (default 200). */
  samples?: number;
}

/**
 * The training losses of a small run that touches every seeded source of randomness:
 * Gaussian initial weights, a random dataset, a shuffling DataLoader, Dropout, and
 * BatchNorm in training mode, with SGD and momentum. The same options give the same
 * losses, bit for bit, in any run and any process (see `docs/guarantees.md`).
 *
 * @param opts - the seed and the number of steps
 * @returns one loss per step
 */
export function lossSequence(opts: LossSequenceOptions): number[] {
  const batchSize = opts.batchSize ?? 20;
  const samples = opts.samples ?? 200;
  const generator = new tg.Generator(opts.seed);
  const net = new PaperNet({ batchNorm: true, initStd: 0.1, generator, hidden: [64, 64] });
  const dropout = new tg.nn.Dropout(0.2, { seed: opts.seed + 1 });
  const data = new tg.data.TensorDataset(tg.randn([samples, 784], { generator }), tg.randint(0, 10, [samples], { generator }));
  const loader = new tg.data.DataLoader(data, { batchSize, shuffle: true, seed: opts.seed + 2, dropLast: true });
  const optimizer = new tg.optim.SGD(net.parameters(), { lr: 0.05, momentum: 0.9 });
  const losses: number[] = [];
  while (losses.length < opts.steps) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = tg.nn.crossEntropy(net.forward(dropout.forward(x)), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
      if (losses.length === opts.steps) break;
    }
  }
  return losses;
}

/**
 * The bit patterns of numbers, as hex strings: equal exactly when the numbers are
 * bit-identical (so −0 ≠ 0, and NaNs compare by payload).
 *
 * @param xs - the numbers
 * @returns one 16-digit hex string per number
 */
export function bitPatterns(xs: readonly number[]): string[] {
  const bits = new BigUint64Array(Float64Array.from(xs).buffer);
  return Array.from(bits, (b) => b.toString(16).padStart(16, "0"));
}
