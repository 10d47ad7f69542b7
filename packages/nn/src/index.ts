/**
 * `@tsgrad/nn`: neural networks on top of `@tsgrad/autograd` — {@link Module} and
 * {@link Parameter}, layers, containers, weight initialisation (`init`), state dicts
 * and safetensors files, losses and optimizers. Node-only file helpers live in
 * `@tsgrad/nn/node`. The umbrella package `tsgrad` re-exports it as `tg.nn` and `tg.optim`.
 *
 * @packageDocumentation
 */
export * from "./modules.js";
export * from "./optim.js";
