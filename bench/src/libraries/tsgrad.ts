import * as T from "@tsgrad/ndarray";
import { type Tensor, batchNorm, fusedBatchNorm, grad, tensor } from "@tsgrad/autograd";
import { BatchNorm1d, Linear, type Module, ReLU, SGD, Sequential, Sigmoid, crossEntropy } from "@tsgrad/nn";
import { PEER_VARIANT, type BnData, type MatmulData, type MlpData, type WorkloadData, type WorkloadId, WORKLOADS } from "../workloads.js";
import type { Case, Library, Outputs } from "./library.js";

const f32 = (t: T.NDArray): Float32Array => Float32Array.from(t.toTypedArray() as ArrayLike<number>);

/** The kernel tier of @tsgrad/ndarray, where the package reports one. */
export function tsgradKernelTier(): string {
  const mod = T as unknown as Record<string, unknown>;
  const fn = mod["kernelTier"];
  return typeof fn === "function" ? String((fn as () => unknown)()) : "typescript (no kernelTier())";
}

function bnCase(d: BnData, variant: string): Case {
  const bn = variant === "fused" ? fusedBatchNorm : batchNorm;
  const x = tensor(T.ndarray(d.x, { shape: d.shape }), { requiresGrad: true });
  const gamma = tensor(T.ndarray(d.gamma), { requiresGrad: true });
  const beta = tensor(T.ndarray(d.beta), { requiresGrad: true });
  const dy = T.ndarray(d.dy, { shape: d.shape });
  let last: Tensor[] = [];
  return {
    run() {
      const y = bn(x, gamma, beta, { eps: d.eps });
      const [dx, dgamma, dbeta] = grad(y, [x, gamma, beta], { gradOutputs: [dy] });
      last = [y, dx!, dgamma!, dbeta!];
    },
    async outputs(): Promise<Outputs> {
      const [y, dx, dgamma, dbeta] = last.map((v) => f32(v.data));
      return { y: y!, dx: dx!, dgamma: dgamma!, dbeta: dbeta! };
    },
    dispose() {},
  };
}

function matmulCase(d: MatmulData): Case {
  const a = T.ndarray(d.a, { shape: [d.n, d.n] });
  const b = T.ndarray(d.b, { shape: [d.n, d.n] });
  let c: T.NDArray | null = null;
  return {
    run() {
      c = T.matmul(a, b);
    },
    async outputs() {
      return { c: f32(c!) };
    },
    dispose() {},
  };
}

function mlpCase(d: MlpData, variant: string): Case {
  const layers: Module[] = [];
  const linears: Linear[] = [];
  const norms: BatchNorm1d[] = [];
  const depth = d.sizes.length - 1;
  for (let i = 0; i < depth; i++) {
    const [fanIn, fanOut] = [d.sizes[i]!, d.sizes[i + 1]!];
    const linear = new Linear(fanIn, fanOut);
    linear.weight.data = T.ndarray(d.weights[i]!, { shape: [fanOut, fanIn] });
    linear.bias!.data = T.ndarray(d.biases[i]!);
    layers.push(linear);
    linears.push(linear);
    if (i + 1 < depth) {
      const norm = new BatchNorm1d(fanOut, { eps: d.eps, momentum: d.momentum, fused: variant === "fused" });
      norms.push(norm);
      layers.push(norm, d.activation === "relu" ? new ReLU() : new Sigmoid());
    }
  }
  const model = new Sequential(...layers);
  model.train();
  const optimizer = new SGD(model.parameters(), { lr: d.lr });
  const xs = d.batches.map((b) => T.ndarray(b.x, { shape: [d.batchSize, d.sizes[0]!] }));
  const ys = d.batches.map((b) => T.ndarray(b.labels));
  let step = 0;
  let loss: Tensor | null = null;
  return {
    run() {
      const k = step++ % xs.length;
      optimizer.zeroGrad();
      loss = crossEntropy(model.forward(xs[k]!), ys[k]!);
      loss.backward();
      optimizer.step();
    },
    async outputs() {
      const out: Outputs = { loss: f32(loss!.data) };
      linears.forEach((l, i) => {
        out[`w${i}`] = f32(l.weight.data);
        out[`b${i}`] = f32(l.bias!.data);
      });
      norms.forEach((n, i) => {
        out[`gamma${i}`] = f32(n.weight!.data);
        out[`beta${i}`] = f32(n.bias!.data);
        out[`runningMean${i}`] = f32(n.runningMean!);
        out[`runningVar${i}`] = f32(n.runningVar!);
      });
      return out;
    },
    dispose() {},
  };
}

/** tsgrad: @tsgrad/ndarray kernels, @tsgrad/autograd BN, @tsgrad/nn layers and SGD. */
export function createTsgrad(): Library {
  return {
    name: "tsgrad",
    async info() {
      return { kernelTier: tsgradKernelTier(), relaxedSimd: T.kernelFeatures().relaxedSimd };
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
