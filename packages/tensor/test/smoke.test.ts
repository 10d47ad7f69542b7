import { describe, expect, it } from "vitest";
import { tensor, matmul } from "@tsgrad/tensor";

describe("smoke", () => {
  it("multiplies matrices", () => {
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])).toArray()).toEqual([[17], [39]]);
  });
});
