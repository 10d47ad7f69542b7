// The public optimizer API of @tsgrad/nn (optimizers, schedulers, clipping, state-dict types), in
// one list apart from the implementations; ../optim.ts exposes it as @tsgrad/nn/optim.
export {
  Optimizer,
  type BaseHyperParams,
  type HyperValue,
  type OptimizerLayout,
  type ParamGroup,
  type ParamGroupSpec,
  type ParamState,
  type ParamStateData,
  type ParamUpdate,
  type ParamsInput,
} from "./optimizer.js";
export { type OptimizerStateDict, type ParamGroupState } from "./optimizer-state-dict.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { AdamW } from "./adamw.js";
export { RMSprop, type RMSpropOptions } from "./rmsprop.js";
export { clipGradNorm, type ClipGradNormOptions } from "./clip-grad-norm.js";
export { clipGradValue } from "./clip-grad-value.js";
export { LRScheduler, type LRSchedulerStateDict } from "./lr-scheduler.js";
export { StepLR } from "./step-lr.js";
export { CosineAnnealingLR } from "./cosine-annealing-lr.js";
export { LinearLR } from "./linear-lr.js";
export { SequentialLR } from "./sequential-lr.js";
