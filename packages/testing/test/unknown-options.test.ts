// Every check and arbitrary of @tsgrad/testing that takes an options object refuses a key it
// does not know (`assertClose(a, b, { equal_nan: true })`, `gradcheck(f, xs, { atoll: 0 })`) with
// a ValueError naming the call: one table row per call, found complete from the exports.
import { describe, expect, it } from "vitest";
import * as Te from "@tsgrad/testing";
import { type Tensor, tensor } from "@tsgrad/autograd";
import { type OptionsCall, describeUnknownOptions, optionsRow as row } from "../../ndarray/test/unknown-options-helpers.js";

const TOLERANCES = ["eps", "atol", "rtol", "seed", "raise"];
const SHAPE = ["minRank", "maxRank", "minSize", "maxSize", "maxElements"];

const square = (x?: Tensor): Tensor => x!.mul(x!);
const point = (): Tensor => tensor([0.5, -1.5], { dtype: "float64" });

const CALLS: OptionsCall[] = [
  row("gradcheck", [...TOLERANCES, "gradOutput"], "nondet_tol", { atol: 1e-4 }, point, (x, o) => Te.gradcheck(square, [x], o)),
  row("gradgradcheck", [...TOLERANCES, "gradOutput", "gradInputs"], "check_undefined_grad", { raise: true }, point, (x, o) => Te.gradgradcheck(square, [x], o)),
  row("checkVjp", [...TOLERANCES, "u", "v"], "atoll", { seed: 3 }, point, (x, o) => Te.checkVjp(square, [x], o)),
  row("assertClose", ["rtol", "atol", "equalNaN", "message"], "equal_nan", { rtol: 0.1 }, point, (x, o) => Te.assertClose(x, [0.5, -1.5], o)),
  row("arbShape", SHAPE, "max_rank", { maxRank: 2 }, () => null, (_, o) => Te.arbShape(o)),
  row("arbTensor", [...SHAPE, "shape", "dtype", "min", "max", "minAbs", "noNaN"], "requires_grad", { shape: [2] }, () => null, (_, o) => Te.arbTensor(o)),
  row("arbBroadcastShapes", SHAPE, "min_size", {}, () => null, (_, o) => Te.arbBroadcastShapes(2, o)),
  row("arbAxes", ["minCount", "maxCount"], "max_count", { minCount: 1 }, () => null, (_, o) => Te.arbAxes(3, o)),
];

describeUnknownOptions("unknown options of @tsgrad/testing", Te, CALLS);

describe("unknown options of @tsgrad/testing: messages", () => {
  it("suggests the name meant", () => {
    expect(() => Te.assertClose(tensor([1]), [1], { equal_nan: true } as Te.AssertCloseOptions)).toThrow(
      'assertClose: options: unknown option "equal_nan"; expected one of rtol, atol, equalNaN, message (did you mean "equalNaN"?)',
    );
    expect(() => Te.arbTensor({ max_rank: 2 } as Te.ArbTensorOptions)).toThrow(/^arbTensor: options: unknown option "max_rank"; .*\(did you mean "maxRank"\?\)$/);
  });
});
