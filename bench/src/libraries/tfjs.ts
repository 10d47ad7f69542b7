import path from "node:path";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import type { BnData, MatmulData, MlpData } from "../workloads.js";
import { type Case, type Library, type Outputs, oneHotRows, packageVersion, peerWorkloads, transposeMatrix } from "./library.js";

/** The two TensorFlow.js backends measured (no tfjs-node: it is native code, not a JS/WASM peer). */
export type TfjsBackend = "cpu" | "wasm";

const f32 = async (t: tf.Tensor): Promise<Float32Array> => Float32Array.from(await t.data());

/**
 * BatchNorm forward in TensorFlow.js. 2-D: `tf.moments` + `tf.batchNorm` (its fused
 * kernel; it normalises the last axis, the feature axis of `(N, D)`). 4-D NCHW:
 * `tf.moments` with `keepDims` over N, H, W and elementwise ops — no transposes
 * (tf.batchNorm would need NHWC).
 */
function bnForward(d: BnData, x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  if (d.shape.length === 2) {
    const { mean, variance } = tf.moments(x, 0);
    return tf.batchNorm(x, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, d.eps);
  }
  const kept = d.shape.map((s, i) => (d.axes.includes(i) ? 1 : s));
  const { mean, variance } = tf.moments(x, d.axes, true);
  const xHat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, d.eps)));
  return tf.add(tf.mul(xHat, tf.reshape(gamma, kept)), tf.reshape(beta, kept));
}

function bnCase(d: BnData): Case {
  const x = tf.tensor(d.x, d.shape);
  const gamma = tf.tensor1d(d.gamma);
  const beta = tf.tensor1d(d.beta);
  const dy = tf.tensor(d.dy, d.shape);
  const fwdBwd = tf.valueAndGrads((xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => bnForward(d, xv, g, b));
  let last: tf.Tensor[] = [];
  return {
    run() {
      tf.dispose(last);
      const { value, grads } = fwdBwd([x, gamma, beta], dy);
      last = [value, ...grads];
    },
    async outputs() {
      const [y, dx, dgamma, dbeta] = await Promise.all(last.map(f32));
      return { y: y!, dx: dx!, dgamma: dgamma!, dbeta: dbeta! };
    },
    dispose() {
      tf.dispose([...last, x, gamma, beta, dy]);
    },
  };
}

function matmulCase(d: MatmulData): Case {
  const a = tf.tensor2d(d.a, [d.n, d.n]);
  const b = tf.tensor2d(d.b, [d.n, d.n]);
  let c: tf.Tensor | null = null;
  return {
    run() {
      c?.dispose();
      c = tf.matMul(a, b);
    },
    async outputs() {
      return { c: await f32(c!) };
    },
    dispose() {
      tf.dispose([a, b, ...(c ? [c] : [])]);
    },
  };
}

/**
 * The MLP as a TensorFlow.js user writes it by hand: `tf.fused.matMul` with bias (what
 * `tf.layers.dense` runs), `tf.moments` + `tf.batchNorm`, `tf.losses.softmaxCrossEntropy`,
 * `tf.train.sgd(lr).minimize`; running statistics updated after the step like
 * BatchNorm1d's (momentum, unbiased variance). Kernels stored `(in, out)`, Keras's layout.
 */
function mlpCase(d: MlpData): Case {
  const depth = d.sizes.length - 1;
  const classes = d.sizes[depth]!;
  const n = d.batchSize;
  const w: tf.Variable[] = [];
  const b: tf.Variable[] = [];
  const gamma: tf.Variable[] = [];
  const beta: tf.Variable[] = [];
  const runningMean: tf.Variable[] = [];
  const runningVar: tf.Variable[] = [];
  // A variable copies its initial value: the tensor itself is freed right away.
  const variable = (init: tf.Tensor, trainable = true): tf.Variable => {
    const v = tf.variable(init, trainable);
    init.dispose();
    return v;
  };
  for (let i = 0; i < depth; i++) {
    const [fanIn, fanOut] = [d.sizes[i]!, d.sizes[i + 1]!];
    w.push(variable(tf.tensor2d(transposeMatrix(d.weights[i]!, fanOut, fanIn), [fanIn, fanOut])));
    b.push(variable(tf.tensor1d(d.biases[i]!)));
    if (i + 1 < depth) {
      gamma.push(variable(tf.ones([fanOut])));
      beta.push(variable(tf.zeros([fanOut])));
      runningMean.push(variable(tf.zeros([fanOut]), false));
      runningVar.push(variable(tf.ones([fanOut]), false));
    }
  }
  const trainable = [...w, ...b, ...gamma, ...beta];
  const optimizer = tf.train.sgd(d.lr);
  const xs = d.batches.map((bt) => tf.tensor2d(bt.x, [n, d.sizes[0]!]));
  const ys = d.batches.map((bt) => tf.tensor2d(oneHotRows(bt.labels, classes), [n, classes]));
  let step = 0;
  let loss: tf.Scalar | null = null;
  return {
    run() {
      const k = step++ % xs.length;
      const stats: { mean: tf.Tensor; variance: tf.Tensor }[] = [];
      loss?.dispose();
      loss = optimizer.minimize(
        () => {
          let h: tf.Tensor = xs[k]!;
          for (let i = 0; i < depth; i++) {
            h = tf.fused.matMul({ a: h as tf.Tensor2D, b: w[i]!, bias: b[i]! });
            if (i + 1 < depth) {
              const { mean, variance } = tf.moments(h, 0);
              stats.push({ mean: tf.keep(mean), variance: tf.keep(variance) });
              h = tf.batchNorm(h, mean, variance, beta[i]!, gamma[i]!, d.eps);
              h = d.activation === "relu" ? tf.relu(h) : tf.sigmoid(h);
            }
          }
          return tf.losses.softmaxCrossEntropy(ys[k]!, h) as tf.Scalar;
        },
        true,
        trainable,
      );
      tf.tidy(() => {
        stats.forEach((s, i) => {
          const m = d.momentum;
          runningMean[i]!.assign(tf.add(tf.mul(runningMean[i]!, 1 - m), tf.mul(s.mean, m)));
          runningVar[i]!.assign(tf.add(tf.mul(runningVar[i]!, 1 - m), tf.mul(s.variance, (m * n) / (n - 1))));
        });
      });
      tf.dispose(stats.flatMap((s) => [s.mean, s.variance]));
    },
    async outputs() {
      const out: Outputs = { loss: await f32(loss!) };
      for (let i = 0; i < depth; i++) {
        const [fanIn, fanOut] = [d.sizes[i]!, d.sizes[i + 1]!];
        out[`w${i}`] = transposeMatrix(await f32(w[i]!), fanIn, fanOut);
        out[`b${i}`] = await f32(b[i]!);
      }
      for (let i = 0; i + 1 < depth; i++) {
        out[`gamma${i}`] = await f32(gamma[i]!);
        out[`beta${i}`] = await f32(beta[i]!);
        out[`runningMean${i}`] = await f32(runningMean[i]!);
        out[`runningVar${i}`] = await f32(runningVar[i]!);
      }
      return out;
    },
    dispose() {
      tf.dispose([...trainable, ...runningMean, ...runningVar, ...xs, ...ys, ...(loss ? [loss] : [])]);
      optimizer.dispose();
    },
  };
}

/** TensorFlow.js 4.22 (the umbrella package, which registers the gradients) on its cpu or wasm backend, one thread. */
export async function createTfjs(backend: TfjsBackend): Promise<Library> {
  if (backend === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // The .wasm binaries ship in the package's dist/; threads cannot start under Node (blob: workers).
    const entry = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(path.dirname(entry) + path.sep);
    wasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} failed to initialise`);
  await tf.ready();
  return {
    name: backend === "cpu" ? "tfjs-cpu" : "tfjs-wasm",
    async info() {
      const info: Record<string, string | number | boolean> = { version: await packageVersion("@tensorflow/tfjs"), backend: tf.getBackend() };
      if (backend === "wasm") {
        info["wasmBackendVersion"] = await packageVersion("@tensorflow/tfjs-backend-wasm");
        info["simd"] = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
        info["multithread"] = Boolean(await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT"));
      }
      return info;
    },
    ...peerWorkloads({ bn: bnCase, matmul: matmulCase, mlp: mlpCase }),
  };
}
