import { type NDArray, mean, mul, randn, std, sub, sum, ndarray, div, sqrt, add, reshape } from "@tsgrad/ndarray";
import { batchNorm, tensor } from "@tsgrad/autograd";
import { BatchNorm1d, SGD, mseLoss } from "@tsgrad/nn";

/** Formats a tensor's rows with fixed decimals, one row per line. */
function show(t: NDArray, digits = 3): string {
  const rows = t.ndim === 1 ? [t.toArray() as number[]] : (t.toArray() as number[][]);
  return rows.map((r) => "  [" + r.map((v) => v.toFixed(digits).padStart(digits + 5)).join(",") + "]").join("\n");
}

/**
 * The post's closed-form backward in its simplified form, with tensor ops:
 * dβ = Σ g, dγ = Σ g·x̂, dx = γ/(N·σ) · (N·g − Σ g − x̂ · Σ g·x̂), sums over the batch axis.
 */
export function closedFormBackward(x: NDArray, gamma: NDArray, g: NDArray, eps: number): { dx: NDArray; dgamma: NDArray; dbeta: NDArray } {
  const n = x.shape[0]!;
  const mu = mean(x, { axis: 0, keepdims: true });
  const xc = sub(x, mu);
  const sigma = sqrt(add(mean(mul(xc, xc), { axis: 0, keepdims: true }), eps));
  const xHat = div(xc, sigma);
  const dbeta = sum(g, { axis: 0 });
  const dgamma = sum(mul(g, xHat), { axis: 0 });
  const inner = sub(sub(mul(g, n), reshape(dbeta, [1, -1])), mul(xHat, reshape(dgamma, [1, -1])));
  const dx = mul(div(reshape(gamma, [1, -1]), mul(sigma, n)), inner);
  return { dx, dgamma, dbeta };
}

/** Runs the walkthrough, writing what it shows through `print`; returns the learned γ and β. */
export function walkthrough(print: (line: string) => void): { gamma: number[]; beta: number[] } {
  const eps = 1e-5;
  print("1. A batch of 6 samples with 3 features, each feature with its own offset and spread:");
  const x = add(mul(randn([6, 3], { seed: 1, dtype: "float64" }), ndarray([1, 10, 0.1], { dtype: "float64" })), ndarray([5, -20, 100], { dtype: "float64" }));
  print(show(x));
  print(`   per-feature mean ${show(mean(x, { axis: 0 }))}`);
  print(`   per-feature std  ${show(std(x, { axis: 0, correction: 0 }))}`);

  print("\n2. After normalisation with gamma = 1 and beta = 0 (the starting values): mean 0, std 1 per feature.");
  const ones = ndarray([1, 1, 1], { dtype: "float64" });
  const zeros = ndarray([0, 0, 0], { dtype: "float64" });
  const xHat = batchNorm(x, ones, zeros, { eps }).data;
  print(show(xHat));
  print(`   mean ${show(mean(xHat, { axis: 0 }))}   std ${show(std(xHat, { axis: 0, correction: 0 }))}`);

  print("\n3. gamma scales and beta shifts: gamma = [2, 0.5, -1], beta = [3, 0, 10] give mean beta and std |gamma|.");
  const gamma = ndarray([2, 0.5, -1], { dtype: "float64" });
  const beta = ndarray([3, 0, 10], { dtype: "float64" });
  const y = batchNorm(x, gamma, beta, { eps }).data;
  print(show(y));
  print(`   mean ${show(mean(y, { axis: 0 }))}   std ${show(std(y, { axis: 0, correction: 0 }))}`);

  print("\n4. Gradients for an upstream gradient g: autograd (BatchNorm composed of mean/sub/mul/add/sqrt/div)");
  print("   beside the post's closed form.");
  const g = randn([6, 3], { seed: 2, dtype: "float64" });
  const xv = tensor(x, { requiresGrad: true });
  const gv = tensor(gamma, { requiresGrad: true });
  const bv = tensor(beta, { requiresGrad: true });
  batchNorm(xv, gv, bv, { eps }).backward(g);
  const closed = closedFormBackward(x, gamma, g, eps);
  print(`   dgamma autograd ${show(gv.grad!.data, 6)}\n          closed   ${show(closed.dgamma, 6)}`);
  print(`   dbeta  autograd ${show(bv.grad!.data, 6)}\n          closed   ${show(closed.dbeta, 6)}`);
  print(`   dx (first row) autograd ${show(xv.grad!.data.slice([[0, 1]]), 6)}\n                  closed   ${show(closed.dx.slice([[0, 1]]), 6)}`);

  print("\n5. gamma and beta learn: a BatchNorm1d layer trained (SGD) so its output matches 4·x̂ − 2.");
  const bn = new BatchNorm1d(3, { dtype: "float64" });
  const opt = new SGD(bn.parameters(), { lr: 0.1 });
  const target = add(mul(xHat, 4), -2);
  for (let step = 0; step <= 100; step++) {
    const loss = mseLoss(bn.forward(x), target);
    if (step % 20 === 0) {
      print(`   step ${String(step).padStart(3)}  loss ${loss.item().toFixed(6)}  gamma ${show(bn.weight!.data)}  beta ${show(bn.bias!.data)}`);
    }
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return { gamma: Array.from(bn.weight!.data.toTypedArray()), beta: Array.from(bn.bias!.data.toTypedArray()) };
}
