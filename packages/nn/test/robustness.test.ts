// Robustness of @tsgrad/nn: generated bad input — wrong state dicts, optimizers without
// parameters or with gradients that do not fit, BatchNorm training on one value per
// channel, inputs of the wrong shape, wrong loss targets — gets a typed error naming the
// op and the shapes and leaves modules (parameters, grads, buffers, mode), optimizers
// (state, groups) and inputs exactly as they were.
import { describe, expect, it } from "vitest";
import { fc, test } from "@tsgrad/testing/vitest";
import { Tensor, sum, tensor } from "@tsgrad/autograd";
import * as T from "@tsgrad/ndarray";
import { DTypeError, Generator, ShapeError, type NDArray, TsgradError, ValueError } from "@tsgrad/ndarray";
import {
  Adam,
  AdamW,
  BatchNorm1d,
  BatchNorm2d,
  Conv2d,
  Embedding,
  LayerNorm,
  Linear,
  MaxPool2d,
  type Module,
  type Optimizer,
  RMSprop,
  SGD,
  Sequential,
  Sigmoid,
  StateDictError,
  crossEntropy,
  mseLoss,
  nllLoss,
} from "@tsgrad/nn";
import { arbWrongKind, expectRefused, fmt, snapshot } from "../../ndarray/test/robustness-helpers.js";

/** Linear → BatchNorm1d → Sigmoid → Linear, with gradients already accumulated and the BN stats moved. */
function smallNet(inF: number, hidden: number, outF: number, seed: number): Sequential {
  const generator = new Generator(seed);
  const net = new Sequential(new Linear(inF, hidden, { generator }), new BatchNorm1d(hidden), new Sigmoid(), new Linear(hidden, outF, { generator }));
  sum(net.forward(tensor(T.randn([4, inF], { generator })))).backward();
  return net;
}

const arbNet = fc.record({ inF: fc.integer({ min: 1, max: 4 }), hidden: fc.integer({ min: 1, max: 4 }), outF: fc.integer({ min: 1, max: 3 }), seed: fc.nat(1000) });

/** Everything observable about a module: the object itself, its state dict, its grads and mode. */
const moduleState = (m: Module): unknown => [m, m.stateDict(), m.namedParameters().map(([n, p]) => [n, p.grad]), m.training];

describe("wrong state dicts", () => {
  type Corruption = { kind: "drop" | "extra" | "shape" | "dtype" | "value"; pick: number; value: unknown };
  const arbCorruption: fc.Arbitrary<Corruption> = fc.record({
    kind: fc.constantFrom("drop", "extra", "shape", "dtype", "value"),
    pick: fc.nat(),
    value: fc.constantFrom(3, "weights", null, [1, 2], { shape: [2] }),
  });

  test.prop([arbNet, fc.array(arbCorruption, { minLength: 1, maxLength: 3 })], { numRuns: 60 })(
    "a StateDictError listing every problem, with the keys and shapes; nothing is loaded",
    (spec, corruptions) => {
      const net = smallNet(spec.inF, spec.hidden, spec.outF, spec.seed);
      const source = smallNet(spec.inF, spec.hidden, spec.outF, spec.seed + 1).stateDict() as Record<string, unknown>;
      const keys = Object.keys(source);
      for (const c of corruptions) {
        const key = keys[c.pick % keys.length]!;
        const t = source[key];
        if (c.kind === "drop") delete source[key];
        else if (c.kind === "extra") source[`${key}.extra`] = c.pick % 2 === 0 ? T.zeros([1]) : tensor(T.zeros([1])); // NDArrays are values too
        else if (!(t instanceof Tensor)) continue; // already dropped or replaced by an earlier corruption
        else if (c.kind === "shape") source[key] = c.pick % 2 === 0 ? T.zeros([...t.shape, 2], { dtype: t.dtype }) : tensor(T.zeros([...t.shape, 2], { dtype: t.dtype }));
        else if (c.kind === "dtype") source[key] = c.pick % 2 === 0 ? t.data.astype(t.dtype === "float32" ? "float64" : "float32") : t.astype(t.dtype === "float32" ? "float64" : "float32");
        else source[key] = c.value;
      }
      // Every problem that is left must be named: each key, and both shapes of a mismatch.
      const own = net.stateDict();
      const mentions: string[] = [];
      for (const key of new Set([...keys, ...Object.keys(source)])) {
        const mine = own[key];
        const value = source[key];
        const theirs = value instanceof Tensor ? value.data : value;
        if (mine === undefined || !(key in source)) mentions.push(JSON.stringify(key));
        else if (!(theirs instanceof T.NDArray)) mentions.push(JSON.stringify(key));
        else if (fmt(theirs.shape) !== fmt(mine.shape)) mentions.push(JSON.stringify(key), fmt(theirs.shape), fmt(mine.shape));
        else if (theirs.dtype !== mine.dtype) mentions.push(JSON.stringify(key), theirs.dtype);
      }
      const e = expectRefused(moduleState(net), () => net.loadStateDict(source as Record<string, Tensor>), { type: StateDictError, op: "loadStateDict", mentions });
      const err = e as StateDictError;
      const problems = err.missingKeys.length + err.unexpectedKeys.length + err.shapeMismatches.length + err.dtypeMismatches.length + err.invalidValues.length;
      expect(problems).toBeGreaterThan(0);
      expect(e.details).toHaveProperty("missingKeys");
    },
  );

  test.prop([arbNet, arbWrongKind.filter((x) => x === null || typeof x !== "object" || Array.isArray(x))], { numRuns: 20 })(
    "something that is not a record of tensors at all is a ValueError",
    (spec, bad) => {
      const net = smallNet(spec.inF, spec.hidden, spec.outF, spec.seed);
      expectRefused(moduleState(net), () => net.loadStateDict(bad as Record<string, Tensor>), { type: ValueError, op: "loadStateDict" });
    },
  );
});

describe("optimizers", () => {
  const OPTIMIZERS = [
    ["SGD", (ps: Iterable<Tensor>) => new SGD(ps, { lr: 0.1, momentum: 0.9 })],
    ["Adam", (ps: Iterable<Tensor>) => new Adam(ps, { lr: 0.01 })],
    ["AdamW", (ps: Iterable<Tensor>) => new AdamW(ps, { lr: 0.01 })],
    ["RMSprop", (ps: Iterable<Tensor>) => new RMSprop(ps, { lr: 0.01, momentum: 0.5 })],
  ] as const;

  /** An optimizer made by `make` over one parameter `w`, after one step on `sum(w²)` (so it has state). */
  function steppedOnce(make: (ps: Iterable<Tensor>) => unknown): { w: Tensor; opt: Optimizer } {
    const w = tensor([1, 2], { requiresGrad: true });
    const opt = make([w]) as Optimizer;
    sum(w.mul(w)).backward();
    opt.step();
    return { w, opt };
  }

  test.prop([fc.constantFrom(...OPTIMIZERS), fc.constantFrom("list", "groups", "set", "generator")], { numRuns: 16 })(
    "an optimizer with no parameters is a ValueError naming it",
    ([name, make], how) => {
      const empty: Iterable<Tensor> =
        how === "list" ? [] : how === "set" ? new Set() : how === "generator" ? (function* () {})() : ([{ params: [] }, { params: [] }] as unknown as Iterable<Tensor>);
      expectRefused(null, () => make(empty), { type: ValueError, op: name, mentions: ["empty parameter list"] });
    },
  );

  const arbBadGrad = fc.record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    bad: fc.nat(),
    kind: fc.constantFrom("shape", "dtype", "ndarray"),
    steps: fc.integer({ min: 0, max: 3 }),
  });

  test.prop([fc.constantFrom(...OPTIMIZERS), arbBadGrad], { numRuns: 40 })(
    "a step with one gradient that does not fit its parameter changes nothing: parameters, grads and state as before",
    ([name, make], { sizes, bad, kind, steps }) => {
      const params = sizes.map((n, i) => tensor(T.full([n], i + 1), { requiresGrad: true }));
      const opt = make(params) as Optimizer;
      for (let s = 0; s < steps; s++) {
        opt.zeroGrad();
        sum(params.reduce<Tensor>((acc, p) => acc.add(sum(p.mul(p))), tensor(T.zeros([])))).backward();
        opt.step();
      }
      for (const p of params) p.grad = tensor(T.onesLike(p.data));
      const i = bad % params.length;
      const p = params[i]!;
      if (kind === "ndarray") {
        // An NDArray where a Tensor belongs: refused when assigned, so it never reaches step().
        expectRefused([opt, params], () => ((p as { grad: unknown }).grad = T.ones(p.shape)), { type: ValueError, op: "grad", mentions: ["Tensor"] });
        return;
      }
      // A grad can stop fitting only when p.data is replaced (assigning one checks it).
      const oldShape = [...p.shape];
      if (kind === "shape") p.data = T.ones([p.size + 1]);
      else p.data = T.ones(p.shape, { dtype: "float64" });
      const type = kind === "shape" ? ShapeError : DTypeError;
      const mentions = kind === "shape" ? [`parameter ${i}`, fmt(oldShape), fmt([oldShape[0]! + 1])] : [`parameter ${i}`];
      expectRefused([opt, params], () => opt.step(), { type, op: `${name}.step`, mentions });
    },
  );

  test.prop([fc.constantFrom(...OPTIMIZERS), fc.constantFrom(-1, NaN, Infinity, "0.1" as unknown as number)], { numRuns: 16 })(
    "a learning rate broken between steps is refused before anything moves",
    ([name, make], lr) => {
      const { w, opt } = steppedOnce(make);
      opt.paramGroups[0]!.lr = lr;
      expectRefused([opt, w], () => opt.step(), { type: ValueError, op: `${name}.step`, mentions: ["lr"] });
    },
  );

  test.prop([fc.constantFrom(...OPTIMIZERS), fc.constantFrom("groups", "params", "shape", "step", "garbage")], { numRuns: 20 })(
    "loading a state dict that does not fit is refused whole",
    ([name, make], how) => {
      const { w, opt } = steppedOnce(make);
      const sd = JSON.parse(JSON.stringify({ paramGroups: opt.stateDict().paramGroups })) as ReturnType<Optimizer["stateDict"]>;
      let bad: unknown;
      if (how === "groups") bad = { state: {}, paramGroups: [] };
      else if (how === "params") bad = { state: {}, paramGroups: [{ ...sd.paramGroups[0], params: [0, 1] }] };
      else if (how === "shape") {
        const full = opt.stateDict();
        const [k, entry] = Object.entries(full.state)[0]!;
        const tensorKey = Object.keys(entry).find((key) => entry[key] instanceof Tensor)!;
        bad = { ...full, state: { [k]: { ...entry, [tensorKey]: tensor(T.zeros([3])) } } };
      } else if (how === "step") {
        const full = opt.stateDict();
        const [k, entry] = Object.entries(full.state)[0]!;
        bad = { ...full, state: { [k]: { ...entry, step: -1 } } };
      } else bad = "state";
      if (how === "step" && name === "SGD") return; // SGD keeps no step counter
      expectRefused([opt, w], () => opt.loadStateDict(bad as ReturnType<Optimizer["stateDict"]>), { type: TsgradError, op: `${name}.loadStateDict` });
    },
  );
});

describe("BatchNorm training on one value per channel", () => {
  const arbBatchOfOne = fc.record({ c: fc.integer({ min: 1, max: 5 }), layout: fc.constantFrom("1d", "1d-length-1", "2d"), trackRunningStats: fc.boolean(), seed: fc.nat(100) });

  test.prop([arbBatchOfOne], { numRuns: 30 })("a ValueError naming the layer and the shape; running statistics and their counter unchanged; eval mode accepts it", ({ c, layout, trackRunningStats, seed }) => {
    const bn = layout === "2d" ? new BatchNorm2d(c, { trackRunningStats }) : new BatchNorm1d(c, { trackRunningStats });
    bn.forward(tensor(T.randn(layout === "2d" ? [3, c, 2, 2] : [3, c], { seed }))); // move the statistics away from their start
    const shape = layout === "2d" ? [1, c, 1, 1] : layout === "1d" ? [1, c] : [1, c, 1];
    const x = tensor(T.randn(shape, { seed: seed + 1 }), { requiresGrad: true });
    const op = layout === "2d" ? "BatchNorm2d" : "BatchNorm1d";
    expectRefused([moduleState(bn), x], () => bn.forward(x), { type: ValueError, op, mentions: [fmt(shape), "more than 1 value per channel"] });
    if (trackRunningStats) expect(bn.eval().forward(x).shape).toEqual(shape);
  });
});

describe("inputs of the wrong shape or dtype", () => {
  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })], { numRuns: 30 })(
    "layers name themselves and the shape they got",
    (c, n, d, wrongBy) => {
      const cases: [Module & { forward(x: Tensor): Tensor }, number[], string, typeof ShapeError | typeof DTypeError | typeof ValueError][] = [
        [new Linear(c, 2), [n, c + wrongBy], "Linear", ShapeError],
        [new BatchNorm1d(c), [n + 1, c + wrongBy], "BatchNorm1d", ShapeError],
        [new BatchNorm1d(c), [n + 1, c, 2, 2], "BatchNorm1d", ShapeError],
        [new BatchNorm2d(c), [n + 1, c + wrongBy, 2, 2], "BatchNorm2d", ShapeError],
        [new LayerNorm(c), [n, c + wrongBy], "LayerNorm", ShapeError],
        [new Conv2d(c, 2, 3), [n, c + wrongBy, 5, 5], "Conv2d", ShapeError],
        [new Conv2d(c, 2, 3 + d), [n, c, 3, 3], "Conv2d", ShapeError], // conv2d's error, named after the layer
        [new MaxPool2d(3 + d), [n, c, 2, 2], "MaxPool2d", ShapeError],
      ];
      for (const [layer, shape, op, type] of cases) {
        const x = tensor(T.ones(shape));
        expectRefused([moduleState(layer), x], () => layer.forward(x), { type, op, mentions: [fmt(shape)] });
      }
      const bn = new BatchNorm1d(c);
      const ints = tensor(T.ones([n + 1, c], { dtype: "int32" }));
      expectRefused([moduleState(bn), ints], () => bn.forward(ints), { type: DTypeError, op: "BatchNorm1d", mentions: ["fusedBatchNorm: ", "int32"] });
    },
  );

  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.boolean()], { numRuns: 20 })("Embedding with an index out of range or float indices", (rows, over, float) => {
    const emb = new Embedding(rows, 2);
    const idx = float ? tensor([0.5]) : tensor([rows + over], { dtype: "int32" });
    expectRefused([moduleState(emb), idx], () => emb.forward(idx), { type: float ? DTypeError : ValueError, op: "Embedding", mentions: [float ? "float32" : String(rows + over)] });
  });

  test.prop([fc.oneof(arbWrongKind, fc.constant(T.ones([4, 2])))], { numRuns: 20 })("a forward given something that is not a Tensor (an NDArray included)", (x) => {
    const net = smallNet(2, 3, 1, 0);
    const mentions = ["expected a Tensor as input", ...(x instanceof T.NDArray ? ["an NDArray", "wrap it with tensor(...)"] : [])];
    expectRefused([moduleState(net), x], () => net.forward(x as Tensor), { type: TsgradError, op: "Sequential", mentions: ["Linear: ", ...mentions] });
  });
});

describe("losses with wrong targets", () => {
  const arbClasses = fc.record({ n: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 2, max: 5 }), bad: fc.nat(), off: fc.integer({ min: 0, max: 3 }), negative: fc.boolean() });

  test.prop([arbClasses, fc.constantFrom("crossEntropy", "nllLoss")], { numRuns: 40 })("a class index out of range names the loss, the index and the class count", ({ n, c, bad, off, negative }, op) => {
    const input = tensor(T.randn([n, c], { seed: n }), { requiresGrad: true });
    const labels = Array.from({ length: n }, (_, i) => i % c);
    const wrong = negative ? -2 - off : c + off;
    labels[bad % n] = wrong;
    const target = T.ndarray(labels, { dtype: "int32" });
    const loss = op === "crossEntropy" ? crossEntropy : nllLoss;
    expectRefused([input, target], () => loss(input, target), { type: ValueError, op, mentions: [String(wrong), `${c} classes`] });
  });

  test.prop([arbClasses, fc.integer({ min: 1, max: 2 })], { numRuns: 20 })("targets of the wrong shape or dtype", ({ n, c }, extra) => {
    const input = tensor(T.randn([n, c], { seed: c }), { requiresGrad: true });
    const longer = T.zeros([n + extra], { dtype: "int32" });
    expectRefused(input, () => crossEntropy(input, longer), { type: ShapeError, op: "crossEntropy", mentions: [fmt([n + extra]), fmt([n, c])] });
    const floats = T.zeros([n, c + extra]);
    expectRefused(input, () => crossEntropy(input, floats), { type: DTypeError, op: "crossEntropy", mentions: [fmt([n, c + extra])] });
    const y = T.zeros([n, c + extra]);
    expectRefused(input, () => mseLoss(input, y), { type: ShapeError, op: "mseLoss", mentions: [fmt([n, c]), fmt([n, c + extra])] });
  });

  test.prop([arbWrongKind.filter((x) => !(x instanceof T.NDArray))], { numRuns: 20 })("a target that is not a tensor is a ValueError naming the loss", (target) => {
    const input = tensor(T.randn([2, 3], { seed: 0 }), { requiresGrad: true });
    for (const [op, loss] of [["crossEntropy", crossEntropy], ["nllLoss", nllLoss], ["mseLoss", mseLoss]] as const) {
      expectRefused(input, () => (loss as (a: Tensor, b: NDArray) => Tensor)(input, target as NDArray), { type: ValueError, op, mentions: ["target"] });
    }
  });

  it("NaN logits give a NaN loss and NaN gradients, without a crash", () => {
    const input = tensor(T.ndarray([[NaN, 0, 1], [0, 1, 2]]), { requiresGrad: true });
    const loss = crossEntropy(input, T.ndarray([0, 1], { dtype: "int32" }));
    expect(loss.item()).toBeNaN();
    loss.backward();
    expect(Array.from(input.grad!.toTypedArray()).slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(snapshot(input.grad!.data)).toEqual(snapshot(input.grad!.data));
  });
});
