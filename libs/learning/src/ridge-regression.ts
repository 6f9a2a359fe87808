/**
 * Ridge regression on standardised inputs: each column centred and scaled to
 * unit variance over the training rows, the target centred, then
 * (XᵀX + λI) w = Xᵀy solved exactly (the inputs are a dozen columns, so
 * Gaussian elimination is instant). The intercept is the target's mean and is
 * not shrunk.
 */

export interface RidgeFit {
  means: number[];
  scales: number[];
  weights: number[];
  intercept: number;
}

export function fitRidge(rows: readonly (readonly number[])[], targets: readonly number[], lambda: number): RidgeFit {
  if (rows.length === 0 || rows.length !== targets.length) throw new RangeError(`fitRidge: need as many targets as rows, at least one (got ${rows.length} rows, ${targets.length} targets)`);
  if (!(lambda > 0)) throw new RangeError(`fitRidge: lambda must be > 0 (got ${lambda})`);
  const d = rows[0].length;
  const n = rows.length;
  const means = Array.from({ length: d }, (_, j) => rows.reduce((sum, r) => sum + r[j], 0) / n);
  // A constant column gets scale 1 so it standardises to 0 rather than NaN.
  const scales = means.map((m, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r[j] - m) ** 2, 0) / n) || 1);
  const intercept = targets.reduce((sum, t) => sum + t, 0) / n;
  const gram = Array.from({ length: d }, (_, j) => new Array<number>(d).fill(0).map((_, k) => (j === k ? lambda : 0)));
  const moment = new Array<number>(d).fill(0);
  rows.forEach((row, i) => {
    const z = row.map((v, j) => (v - means[j]) / scales[j]);
    for (let j = 0; j < d; j++) {
      moment[j] += z[j] * (targets[i] - intercept);
      for (let k = 0; k < d; k++) gram[j][k] += z[j] * z[k];
    }
  });
  return { means, scales, weights: solve(gram, moment), intercept };
}

export function predictRidge(fit: RidgeFit, row: readonly number[]): number {
  return row.reduce((sum, v, j) => sum + (fit.weights[j] * (v - fit.means[j])) / fit.scales[j], fit.intercept);
}

/** A x = b by Gaussian elimination with partial pivoting; A is symmetric positive definite here (λ > 0). */
function solve(matrix: number[][], rhs: number[]): number[] {
  const a = matrix.map((row) => [...row]);
  const b = [...rhs];
  const d = b.length;
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    [b[c], b[pivot]] = [b[pivot], b[c]];
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const factor = a[r][c] / a[c][c];
      for (let k = c; k < d; k++) a[r][k] -= factor * a[c][k];
      b[r] -= factor * b[c];
    }
  }
  return b.map((v, j) => v / a[j][j]);
}
