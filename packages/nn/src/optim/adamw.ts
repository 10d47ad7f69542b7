// AdamW, Adam with decoupled weight decay: the Adam class of adam.ts with its own name,
// defaults and decay, in a file of its own as every optimizer.
import { type AdamOptions, type AdamVariant, Adam } from "./adam.js";
import type { ParamsInput } from "./optimizer.js";

/**
 * AdamW, as `torch.optim.AdamW`: {@link Adam} with decoupled weight decay. Each step first
 * shrinks the parameter, `θ ← θ − γλ·θ`, then applies the Adam update to it with the
 * plain gradient (no `λθ` added). Default weightDecay 1e-2. As in PyTorch, an AdamW is an
 * Adam (`instanceof Adam`).
 *
 * State per parameter: `step`, `expAvg`, `expAvgSq`, `maxExpAvgSq` (amsgrad).
 *
 * @example
 * ```ts
 * import { tensor } from "@tsgrad/autograd";
 * import { AdamW } from "@tsgrad/nn";
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.01, weightDecay: 0.1 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * ```
 * @category Optimizers
 */
export class AdamW extends Adam {
  /**
   * AdamW's name, defaults (weightDecay 1e-2) and decoupled decay.
   * @internal
   */
  protected static override readonly variant: AdamVariant = {
    name: "AdamW",
    defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false },
    decoupled: true,
  };

  /**
   * @param params - parameters, or parameter groups `{ params, ...options }`
   * @param options - hyper-parameters (defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8,
   *   weightDecay 1e-2, amsgrad false, maximize false)
   * @throws ValueError for an empty parameter list or a bad hyper-parameter
   */
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options);
  }
}
