import * as tg from "tsgrad";

/** Formats a tensor's rows with fixed decimals, one row per line. */
function show(t: tg.Tensor, digits = 3): string {
  const rows = t.ndim === 1 ? [t.toArray() as number[]] : (t.toArray() as number[][]);
  return rows.map((r) => "  [" + r.map((v) => v.toFixed(digits).padStart(digits + 5)).join(",") + "]").join("\n");
}

/**
 * The post's closed-form backward in its simplified form, with tensor ops:
 * dβ = Σ g, dγ = Σ g·x̂, dx = γ/(N·σ) · (N·g − Σ g − x̂ · Σ g·x̂), sums over the batch axis.
 */
export function closedFormBackward(x: tg.Tensor, gamma: tg.Tensor, g: tg.Tensor, eps: number): { dx: tg.Tensor; dgamma: tg.Tensor; dbeta: tg.Tensor } {
  const n = x.shape[0]!;
  const mu = x.mean(0, { keepdims: true });
  const xc = x.sub(mu);
  const sigma = xc.mul(xc).mean(0, { keepdims: true }).add(eps).sqrt();
  const xHat = xc.div(sigma);
  const dbeta = g.sum(0);
  const dgamma = g.mul(xHat).sum(0);
  const inner = g.mul(n).sub(dbeta.reshape([1, -1])).sub(xHat.mul(dgamma.reshape([1, -1])));
  const dx = gamma.reshape([1, -1]).div(sigma.mul(n)).mul(inner);
  return { dx, dgamma, dbeta };
}

/** Runs the walkthrough, writing what it shows through `print`; returns the learned γ and β. */
export function walkthrough(print: (line: string) => void): { gamma: number[]; beta: number[] } {
  const eps = 1e-5;
  const f64 = { dtype: "float64" } as const;
  print("1. A batch of 6 samples with 3 features, each feature with its own offset and spread:");
  const x = tg.randn([6, 3], { seed: 1, ...f64 }).mul(tg.tensor([1, 10, 0.1], f64)).add(tg.tensor([5, -20, 100], f64));
  print(show(x));
  print(`   per-feature mean ${show(x.mean(0))}`);
  print(`   per-feature std  ${show(x.std(0, { correction: 0 }))}`);

  print("\n2. After normalisation with gamma = 1 and beta = 0 (the starting values): mean 0, std 1 per feature.");
  const xHat = tg.batchNorm(x, tg.ones([3], f64), tg.zeros([3], f64), { eps });
  print(show(xHat));
  print(`   mean ${show(xHat.mean(0))}   std ${show(xHat.std(0, { correction: 0 }))}`);

  print("\n3. gamma scales and beta shifts: gamma = [2, 0.5, -1], beta = [3, 0, 10] give mean beta and std |gamma|.");
  const gamma = tg.tensor([2, 0.5, -1], f64);
  const beta = tg.tensor([3, 0, 10], f64);
  const y = tg.batchNorm(x, gamma, beta, { eps });
  print(show(y));
  print(`   mean ${show(y.mean(0))}   std ${show(y.std(0, { correction: 0 }))}`);

  print("\n4. Gradients for an upstream gradient g: autograd (BatchNorm composed of mean/sub/mul/add/sqrt/div)");
  print("   beside the post's closed form.");
  const g = tg.randn([6, 3], { seed: 2, ...f64 });
  // Leaves that record: copies of x, gamma and beta with requiresGrad.
  const xv = tg.tensor(x, { requiresGrad: true });
  const gv = tg.tensor(gamma, { requiresGrad: true });
  const bv = tg.tensor(beta, { requiresGrad: true });
  tg.batchNorm(xv, gv, bv, { eps }).backward(g);
  const closed = closedFormBackward(x, gamma, g, eps);
  print(`   dgamma autograd ${show(gv.grad!, 6)}\n          closed   ${show(closed.dgamma, 6)}`);
  print(`   dbeta  autograd ${show(bv.grad!, 6)}\n          closed   ${show(closed.dbeta, 6)}`);
  print(`   dx (first row) autograd ${show(xv.grad!.slice([[0, 1]]), 6)}\n                  closed   ${show(closed.dx.slice([[0, 1]]), 6)}`);

  print("\n5. gamma and beta learn: a BatchNorm1d layer trained (SGD) so its output matches 4·x̂ − 2.");
  const bn = new tg.nn.BatchNorm1d(3, f64);
  const opt = new tg.optim.SGD(bn.parameters(), { lr: 0.1 });
  const target = xHat.mul(4).add(-2);
  for (let step = 0; step <= 100; step++) {
    const loss = tg.nn.mseLoss(bn.forward(x), target);
    if (step % 20 === 0) {
      print(`   step ${String(step).padStart(3)}  loss ${loss.item().toFixed(6)}  gamma ${show(bn.weight!)}  beta ${show(bn.bias!)}`);
    }
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return { gamma: Array.from(bn.weight!.toTypedArray()), beta: Array.from(bn.bias!.toTypedArray()) };
}
