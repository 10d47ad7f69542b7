// The loss functions, re-exported for the package entries (modules.ts, index.ts); one loss per
// file beside it.
export { type Reduction } from "./reduction.js";
export { crossEntropy, type CrossEntropyOptions } from "./cross-entropy.js";
export { nllLoss, type NllLossOptions } from "./nll-loss.js";
export { mseLoss, type RegressionLossOptions } from "./mse-loss.js";
export { l1Loss } from "./l1-loss.js";
export { bceWithLogits, type BceWithLogitsOptions } from "./bce-with-logits.js";
