// AdaptiveAvgPool2d: adaptive average pooling (torch.nn.AdaptiveAvgPool2d), the "global pooling" head
// of modern CNNs, over the functional adaptiveAvgPool2d; its own file as every layer.
import { type Tensor, adaptiveAvgPool2d } from "@tsgrad/autograd";
import { ShapeError, ValueError } from "@tsgrad/ndarray";
import { describe, fmtShape, inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * Adaptive 2-D average pooling (`torch.nn.AdaptiveAvgPool2d`): whatever the input's
 * height and width, the output has `outputSize` — window `i` covers rows
 * `⌊i·H/OH⌋ … ⌈(i + 1)·H/OH⌉ − 1`, as PyTorch. `new AdaptiveAvgPool2d(1)` is the global
 * average pooling before a classifier head. A `null` entry keeps the input's size on that axis.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const gap = new tg.nn.AdaptiveAvgPool2d(1);
 * gap.forward(tg.randn([2, 16, 7, 9], { seed: 0 })).shape;                          // [2, 16, 1, 1]
 * new tg.nn.AdaptiveAvgPool2d([3, null]).forward(tg.zeros([1, 2, 10, 5])).shape;  // [1, 2, 3, 5]
 * ```
 * @category Layers
 */
export class AdaptiveAvgPool2d extends Module {
  /** The output size `[OH, OW]` (`null`: the input's). */
  readonly outputSize: readonly [number | null, number | null];

  /**
   * @param outputSize - `OH = OW`, or `[OH, OW]`, `null` keeping the input's size on that axis
   * @throws ValueError for sizes that are not integers ≥ 1 (or null)
   */
  constructor(outputSize: number | readonly [number | null, number | null]) {
    super();
    const p = typeof outputSize === "number" ? [outputSize, outputSize] : outputSize;
    if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => d === null || (typeof d === "number" && Number.isInteger(d) && d >= 1))) {
      throw new ValueError("AdaptiveAvgPool2d", `outputSize must be an integer ≥ 1 or a pair of them (null keeps the input's size), got ${describe(outputSize)}`, { outputSize });
    }
    this.outputSize = [p[0] as number | null, p[1] as number | null];
  }

  /**
   * Pools the input.
   * @param input - `(N, C, H, W)` or `(C, H, W)`
   * @returns `(N, C, OH, OW)` (or `(C, OH, OW)`)
   * @throws ShapeError for a wrong rank
   */
  forward(input: Tensor): Tensor {
    const x = inputTensor("AdaptiveAvgPool2d", input);
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError("AdaptiveAvgPool2d", `expected input (N, C, H, W) or (C, H, W), got ${fmtShape(x.shape)}`, { shape: x.shape });
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `outputSize=[…]`
   */
  override extraRepr(): string {
    return `outputSize=[${this.outputSize.map((d) => (d === null ? "null" : String(d))).join(", ")}]`;
  }
}
