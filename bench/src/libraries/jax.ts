import { type Array as JaxArray, blockUntilReady, defaultDevice, grad, init, jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import type { BnData, MatmulData, MlpData } from "../workloads.js";
import { type Case, type Library, type Outputs, oneHotRows, packageVersion, peerWorkloads, transposeMatrix } from "./library.js";

// jax-js arrays are reference-counted: every call takes ownership of its arguments, so an
// array used again later is passed as `a.ref`, and results are disposed when replaced.

/** Reads an array back as float32 without giving up the caller's reference. */
async function f32(a: JaxArray): Promise<Float32Array> {
  return Float32Array.from((await a.ref.data()) as ArrayLike<number>);
}

/** BatchNorm written with mean/sub/mul/div/sqrt/add, as tsgrad composes it. */
function bnJax(x: JaxArray, gamma: JaxArray, beta: JaxArray, axes: number[], kept: number[], eps: number): JaxArray {
  const mu = np.mean(x.ref, axes, { keepdims: true });
  const xc = x.sub(mu);
  const v = np.mean(xc.ref.mul(xc.ref), axes, { keepdims: true });
  return xc.div(np.sqrt(v.add(eps))).mul(gamma.reshape(kept)).add(beta.reshape(kept));
}

function bnCase(d: BnData): Case {
  const kept = d.shape.map((s, i) => (d.axes.includes(i) ? 1 : s));
  const x = np.array(d.x).reshape(d.shape);
  const gamma = np.array(d.gamma);
  const beta = np.array(d.beta);
  const dy = np.array(d.dy).reshape(d.shape);
  const forward = (xv: JaxArray, g: JaxArray, b: JaxArray): JaxArray => bnJax(xv, g, b, d.axes, kept, d.eps);
  // The vjp of dy as the gradient of ⟨BN(x), dy⟩: jit(grad(...)), fused by jax-js's JIT.
  const fwdBwd = jit(grad((xv: JaxArray, g: JaxArray, b: JaxArray, u: JaxArray) => forward(xv, g, b).mul(u).sum(), { argnums: [0, 1, 2] }));
  const fwd = jit(forward);
  let last: JaxArray[] = [];
  return {
    async run() {
      tree.dispose(last);
      last = fwdBwd(x.ref, gamma.ref, beta.ref, dy.ref) as JaxArray[];
      await blockUntilReady(last);
    },
    async outputs() {
      const y = fwd(x.ref, gamma.ref, beta.ref);
      const [yv, dx, dgamma, dbeta] = await Promise.all([y, ...last].map(f32));
      y.dispose();
      return { y: yv!, dx: dx!, dgamma: dgamma!, dbeta: dbeta! };
    },
    dispose() {
      tree.dispose([...last, x, gamma, beta, dy]);
      fwdBwd.dispose();
      fwd.dispose();
    },
  };
}

function matmulCase(d: MatmulData): Case {
  const a = np.array(d.a).reshape([d.n, d.n]);
  const b = np.array(d.b).reshape([d.n, d.n]);
  let c: JaxArray | null = null;
  return {
    async run() {
      c?.dispose();
      c = np.matmul(a.ref, b.ref);
      await c.blockUntilReady();
    },
    async outputs() {
      return { c: await f32(c!) };
    },
    dispose() {
      tree.dispose([a, b, ...(c ? [c] : [])]);
    },
  };
}

type Params = { w: JaxArray[]; b: JaxArray[]; gamma: JaxArray[]; beta: JaxArray[] };
type RunningStats = { mean: JaxArray[]; variance: JaxArray[] };

/** The MLP as one jitted step: valueAndGrad of the loss (batch statistics as aux), SGD and running statistics. */
function mlpCase(d: MlpData): Case {
  const depth = d.sizes.length - 1;
  const classes = d.sizes[depth]!;
  const n = d.batchSize;
  const m = d.momentum;
  const hidden = d.sizes.slice(1, depth);
  let params: Params = {
    w: d.weights.map((wt, i) => np.array(transposeMatrix(wt, d.sizes[i + 1]!, d.sizes[i]!)).reshape([d.sizes[i]!, d.sizes[i + 1]!])),
    b: d.biases.map((bs) => np.array(bs)),
    gamma: hidden.map((h) => np.ones([h])),
    beta: hidden.map((h) => np.zeros([h])),
  };
  let running: RunningStats = { mean: hidden.map((h) => np.zeros([h])), variance: hidden.map((h) => np.ones([h])) };
  const xs = d.batches.map((bt) => np.array(bt.x).reshape([n, d.sizes[0]!]));
  const ys = d.batches.map((bt) => np.array(oneHotRows(bt.labels, classes)).reshape([n, classes]));

  const lossFn = (p: Params, x: JaxArray, y1h: JaxArray): [JaxArray, JaxArray[]] => {
    let h = x;
    const stats: JaxArray[] = [];
    for (let i = 0; i < depth; i++) {
      h = np.matmul(h, p.w[i]!).add(p.b[i]!);
      if (i + 1 < depth) {
        const mu = np.mean(h.ref, 0, { keepdims: true });
        const xc = h.sub(mu.ref);
        const v = np.mean(xc.ref.mul(xc.ref), 0, { keepdims: true });
        stats.push(mu, v.ref);
        h = xc.div(np.sqrt(v.add(d.eps))).mul(p.gamma[i]!).add(p.beta[i]!);
        h = d.activation === "relu" ? nn.relu(h) : nn.sigmoid(h);
      }
    }
    const loss = np.negative(np.mean(np.sum(y1h.mul(nn.logSoftmax(h, -1)), -1)));
    return [loss, stats];
  };
  const step = jit((p: Params, rs: RunningStats, x: JaxArray, y1h: JaxArray) => {
    const [[loss, stats], grads] = valueAndGrad(lossFn, { hasAux: true })(tree.ref(p), x, y1h) as [[JaxArray, JaxArray[]], Params];
    const next = tree.map((a: JaxArray, g: JaxArray) => a.sub(g.mul(d.lr)), p, grads) as Params;
    const mean = rs.mean.map((r, i) => r.mul(1 - m).add(stats[2 * i]!.reshape([hidden[i]!]).mul(m)));
    const variance = rs.variance.map((r, i) => r.mul(1 - m).add(stats[2 * i + 1]!.reshape([hidden[i]!]).mul((m * n) / (n - 1))));
    return [next, { mean, variance }, loss] as [Params, RunningStats, JaxArray];
  });
  let stepCount = 0;
  let loss: JaxArray | null = null;
  return {
    async run() {
      const k = stepCount++ % xs.length;
      loss?.dispose();
      [params, running, loss] = step(params, running, xs[k]!.ref, ys[k]!.ref) as [Params, RunningStats, JaxArray];
      await blockUntilReady([params, running, loss]);
    },
    async outputs() {
      const out: Outputs = { loss: await f32(loss!) };
      for (let i = 0; i < depth; i++) {
        out[`w${i}`] = transposeMatrix(await f32(params.w[i]!), d.sizes[i]!, d.sizes[i + 1]!);
        out[`b${i}`] = await f32(params.b[i]!);
      }
      for (let i = 0; i + 1 < depth; i++) {
        out[`gamma${i}`] = await f32(params.gamma[i]!);
        out[`beta${i}`] = await f32(params.beta[i]!);
        out[`runningMean${i}`] = await f32(running.mean[i]!);
        out[`runningVar${i}`] = await f32(running.variance[i]!);
      }
      return out;
    },
    dispose() {
      tree.dispose([params, running, xs, ys, ...(loss ? [loss] : [])]);
      step.dispose();
    },
  };
}

/** jax-js on its WebAssembly device (single-threaded in Node: no global Worker). */
export async function createJax(): Promise<Library> {
  // init() with no argument also probes WebGPU through `navigator`, which Node 20 lacks.
  const devices = await init("wasm");
  if (!devices.includes("wasm")) throw new Error(`jax-js: the wasm device did not start (devices: ${devices.join(", ")})`);
  defaultDevice("wasm");
  return {
    name: "jax-js",
    async info() {
      return { version: await packageVersion("@jax-js/jax"), device: defaultDevice(), threads: typeof (globalThis as { Worker?: unknown }).Worker === "undefined" ? 1 : "workers available" };
    },
    ...peerWorkloads({ bn: bnCase, matmul: matmulCase, mlp: mlpCase }),
  };
}
