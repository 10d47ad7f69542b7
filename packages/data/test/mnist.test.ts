import { describe, expect, it } from "vitest";
import { ShapeError, ValueError } from "@tsgrad/ndarray";
import { Tensor } from "@tsgrad/autograd";
import { IdxFormatError, decodeMnist, decodeMnistImages, decodeMnistLabels } from "@tsgrad/data";
import { writeIdx } from "./idx-writer.js";
import { catchError } from "./catch-error.js";

/** Two 2×3 images with pixels 0, 51, …, 255 and labels 3 and 8. */
const PIXELS = [0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 1];
const images = writeIdx("ubyte", [2, 2, 3], PIXELS);
const labels = writeIdx("ubyte", [2], [3, 8]);

describe("decodeMnistImages", () => {
  it("flattens and scales to [0, 1] in float32 by default", () => {
    const t = decodeMnistImages(images);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.requiresGrad).toBe(false);
    expect(t.dtype).toBe("float32");
    expect(t.shape).toEqual([2, 6]);
    expect(Array.from(t.toTypedArray())).toEqual(PIXELS.map((p) => Math.fround(p / 255)));
  });

  it("keeps (N, 1, rows, cols) without flatten, raw values without normalize, float64 on request", () => {
    const t = decodeMnistImages(images, { flatten: false, normalize: false, dtype: "float64" });
    expect(t.shape).toEqual([2, 1, 2, 3]);
    expect(t.dtype).toBe("float64");
    expect(Array.from(t.toTypedArray())).toEqual(PIXELS);
    expect(Array.from(decodeMnistImages(images, { dtype: "float64" }).toTypedArray())).toEqual(PIXELS.map((p) => p / 255));
  });

  it("refuses files that are not 3-D unsigned bytes, and bad options", () => {
    expect((catchError(() => decodeMnistImages(labels)) as Error).message).toMatch(
      /decodeMnistImages: MNIST images are an IDX file of unsigned bytes with 3 dimensions.*got ubyte with shape \[2\]/,
    );
    expect(catchError(() => decodeMnistImages(writeIdx("int32", [1, 1, 1], [0])))).toBeInstanceOf(IdxFormatError);
    expect(catchError(() => decodeMnistImages(images.subarray(0, 20)))).toBeInstanceOf(IdxFormatError);
    expect(catchError(() => decodeMnistImages(images, { flatten: "yes" } as never))).toBeInstanceOf(ValueError);
    expect(catchError(() => decodeMnistImages(images, { dtype: "int32" } as never))).toBeInstanceOf(ValueError);
    expect(catchError(() => decodeMnistImages(images, { normalise: true } as never))).toBeInstanceOf(ValueError);
  });
});

describe("decodeMnistLabels", () => {
  it("gives int32 labels and refuses anything but 1-D unsigned bytes", () => {
    const t = decodeMnistLabels(labels);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toEqual([3, 8]);
    expect(catchError(() => decodeMnistLabels(images))).toBeInstanceOf(IdxFormatError);
    expect(catchError(() => decodeMnistLabels(writeIdx("sbyte", [2], [1, 2])))).toBeInstanceOf(IdxFormatError);
  });
});

describe("decodeMnist", () => {
  it("decodes both splits, naming the file in errors and checking the counts", () => {
    const m = decodeMnist({ trainImages: images, trainLabels: labels, testImages: images, testLabels: labels }, { flatten: false });
    for (const split of [m.train, m.test]) for (const t of [split.images, split.labels]) expect(t).toBeInstanceOf(Tensor);
    expect(m.train.images.shape).toEqual([2, 1, 2, 3]);
    expect(m.test.labels.toArray()).toEqual([3, 8]);
    const e = catchError(() => decodeMnist({ trainImages: images, trainLabels: labels, testImages: labels, testLabels: labels }));
    expect(e).toBeInstanceOf(IdxFormatError);
    expect((e as Error).message).toMatch(/^decodeMnist: testImages: MNIST images/);
    const short = writeIdx("ubyte", [1], [3]);
    const mismatch = catchError(() => decodeMnist({ trainImages: images, trainLabels: short, testImages: images, testLabels: labels }));
    expect(mismatch).toBeInstanceOf(ShapeError);
    expect((mismatch as Error).message).toMatch(/the train split has 2 images but 1 labels/);
    expect(catchError(() => decodeMnist({ trainImages: images } as never))).toBeInstanceOf(ValueError);
  });
});
