import * as tg from "tsgrad";

/** Options of {@link PaperNet}. */
export interface PaperNetOptions {
  /** Insert BatchNorm1d after each hidden linear layer (before the sigmoid). */
  batchNorm: boolean;
  /** Standard deviation of the Gaussian initial weights ("small random Gaussian values"). */
  initStd: number;
  /** Generator for the initial weights (the same seed gives both nets the same weights). */
  generator: tg.Generator;
  /** Hidden layer sizes (the paper: three of 100). */
  hidden?: readonly number[];
}

/**
 * The network of section 4.1 of the BatchNorm paper: 784 → 100 → 100 → 100 → 10, sigmoid
 * hidden units, Gaussian initial weights, zero biases; optionally BatchNorm after each
 * hidden linear layer. `forward` also keeps the input of the last hidden layer's
 * sigmoids, whose distribution Figure 1(b, c) follows.
 */
export class PaperNet extends tg.nn.Module {
  readonly layers: tg.nn.ModuleList;
  readonly norms: tg.nn.ModuleList | null;
  readonly output: tg.nn.Linear;
  /** The input of the last hidden sigmoid layer from the latest `forward` (detached). */
  lastSigmoidInput: tg.Tensor | null = null;

  constructor(opts: PaperNetOptions) {
    super();
    const sizes = [784, ...(opts.hidden ?? [100, 100, 100])];
    const linears: tg.nn.Linear[] = [];
    for (let i = 0; i + 1 < sizes.length; i++) linears.push(gaussianLinear(sizes[i]!, sizes[i + 1]!, opts));
    this.layers = new tg.nn.ModuleList(linears);
    this.norms = opts.batchNorm ? new tg.nn.ModuleList(linears.map((l) => new tg.nn.BatchNorm1d(l.outFeatures))) : null;
    this.output = gaussianLinear(sizes[sizes.length - 1]!, 10, opts);
  }

  forward(x: tg.Tensor): tg.Tensor {
    let h = x;
    const n = this.layers.length;
    for (let i = 0; i < n; i++) {
      let z = (this.layers.at(i) as tg.nn.Linear).forward(h);
      if (this.norms) z = (this.norms.at(i) as tg.nn.BatchNorm1d).forward(z);
      if (i === n - 1) this.lastSigmoidInput = z.detach();
      h = z.sigmoid();
    }
    return this.output.forward(h);
  }
}

function gaussianLinear(inFeatures: number, outFeatures: number, opts: PaperNetOptions): tg.nn.Linear {
  const layer = new tg.nn.Linear(inFeatures, outFeatures, { generator: opts.generator });
  tg.nn.init.normal(layer.weight, 0, opts.initStd, { generator: opts.generator });
  tg.nn.init.zeros(layer.bias!);
  return layer;
}
