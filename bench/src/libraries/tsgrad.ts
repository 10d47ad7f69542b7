// tsgrad as its users call it: `tsgrad` Tensors and ops, `tg.nn` layers and losses, `tg.optim`'s SGD.
import * as tg from "tsgrad";
import { PEER_VARIANT, type BnData, type MatmulData, type MlpData, type WorkloadData, type WorkloadId, WORKLOADS } from "../workloads.js";
import type { Case, Library, Outputs } from "./library.js";

const f32 = (t: tg.Tensor): Float32Array => Float32Array.from(t.toTypedArray() as ArrayLike<number>);

/** A Tensor of `values` (float32, or int32 for an Int32Array) with `shape`; a leaf that records for gradients when asked. */
function fromValues(values: Float32Array | Int32Array, shape: readonly number[], requiresGrad = false): tg.Tensor {
  const t = tg.tensor(values).reshape(shape);
  t.requiresGrad = requiresGrad;
  return t;
}

/** The kernel tier that runs tsgrad's ops ("wasm-simd" or "js"). */
export function tsgradKernelTier(): string {
  return tg.kernelTier();
}

function bnCase(d: BnData, variant: string): Case {
  const bn = variant === "fused" ? tg.fusedBatchNorm : tg.batchNorm;
  const x = fromValues(d.x, d.shape, true);
  const gamma = fromValues(d.gamma, [d.channels], true);
  const beta = fromValues(d.beta, [d.channels], true);
  const dy = fromValues(d.dy, d.shape);
  let last: tg.Tensor[] = [];
  return {
    run() {
      const y = bn(x, gamma, beta, { eps: d.eps });
      const [dx, dgamma, dbeta] = tg.grad(y, [x, gamma, beta], { gradOutputs: [dy] });
      last = [y, dx!, dgamma!, dbeta!];
    },
    async outputs(): Promise<Outputs> {
      const [y, dx, dgamma, dbeta] = last.map(f32);
      return { y: y!, dx: dx!, dgamma: dgamma!, dbeta: dbeta! };
    },
    dispose() {},
  };
}

function matmulCase(d: MatmulData): Case {
  const a = fromValues(d.a, [d.n, d.n]);
  const b = fromValues(d.b, [d.n, d.n]);
  let c: tg.Tensor | null = null;
  return {
    run() {
      c = a.matmul(b);
    },
    async outputs() {
      return { c: f32(c!) };
    },
    dispose() {},
  };
}

function mlpCase(d: MlpData, variant: string): Case {
  const layers: tg.nn.Module[] = [];
  const linears: tg.nn.Linear[] = [];
  const norms: tg.nn.BatchNorm1d[] = [];
  // The shared initial weights, loaded as a state dict (the BatchNorm layers keep their own initial state).
  const initial: Record<string, tg.Tensor> = {};
  const depth = d.sizes.length - 1;
  for (let i = 0; i < depth; i++) {
    const [fanIn, fanOut] = [d.sizes[i]!, d.sizes[i + 1]!];
    const linear = new tg.nn.Linear(fanIn, fanOut);
    initial[`${layers.length}.weight`] = fromValues(d.weights[i]!, [fanOut, fanIn]);
    initial[`${layers.length}.bias`] = fromValues(d.biases[i]!, [fanOut]);
    layers.push(linear);
    linears.push(linear);
    if (i + 1 < depth) {
      const norm = new tg.nn.BatchNorm1d(fanOut, { eps: d.eps, momentum: d.momentum, fused: variant === "fused" });
      norms.push(norm);
      layers.push(norm, d.activation === "relu" ? new tg.nn.ReLU() : new tg.nn.Sigmoid());
    }
  }
  const model = new tg.nn.Sequential(...layers);
  model.loadStateDict(initial, { strict: false });
  model.train();
  const optimizer = new tg.optim.SGD(model.parameters(), { lr: d.lr });
  const xs = d.batches.map((b) => fromValues(b.x, [d.batchSize, d.sizes[0]!]));
  const ys = d.batches.map((b) => tg.tensor(b.labels));
  let step = 0;
  let loss: tg.Tensor | null = null;
  return {
    run() {
      const k = step++ % xs.length;
      optimizer.zeroGrad();
      loss = tg.nn.crossEntropy(model.forward(xs[k]!), ys[k]!);
      loss.backward();
      optimizer.step();
    },
    async outputs() {
      const out: Outputs = { loss: f32(loss!) };
      linears.forEach((l, i) => {
        out[`w${i}`] = f32(l.weight);
        out[`b${i}`] = f32(l.bias!);
      });
      norms.forEach((n, i) => {
        out[`gamma${i}`] = f32(n.weight!);
        out[`beta${i}`] = f32(n.bias!);
        out[`runningMean${i}`] = f32(n.runningMean!);
        out[`runningVar${i}`] = f32(n.runningVar!);
      });
      return out;
    },
    dispose() {},
  };
}

/** tsgrad: `tsgrad` Tensors and ops (BN composed or fused, matmul), `tg.nn` layers and `tg.optim.SGD`. */
export function createTsgrad(): Library {
  return {
    name: "tsgrad",
    async info() {
      return { kernelTier: tsgradKernelTier(), relaxedSimd: tg.kernelFeatures().relaxedSimd };
    },
    variants(id: WorkloadId) {
      return WORKLOADS[id].tsgradVariants;
    },
    prepare(data: WorkloadData, variant: string) {
      if (variant === PEER_VARIANT) throw new Error("tsgrad: a variant is required");
      switch (data.kind) {
        case "bn":
          return bnCase(data, variant);
        case "matmul":
          return matmulCase(data);
        case "mlp":
          return mlpCase(data, variant);
      }
    },
  };
}
