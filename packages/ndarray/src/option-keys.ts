// The option names each options type of the core takes, checked against the type by `OptionKeys`;
// one list per type, shared by the core's calls and by autograd's calls that take the same options.
import type { OptionKeys } from "./internal.js";
import type { CreationOptions, NDArrayOptions } from "./creation.js";
import type { RandomOptions } from "./random.js";
import type { ReduceOptions, VarianceOptions } from "./kernels/reduce.js";
import type { Conv2dOptions, Im2colOptions } from "./ops/conv.js";
import type { AvgPool2dOptions, MaxPool2dOptions } from "./ops/pool.js";

/** The keys of {@link CreationOptions}. @internal */
export const CREATION_KEYS: OptionKeys<CreationOptions> = { dtype: true };

/** The keys of {@link NDArrayOptions}. @internal */
export const NDARRAY_KEYS: OptionKeys<NDArrayOptions> = { dtype: true, shape: true };

/** The keys of {@link RandomOptions}. @internal */
export const RANDOM_KEYS: OptionKeys<RandomOptions> = { seed: true, generator: true, dtype: true };

/** The keys of {@link ReduceOptions}. @internal */
export const REDUCE_KEYS: OptionKeys<ReduceOptions> = { axis: true, keepdims: true };

/** The keys of {@link VarianceOptions}. @internal */
export const VARIANCE_KEYS: OptionKeys<VarianceOptions> = { axis: true, keepdims: true, correction: true };

/** The keys of {@link Conv2dOptions}. @internal */
export const CONV2D_KEYS: OptionKeys<Conv2dOptions> = { stride: true, padding: true, dilation: true, groups: true };

/** The keys of {@link Im2colOptions}. @internal */
export const IM2COL_KEYS: OptionKeys<Im2colOptions> = { kernelSize: true, stride: true, padding: true, dilation: true };

/** The keys of {@link AvgPool2dOptions}. @internal */
export const AVG_POOL2D_KEYS: OptionKeys<AvgPool2dOptions> = { kernelSize: true, stride: true, padding: true, ceilMode: true, countIncludePad: true };

/** The keys of {@link MaxPool2dOptions}. @internal */
export const MAX_POOL2D_KEYS: OptionKeys<MaxPool2dOptions> = { ...AVG_POOL2D_KEYS, dilation: true };
