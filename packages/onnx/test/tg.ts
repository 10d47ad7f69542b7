// The `tg` namespace for this package's tests, from the packages @tsgrad/onnx depends on: `tsgrad`
// itself depends on @tsgrad/onnx, so the tests do not import it (no workspace cycle).
export * from "@tsgrad/autograd";
export * as nn from "@tsgrad/nn";
export * as onnx from "@tsgrad/onnx";
