import { inverseSqrt, matmul, type Matrix, symmetricEigen, transpose, zeros } from './linalg';

function covariance(x: Matrix, y: Matrix, mx: number[], my: number[]): Matrix {
  const n = x.length;
  const c = zeros(x[0].length, y[0].length);
  for (let t = 0; t < n; t++)
    for (let i = 0; i < mx.length; i++) {
      const a = x[t][i] - mx[i];
      for (let j = 0; j < my.length; j++) c[i][j] += a * (y[t][j] - my[j]);
    }
  return c.map((r) => r.map((v) => v / Math.max(1, n - 1)));
}

const mean = (x: Matrix) => x[0].map((_, j) => x.reduce((s, r) => s + r[j], 0) / x.length);

/**
 * First canonical correlation between two multivariate series (rows = time steps), as the paper's
 * CCA metric (4.3). Constant columns carry no information and are ignored (ridge `eps` keeps it finite).
 * Example: `cca(predictedSpeedRows, trueSpeedRows) // 0 … 1`
 */
export function cca(x: Matrix, y: Matrix, eps = 1e-9): number {
  if (x.length !== y.length) throw new Error(`cca: series lengths differ (${x.length} vs ${y.length})`);
  if (x.length < 3) return 0;
  const mx = mean(x);
  const my = mean(y);
  const cxx = covariance(x, x, mx, mx);
  const cyy = covariance(y, y, my, my);
  const cxy = covariance(x, y, mx, my);
  const scale = (c: Matrix) => Math.max(...c.map((r, i) => r[i]), 1e-30);
  const sx = scale(cxx);
  const sy = scale(cyy);
  // Columns with (near) zero variance would make the whitening explode: drop them.
  const keep = (c: Matrix, s: number) => c.map((_, i) => i).filter((i) => c[i][i] > s * 1e-8);
  const kx = keep(cxx, sx);
  const ky = keep(cyy, sy);
  if (!kx.length || !ky.length) return 0;
  const sub = (c: Matrix, rows: number[], cols: number[]) => rows.map((i) => cols.map((j) => c[i][j]));
  const reg = (c: Matrix, s: number) => c.map((r, i) => r.map((v, j) => v + (i === j ? eps * s : 0)));
  const wx = inverseSqrt(reg(sub(cxx, kx, kx), sx));
  const wy = inverseSqrt(reg(sub(cyy, ky, ky), sy));
  const m = matmul(matmul(wx, sub(cxy, kx, ky)), wy);
  const { values } = symmetricEigen(matmul(m, transpose(m)));
  return Math.min(1, Math.sqrt(Math.max(0, Math.max(...values))));
}
