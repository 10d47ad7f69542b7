// Entry of the WebAssembly kernel tier: every export here is an export of the module.
export { workspaceBytes, sgemm, dgemm } from "./gemm";
