// PRIMITIVES, derived from the exports of the table (index.ts): apart from it so the table
// stays a plain list of exports and nothing imports itself.
import type { Primitive } from "../primitive.js";
import * as table from "./index.js";

const SUFFIX = "Primitive";

/**
 * The primitive table: every op with its own vjp, by name. Everything else in
 * tsgrad is composed from these, and its gradient follows from theirs. Derived from
 * the `<name>Primitive` exports of the one list of primitives, so an op is named once.
 *
 * @example
 * ```ts
 * import { PRIMITIVES } from "@tsgrad/autograd";
 * Object.keys(PRIMITIVES).includes("mean"); // true
 * PRIMITIVES.mean!.name;                    // "mean"
 * ```
 * @category Primitives
 */
export const PRIMITIVES: Readonly<Record<string, Primitive<never, unknown>>> = Object.freeze(
  Object.fromEntries(
    Object.entries(table)
      .filter(([key]) => key.endsWith(SUFFIX))
      .map(([key, primitive]) => [key.slice(0, -SUFFIX.length), primitive as Primitive<never, unknown>]),
  ),
);
