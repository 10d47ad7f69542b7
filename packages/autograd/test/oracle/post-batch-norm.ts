/**
 * The post's NumPy `BatchNormalization` class, ported line for line to TypeScript as a
 * test oracle (it is not library code). Arrays are row-major Float64Arrays with a
 * shape; the 2-D core works on (rows, features), and 4-D NCHW input is transposed
 * to NHWC and reshaped to (N·H·W, C) exactly as the post does.
 */

export interface Array64 {
  data: Float64Array;
  shape: number[];
}

/** NCHW → (N·H·W, C), the post's `x.transpose(0, 2, 3, 1).reshape(N*H*W, C)`. */
export function nchwToRows(x: Array64): Array64 {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++)
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++) out[((i * h + y) * w + z) * c + j] = x.data[((i * c + j) * h + y) * w + z]!;
  return { data: out, shape: [n * h * w, c] };
}

/** (N·H·W, C) → NCHW, the post's `out.reshape(N, H, W, C).transpose(0, 3, 1, 2)`. */
export function rowsToNchw(rows: Array64, shape: number[]): Array64 {
  const [n, c, h, w] = shape as [number, number, number, number];
  const out = new Float64Array(rows.data.length);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++)
      for (let y = 0; y < h; y++)
        for (let z = 0; z < w; z++) out[((i * c + j) * h + y) * w + z] = rows.data[((i * h + y) * w + z) * c + j]!;
  return { data: out, shape: shape.slice() };
}

export class PostBatchNormalization {
  gamma: Float64Array;
  beta: Float64Array;
  rho: number;
  movingMean: Float64Array | null;
  movingVar: Float64Array | null;
  epsilon: number;
  batchSize: number | null = null;
  xMu: Float64Array | null = null;
  xStd: Float64Array | null = null;
  std: Float64Array | null = null;
  dgamma: Float64Array | null = null;
  dbeta: Float64Array | null = null;

  constructor(gamma: Float64Array, beta: Float64Array, rho = 0.9, movingMean: Float64Array | null = null, movingVar: Float64Array | null = null, epsilon = 1e-8) {
    this.gamma = gamma;
    this.beta = beta;
    this.rho = rho;
    this.movingMean = movingMean;
    this.movingVar = movingVar;
    // The post passes epsilon=1e-8 as a default argument of __forward; it is kept here.
    this.epsilon = epsilon;
  }

  forward(x: Array64, trainFlg = true): Array64 {
    if (x.shape.length === 4) {
      const rows = nchwToRows(x);
      const out = this.forward2d(rows, trainFlg);
      return rowsToNchw(out, x.shape);
    }
    if (x.shape.length === 2) return this.forward2d(x, trainFlg);
    throw new Error("the post handles 2-D and 4-D input only");
  }

  private forward2d(x: Array64, trainFlg: boolean): Array64 {
    const [n, d] = x.shape as [number, number];
    if (this.movingMean === null || this.movingVar === null) {
      this.movingMean = new Float64Array(d);
      this.movingVar = new Float64Array(d);
    }
    const xMu = new Float64Array(n * d);
    const xStd = new Float64Array(n * d);
    if (trainFlg) {
      const mu = colMean(x.data, n, d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xMu[i * d + j] = x.data[i * d + j]! - mu[j]!;
      const sq = new Float64Array(n * d);
      for (let k = 0; k < sq.length; k++) sq[k] = xMu[k]! ** 2;
      const variance = colMean(sq, n, d);
      const std = new Float64Array(d);
      for (let j = 0; j < d; j++) std[j] = Math.sqrt(variance[j]! + this.epsilon);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xStd[i * d + j] = xMu[i * d + j]! / std[j]!;
      this.batchSize = n;
      this.xMu = xMu;
      this.xStd = xStd;
      this.std = std;
      for (let j = 0; j < d; j++) {
        this.movingMean[j] = this.rho * this.movingMean[j]! + (1 - this.rho) * mu[j]!;
        this.movingVar[j] = this.rho * this.movingVar[j]! + (1 - this.rho) * variance[j]!;
      }
    } else {
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) {
          xMu[i * d + j] = x.data[i * d + j]! - this.movingMean[j]!;
          xStd[i * d + j] = xMu[i * d + j]! / Math.sqrt(this.movingVar[j]! + this.epsilon);
        }
    }
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = this.gamma[j]! * xStd[i * d + j]! + this.beta[j]!;
    return { data: out, shape: [n, d] };
  }

  backward(dout: Array64): Array64 {
    if (dout.shape.length === 4) {
      const rows = nchwToRows(dout);
      const dx = this.backward2d(rows);
      return rowsToNchw(dx, dout.shape);
    }
    if (dout.shape.length === 2) return this.backward2d(dout);
    throw new Error("the post handles 2-D and 4-D input only");
  }

  private backward2d(dout: Array64): Array64 {
    const [n, d] = dout.shape as [number, number];
    const g = dout.data;
    const xStd = this.xStd!;
    const xMu = this.xMu!;
    const std = this.std!;
    const bs = this.batchSize!;
    // dbeta = np.sum(dout, axis=0)
    const dbeta = colSum(g, n, d);
    // dgamma = np.sum(self.x_std * dout, axis=0)
    const dgamma = colSum(elementwise(xStd, g, (a, b) => a * b), n, d);
    // a1 = self.gamma * dout
    const a1 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) a1[i * d + j] = this.gamma[j]! * g[i * d + j]!;
    // a2 = a1 / self.std
    const a2 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) a2[i * d + j] = a1[i * d + j]! / std[j]!;
    // a3 = np.sum(a1 * self.x_mu, axis=0)
    const a3 = colSum(elementwise(a1, xMu, (a, b) => a * b), n, d);
    // a4 = -(a3) / (self.std * self.std)
    const a4 = a3.map((v, j) => -v / (std[j]! * std[j]!));
    // a5 = 0.5 * a4 / self.std
    const a5 = a4.map((v, j) => (0.5 * v) / std[j]!);
    // a6 = a5 / self.batch_size
    const a6 = a5.map((v) => v / bs);
    // a7 = 2.0 * self.x_mu * a6
    const a7 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) a7[i * d + j] = 2.0 * xMu[i * d + j]! * a6[j]!;
    // a8 = np.sum(-(a2 + a7), axis=0)
    const a8 = colSum(elementwise(a2, a7, (a, b) => -(a + b)), n, d);
    // dx = a2 + a7 + a8 / self.batch_size
    const dx = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) dx[i * d + j] = a2[i * d + j]! + a7[i * d + j]! + a8[j]! / bs;
    this.dgamma = dgamma;
    this.dbeta = dbeta;
    return { data: dx, shape: [n, d] };
  }
}

function colSum(a: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j]! += a[i * d + j]!;
  return out;
}

function colMean(a: Float64Array, n: number, d: number): Float64Array {
  return colSum(a, n, d).map((v) => v / n);
}

function elementwise(a: Float64Array, b: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = f(a[k]!, b[k]!);
  return out;
}
