// Reference optimizers for the tests: scalar float64 loops written from the formulas
// torch.optim documents, independent of the implementation. Each takes a starting value
// and the gradient of every step and returns the value after each step.

export interface SgdRef {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export function sgdReference(theta0: number, grads: readonly number[], o: SgdRef): number[] {
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = o;
  let theta = theta0;
  let b: number | undefined;
  return grads.map((grad) => {
    let g = maximize ? -grad : grad;
    if (weightDecay !== 0) g += weightDecay * theta;
    if (momentum !== 0) {
      b = b === undefined ? g : momentum * b + (1 - dampening) * g;
      g = nesterov ? g + momentum * b : b;
    }
    theta -= lr * g;
    return theta;
  });
}

export interface AdamRef {
  lr: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
  decoupled?: boolean;
}

export function adamReference(theta0: number, grads: readonly number[], o: AdamRef): number[] {
  const { lr, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false, decoupled = false } = o;
  const [b1, b2] = betas;
  let theta = theta0;
  let m = 0;
  let v = 0;
  let vmax = 0;
  return grads.map((grad, i) => {
    const t = i + 1;
    let g = maximize ? -grad : grad;
    if (weightDecay !== 0) {
      if (decoupled) theta *= 1 - lr * weightDecay;
      else g += weightDecay * theta;
    }
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - b1 ** t);
    vmax = Math.max(vmax, v);
    const vHat = (amsgrad ? vmax : v) / (1 - b2 ** t);
    theta -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    return theta;
  });
}

export interface RmspropRef {
  lr: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}

export function rmspropReference(theta0: number, grads: readonly number[], o: RmspropRef): number[] {
  const { lr, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = o;
  let theta = theta0;
  let v = 0;
  let gAvg = 0;
  let b = 0;
  return grads.map((grad) => {
    let g = maximize ? -grad : grad;
    if (weightDecay !== 0) g += weightDecay * theta;
    v = alpha * v + (1 - alpha) * g * g;
    let vTilde = v;
    if (centered) {
      gAvg = alpha * gAvg + (1 - alpha) * g;
      vTilde = v - gAvg * gAvg;
    }
    if (momentum > 0) {
      b = momentum * b + g / (Math.sqrt(vTilde) + eps);
      theta -= lr * b;
    } else {
      theta -= (lr * g) / (Math.sqrt(vTilde) + eps);
    }
    return theta;
  });
}
