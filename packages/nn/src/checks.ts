// Argument checks and message formatting for all of nn (layers, losses, optimizers, state dicts,
// safetensors): the core's shared helpers (@tsgrad/ndarray/internal) plus the few that know nn's types.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, TsgradError } from "@tsgrad/ndarray";
import { type OptionKeys, describeValue } from "@tsgrad/ndarray/internal";
import type { SeedOptions } from "./init.js";

export {
  checkShape,
  underName,
  checkOptions,
  type OptionKeys,
  unknownOption,
  checkBoolean,
  checkIntPair,
  checkInteger,
  checkNumber,
  describeValue as describe,
  fmtShape,
  isRecord,
  showValue,
} from "@tsgrad/ndarray/internal";

/** A layer's input, which must be a Tensor (an NDArray is refused with the way to wrap it). @internal */
export function inputTensor(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  const hint = x instanceof NDArray ? "; wrap it with tensor(...)" : "";
  throw new TsgradError(op, `expected a Tensor as input, got ${describeValue(x)}${hint}`, {});
}

/** The option names of {@link SeedOptions}, spread into every seeded layer's and initialiser's list. @internal */
export const SEED_KEYS: OptionKeys<SeedOptions> = { seed: true, generator: true };
