// Argument checks and message formatting for all of nn (layers, losses, optimizers, state dicts,
// safetensors): the core's shared helpers (@tsgrad/ndarray/internal) plus the few that know nn's types.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, TsgradError } from "@tsgrad/ndarray";
import { type OptionKeys, checkBoolean as checkBooleanCore, describeValue } from "@tsgrad/ndarray/internal";
import type { SeedOptions } from "./init.js";

export {
  checkShape,
  orDefault,
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

/**
 * Checks an optional boolean option: `undefined` (absent) gives `fallback`; anything else, `null`
 * included, must be `true` or `false` (a ValueError naming `op` otherwise). @internal
 */
export function booleanOption(op: string, where: string, name: string, value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : checkBooleanCore(op, where, name, value);
}

/** A layer's input, which must be a Tensor (an NDArray is refused with the way to wrap it). @internal */
export function inputTensor(op: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  const hint = x instanceof NDArray ? "; wrap it with tensor(...)" : "";
  throw new TsgradError(op, `expected a Tensor as input, got ${describeValue(x)}${hint}`, {});
}

/** The option names of {@link SeedOptions}, spread into every seeded layer's and initialiser's list. @internal */
export const SEED_KEYS: OptionKeys<SeedOptions> = { seed: true, generator: true };
