import { type NDArray, Generator } from "@tsgrad/ndarray";
import { type Tensor, sigmoid } from "@tsgrad/autograd";
import { BatchNorm1d, Linear, Module, ModuleList, init } from "@tsgrad/nn";

/** Options of {@link PaperNet}. */
export interface PaperNetOptions {
  /** Insert BatchNorm1d after each hidden linear layer (before the sigmoid). */
  batchNorm: boolean;
  /** Standard deviation of the Gaussian initial weights ("small random Gaussian values"). */
  initStd: number;
  /** Generator for the initial weights (the same seed gives both nets the same weights). */
  generator: Generator;
  /** Hidden layer sizes (the paper: three of 100). */
  hidden?: readonly number[];
}

/**
 * The network of section 4.1 of the BatchNorm paper: 784 → 100 → 100 → 100 → 10, sigmoid
 * hidden units, Gaussian initial weights, zero biases; optionally BatchNorm after each
 * hidden linear layer. `forward` also keeps the input of the last hidden layer's
 * sigmoids, whose distribution Figure 1(b, c) follows.
 */
export class PaperNet extends Module {
  readonly layers: ModuleList;
  readonly norms: ModuleList | null;
  readonly output: Linear;
  /** The input of the last hidden sigmoid layer from the latest `forward` (detached). */
  lastSigmoidInput: NDArray | null = null;

  constructor(opts: PaperNetOptions) {
    super();
    const sizes = [784, ...(opts.hidden ?? [100, 100, 100])];
    const linears: Linear[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) linears.push(gaussianLinear(sizes[i]!, sizes[i + 1]!, opts));
    this.layers = new ModuleList(linears);
    this.norms = opts.batchNorm ? new ModuleList(linears.map((l) => new BatchNorm1d(l.outFeatures))) : null;
    this.output = gaussianLinear(sizes[sizes.length - 1]!, 10, opts);
  }

  forward(x: Tensor | NDArray): Tensor {
    let h = x;
    const n = this.layers.length;
    for (let i = 0; i < n; i++) {
      let z = (this.layers.at(i) as Linear).forward(h);
      if (this.norms) z = (this.norms.at(i) as BatchNorm1d).forward(z);
      if (i === n - 1) this.lastSigmoidInput = z.data;
      h = sigmoid(z);
    }
    return this.output.forward(h);
  }
}

function gaussianLinear(inFeatures: number, outFeatures: number, opts: PaperNetOptions): Linear {
  const layer = new Linear(inFeatures, outFeatures, { generator: opts.generator });
  init.normal(layer.weight, 0, opts.initStd, { generator: opts.generator });
  init.zeros(layer.bias!);
  return layer;
}
