// Custom forwards exported op by op: the functional ops (shape ops, elementwise math, reductions,
// softmax, functional activations and layers) in ONNX Runtime against tsgrad's eval forward.
import * as tg from "./tg.js";
import { describe, expect, it } from "vitest";
import { checkAgainstOrt } from "./ort.js";

/** A module whose forward is a function of its inputs (and its registered parameters). */
class Fn extends tg.nn.Module {
  constructor(readonly f: (...xs: tg.Tensor[]) => tg.Tensor | tg.Tensor[]) {
    super();
  }
  forward(...xs: tg.Tensor[]): tg.Tensor | tg.Tensor[] {
    return this.f(...xs);
  }
}

const x = (shape: number[], seed: number): tg.Tensor => tg.randn(shape, { seed }).mul(2);

/** Exports `f` traced on a batch of 2 and checks it on batches of 3 and 1. */
async function check(f: (...xs: tg.Tensor[]) => tg.Tensor | tg.Tensor[], ...shapes: number[][]): Promise<number> {
  const make = (b: number, seed: number): tg.Tensor[] => shapes.map((s, i) => x([b, ...s], seed + i));
  return checkAgainstOrt(new Fn(f), make(2, 1), [make(3, 10), make(1, 20)]);
}

describe("functional ops, op by op", () => {
  it("shape ops: reshape, permute, transpose, concat, stack, slice, squeeze, unsqueeze, flatten, expand", async () => {
    await check(
      (a) => {
        const r = a.reshape([-1, 3, 4]).permute([0, 2, 1]);
        const t = r.transpose(1, 2).flatten(1);
        const c = tg.concat([t, t.mul(2)], 1);
        const s = tg.stack([c, c.neg()], 1).slice([null, [0, 2], [1, null, 2]]);
        const u = s.unsqueeze(1).squeeze(1).sum(1);
        return u.add(a.slice([null, [-4, null]]).mean(1, { keepdims: true }).expand([-1, u.shape[1]!]));
      },
      [12],
    );
  });

  it("negative-step slices and a slice of the batch axis", async () => {
    await check((a) => tg.concat([a.slice([null, [null, null, -1]]), a.slice([null, [3, 0, -2]])], 1), [6]);
    await check((a) => a.slice([[1, null]]).mul(3), [4]);
  });

  it("elementwise math", async () => {
    await check(
      (a, b) => {
        const p = a.abs().add(0.5);
        const parts = [
          a.add(b).sub(b.mul(a)).div(p),
          p.pow(1.5),
          p.sqrt().log(),
          a.mul(0.3).exp(),
          a.sin().add(b.cos()),
          tg.maximum(a, b).sub(tg.minimum(a, b)),
          a.clamp(-0.5, 0.7),
          a.square().neg(),
          a.tanh().add(a.sigmoid()).add(a.erf()),
          tg.log1p(p).add(tg.expm1(a.mul(0.1))),
        ];
        return tg.stack(parts, 1);
      },
      [5],
      [5],
    );
  });

  it("reductions: sum, mean, max, min, variance, std, logSumExp over axes, kept or not", async () => {
    await check(
      (a) => {
        const k = { keepdims: true };
        const parts = [
          a.sum([1, 2]),
          a.mean(1).sum(1),
          a.mean([1, 2], k).reshape([-1]),
          a.max(2).sum(1),
          a.min(1, k).sum([1, 2]),
          a.variance(2).mean(1),
          a.std({ axis: 1, correction: 0 }).mean(1),
          tg.logSumExp(a, 2).sum(1),
          a.max([1, 2]),
        ];
        return tg.stack(parts, 1).add(a.sum().mul(0.001));
      },
      [3, 4],
    );
  });

  it("softmax, logSoftmax and logSumExp used functionally", async () => {
    await check((a) => tg.concat([a.softmax(1), a.logSoftmax(-1), tg.logSumExp(a, 1, true), a.mul(100).softmax()], 1), [7]);
  });

  it("attention-like: matmul, transpose, softmax, a residual and a functional layer norm", async () => {
    const q = new tg.nn.Linear(8, 8, { seed: 1 });
    const k = new tg.nn.Linear(8, 8, { seed: 2 });
    const v = new tg.nn.Linear(8, 8, { seed: 3 });
    const model = new (class extends tg.nn.Module {
      q = q;
      k = k;
      v = v;
      forward(a: tg.Tensor): tg.Tensor {
        const [b, t] = a.shape as [number, number, number];
        const heads = (z: tg.Tensor): tg.Tensor => z.reshape([b, t, 2, 4]).permute([0, 2, 1, 3]);
        const scores = heads(this.q.forward(a)).matmul(heads(this.k.forward(a)).transpose(-1, -2)).div(2);
        const mixed = scores.softmax(-1).matmul(heads(this.v.forward(a))).permute([0, 2, 1, 3]).reshape([b, t, 8]);
        const h = a.add(mixed);
        const mu = h.mean(-1, { keepdims: true });
        return h.sub(mu).div(h.variance(-1, { keepdims: true, correction: 0 }).add(1e-5).sqrt());
      }
    })();
    await checkAgainstOrt(model, [x([2, 5, 8], 1)], [[x([3, 5, 8], 2)], [x([1, 5, 8], 3)]]);
  });

  it("functional activations: relu, sigmoid, tanh, gelu, silu, leakyRelu, prelu, hardtanh, relu6", async () => {
    // NOTE: the two GELUs take different tensors: ORT 1.30's Gelu fusions mis-fuse an erf GELU and
    // a tanh GELU of the same tensor (the graph is valid: it loads with optimizations disabled).
    await check(
      (a) =>
        tg.stack(
          [a.relu(), a.sigmoid(), a.tanh(), a.gelu(), a.add(0.25).gelu({ approximate: "tanh" }), tg.silu(a), a.leakyRelu(0.2), tg.prelu(a, tg.tensor([0.3])), tg.hardtanh(a, -0.5, 1.5), tg.relu6(a.mul(4))],
          1,
        ),
      [6],
    );
  });

  it("functional linear, conv2d, conv1d, avgPool2d, adaptiveAvgPool2d and batchNorm with batch statistics", async () => {
    const w = tg.randn([4, 2, 3, 3], { seed: 5 });
    const b = tg.randn([4], { seed: 6 });
    const w1 = tg.randn([3, 2, 2], { seed: 7 });
    await check(
      (a) => {
        const c = tg.conv2d(a, w, b, { padding: "same", dilation: 2 });
        const p = tg.avgPool2d(c, { kernelSize: 2, ceilMode: true, padding: 1, countIncludePad: false });
        const q = tg.adaptiveAvgPool2d(c, [3, 2]).flatten(1);
        const n = tg.fusedBatchNorm(c, null, null).mean([2, 3]);
        const l = tg.conv1d(a.mean(2), w1, null, { stride: 2 }).flatten(1);
        return tg.concat([p.flatten(1), q, n, tg.linear(l, tg.randn([2, l.shape[1]!], { seed: 8 }))], 1);
      },
      [2, 5, 5],
    );
  });

  it("where with a condition from a model input, and gather / indexSelect with index inputs", async () => {
    const table = new tg.nn.Parameter(tg.randn([10, 3], { seed: 1 }));
    const model = new (class extends tg.nn.Module {
      table = table;
      forward(a: tg.Tensor, mask: tg.Tensor, idx: tg.Tensor, pick: tg.Tensor): tg.Tensor {
        // int32 Tensors record no ops: indices and conditions enter as model inputs as they are.
        const rows = tg.indexSelect(this.table, 0, idx);
        return tg.where(mask, a, a.mul(-1)).add(rows).add(tg.gather(a, 1, pick)).add(tg.where(tg.tensor([1, 0, 1], { dtype: "int32" }), a, 0));
      }
    })();
    const inputs = (b: number, seed: number): tg.Tensor[] => [
      x([b, 3], seed),
      tg.randint(0, 2, [b, 3], { seed: seed + 1 }),
      tg.randint(0, 10, [b], { seed: seed + 2 }),
      tg.randint(0, 3, [b, 3], { seed: seed + 3 }),
    ];
    await checkAgainstOrt(model, inputs(2, 1), [inputs(3, 10), inputs(1, 20)]);
  });

  it("masks given as int32 model inputs: MultiheadAttention's key padding mask (a reshape of the input's data)", async () => {
    const attn = new tg.nn.MultiheadAttention(6, 2, { batchFirst: true, seed: 3 });
    const model = new (class extends tg.nn.Module {
      attn = attn;
      forward(q: tg.Tensor, pad: tg.Tensor): tg.Tensor[] {
        const [out, weights] = this.attn.forward(q, q, q, { keyPaddingMask: pad });
        return [out, weights!];
      }
    })();
    // Pad only the last key, so no row is all padding.
    const inputs = (b: number, seed: number): tg.Tensor[] => [x([b, 4, 6], seed), tg.randint(0, 2, [b, 4], { seed: seed + 1 }).mul(tg.tensor([0, 0, 0, 1], { dtype: "int32" }))];
    await checkAgainstOrt(model, inputs(2, 1), [inputs(3, 10), inputs(1, 20)]);
  });

  it("several inputs and outputs, with names", async () => {
    const { exportOnnx } = tg.onnx;
    const model = new Fn((a, b) => [a.add(b), a.mul(b).sum(1), a]);
    const bytes = exportOnnx(model, [x([2, 3], 1), x([2, 3], 2)], { inputNames: ["left", "right"], outputNames: ["sum", "dot", "same"] });
    const { session } = await import("./ort.js");
    const s = await session(bytes);
    expect(s.inputNames).toEqual(["left", "right"]);
    expect(s.outputNames).toEqual(["sum", "dot", "same"]);
    await s.release();
    await checkAgainstOrt(model, [x([2, 3], 1), x([2, 3], 2)], [[x([4, 3], 3), x([4, 3], 4)]]);
  });
});
