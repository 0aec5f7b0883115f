/** L2-regularised logistic regression on standardised features (Newton-free batch gradient descent). */

export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** Fits weights by full-batch gradient descent; deterministic. */
export function fitLogistic(X: number[][], y: number[], l2 = 1e-3, iterations = 3000, rate = 0.1): LogisticModel {
  const n = X.length,
    d = X[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, f) => X.reduce((a, x) => a + (x[f] as number), 0) / n);
  const scale = Array.from(
    { length: d },
    (_, f) => Math.sqrt(X.reduce((a, x) => a + ((x[f] as number) - (mean[f] as number)) ** 2, 0) / n) || 1,
  );
  const Z = X.map((x) => x.map((v, f) => (v - (mean[f] as number)) / (scale[f] as number)));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const z = Z[i] as number[];
      let s = b;
      for (let f = 0; f < d; f++) s += (w[f] as number) * (z[f] as number);
      const e = 1 / (1 + Math.exp(-s)) - (y[i] as number);
      gb += e;
      for (let f = 0; f < d; f++) gw[f] = (gw[f] as number) + e * (z[f] as number);
    }
    b -= (rate * gb) / n;
    for (let f = 0; f < d; f++) w[f] = (w[f] as number) - rate * ((gw[f] as number) / n + l2 * (w[f] as number));
  }
  return { mean, scale, weights: w, bias: b };
}

/** The probability the logistic model gives `x`. */
export function predictLogistic(m: LogisticModel, x: readonly number[]): number {
  let s = m.bias;
  x.forEach((v, f) => {
    s += (m.weights[f] as number) * ((v - (m.mean[f] as number)) / (m.scale[f] as number));
  });
  return 1 / (1 + Math.exp(-s));
}
