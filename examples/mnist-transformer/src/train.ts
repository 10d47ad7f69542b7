// The optimization of the vision-Transformer example (AdamW on the weight matrices' decay only, a
// linear warm-up then a cosine decay, gradient clipping) on the kit's training loop.
import { type Classifier, type FitCallbacks, type LabelledImages, type Optimization, fit } from "@tsgrad/example-kit/train";
import * as tg from "tsgrad";

/** Options of {@link train}. */
export interface TrainOptions extends FitCallbacks {
  epochs: number;
  batchSize: number;
  /** AdamW's peak learning rate, reached after the warm-up and annealed to 0 along a cosine. */
  lr: number;
  /** AdamW's decoupled weight decay, applied to the weight matrices only (not to biases, norms, tokens or positions). */
  weightDecay: number;
  /** Steps of the linear warm-up from lr/100 to lr (0: none). */
  warmupSteps: number;
  /** Seed of the batch order. */
  seed: number;
  /** Largest global gradient norm; larger gradients are scaled down to it (default 1). */
  clipNorm?: number;
}

/**
 * AdamW that decays the matrices (patch embedding, attention and feed-forward weights, head) and
 * not the biases, LayerNorm scales, class token or position embeddings; its learning rate warms up
 * linearly over `warmupSteps`, then follows a cosine from the peak to 0 over the remaining steps.
 */
export function adamWWarmupCosine(o: Pick<TrainOptions, "lr" | "weightDecay" | "warmupSteps">): (model: Classifier, totalSteps: number) => Optimization {
  return (model, totalSteps) => {
    const named = model.namedParameters();
    const decayed = named.filter(([name, p]) => p.ndim === 2 && !name.endsWith("Embed") && !name.endsWith("Token")).map(([, p]) => p);
    const kept = named.filter(([, p]) => !decayed.includes(p)).map(([, p]) => p);
    const optimizer = new tg.optim.AdamW(
      [
        { params: decayed, weightDecay: o.weightDecay },
        { params: kept, weightDecay: 0 },
      ],
      { lr: o.lr },
    );
    const warmup = Math.min(o.warmupSteps, totalSteps - 1);
    const cosine = new tg.optim.CosineAnnealingLR(optimizer, totalSteps - warmup);
    const schedule = warmup < 1 ? cosine : new tg.optim.SequentialLR(optimizer, [new tg.optim.LinearLR(optimizer, 0.01, 1, warmup), cosine], [warmup]);
    return { optimizer, schedule };
  };
}

/**
 * Trains with AdamW ({@link adamWWarmupCosine}) and cross-entropy over shuffled epochs (one seeded
 * DataLoader), the gradient norm clipped to `clipNorm`.
 * @returns each epoch's test accuracy
 */
export function train(model: Classifier, trainSet: LabelledImages, testSet: LabelledImages, o: TrainOptions): number[] {
  return fit(model, trainSet, testSet, { ...o, clipNorm: o.clipNorm ?? 1, optimization: adamWWarmupCosine(o) });
}
