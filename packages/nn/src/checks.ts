// Argument checks and message formatting for all of nn (layers, losses, optimizers, state dicts,
// safetensors): the core's shared helpers (@tsgrad/ndarray/internal) plus the few that know nn's types.
import { Tensor } from "@tsgrad/autograd";
import { NDArray, TsgradError } from "@tsgrad/ndarray";
import { describeValue } from "@tsgrad/ndarray/internal";

export {
  checkShape,
  underName,
  checkOptions,
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
