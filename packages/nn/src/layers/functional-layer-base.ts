// FunctionalLayerBase, the base of the layers that apply one functional op with settings they hold
// (LeakyReLU, Softmax, ELU, …): their forward and repr once, each layer only its op and checks.
import type { Tensor } from "@tsgrad/autograd";
import { inputTensor } from "../checks.js";
import { Module } from "../module.js";

/**
 * The base of the layers that are one functional op applied with settings the layer holds:
 * {@link LeakyReLU}, {@link Softmax}, {@link LogSoftmax}, {@link ELU}, {@link Softplus},
 * {@link Hardtanh}, {@link GELU}. `forward(input)` refuses anything but a Tensor (the error
 * names the layer) and applies the op with the settings; `toString()` shows them. A subclass
 * checks its settings, declares them as properties (`declare readonly dim: number`) and
 * hands them to the constructor with its op.
 *
 * @example
 * ```ts
 * import * as tg from "tsgrad";
 * const layers: tg.nn.FunctionalLayerBase[] = [new tg.nn.LeakyReLU(0.1), new tg.nn.Softmax(0)];
 * layers.map((l) => l.extraRepr()); // ["negativeSlope=0.1", "dim=0"]
 * layers[1]!.forward(tg.tensor([0, 0])).toArray(); // [0.5, 0.5]
 * ```
 * @category Layers
 */
export abstract class FunctionalLayerBase extends Module {
  readonly #name: string;
  readonly #op: (x: Tensor, ...settings: never[]) => Tensor;
  readonly #settings: readonly string[];

  /**
   * @param name - the layer's name, for errors
   * @param op - the functional op, called with the input and the settings' values in order
   * @param settings - the checked settings by name, in the op's order; each becomes a property
   */
  protected constructor(name: string, op: (x: Tensor, ...settings: never[]) => Tensor, settings: Readonly<Record<string, number | string>>) {
    super();
    this.#name = name;
    this.#op = op;
    this.#settings = Object.keys(settings);
    Object.assign(this, settings);
  }

  /**
   * Applies the layer's op to the input with the layer's settings.
   * @param input - a Tensor of any shape the op takes
   * @returns the op's output
   * @throws TsgradError naming the layer for an input that is not a Tensor
   */
  forward(input: Tensor): Tensor {
    const values = this.#settings.map((key) => (this as unknown as Record<string, never>)[key]!);
    return this.#op(inputTensor(this.#name, input), ...values);
  }

  /**
   * The settings shown by `toString()`.
   * @returns `name=value` for each setting (strings quoted), e.g. `dim=1`
   */
  override extraRepr(): string {
    return this.#settings
      .map((key) => {
        const value = (this as unknown as Record<string, unknown>)[key];
        return `${key}=${typeof value === "string" ? `"${value}"` : String(value)}`;
      })
      .join(", ");
  }
}
