// The optimizers, schedulers and gradient clipping: what `tsgrad` re-exports as `tg.optim`.
export * from "./optim/index.js";
