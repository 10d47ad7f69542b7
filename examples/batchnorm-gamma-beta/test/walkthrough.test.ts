import { expect, it } from "vitest";
import * as tg from "tsgrad";
import { closedFormBackward, walkthrough } from "../src/walkthrough.js";

it("the walkthrough runs and gamma and beta learn the target scale and shift", () => {
  const lines: string[] = [];
  const { gamma, beta } = walkthrough((l) => lines.push(l));
  expect(lines.join("\n")).toContain("gamma and beta learn");
  for (const g of gamma) expect(g).toBeCloseTo(4, 2);
  for (const b of beta) expect(b).toBeCloseTo(-2, 2);
});

it("its closed form equals autograd's gradients", () => {
  const x = tg.randn([5, 2], { seed: 3, dtype: "float64" });
  const gamma = tg.tensor([1.5, -0.5], { dtype: "float64" });
  const g = tg.randn([5, 2], { seed: 4, dtype: "float64" });
  const xv = tg.tensor(x, { requiresGrad: true });
  const gv = tg.tensor(gamma, { requiresGrad: true });
  const bv = tg.zeros([2], { dtype: "float64", requiresGrad: true });
  tg.batchNorm(xv, gv, bv, { eps: 1e-5 }).backward(g);
  const c = closedFormBackward(x, gamma, g, 1e-5);
  const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 10));
  close(xv.grad!.toTypedArray(), c.dx.toTypedArray());
  close(gv.grad!.toTypedArray(), c.dgamma.toTypedArray());
  close(bv.grad!.toTypedArray(), c.dbeta.toTypedArray());
});
