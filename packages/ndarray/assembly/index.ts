// Entry of the WebAssembly kernel tier: every export here is an export of the module.
export { workspaceBytes, sgemm, dgemm } from "./gemm";
export { bnMeanVar32, bnNormalize32, bnGradSums32, bnGradInput32 } from "./batch-norm";
export { binary32, unary32, sumInto32, mulSumInto32 } from "./elementwise";
export { transcendental32 } from "./transcendental";
