/**
 * Non-negative least squares, Lawson & Hanson (1974): minimise ‖A·x − b‖² subject to x ≥ 0.
 * `a` is row-major (rows × cols). Small problems only (tens of unknowns); deterministic.
 * Example: `nnls([[1, 0], [0, 1]], [1, -1])` → [1, 0]
 */
export function nnls(a: number[][], b: number[], maxIterations = 500): number[] {
  const cols = a[0]?.length ?? 0;
  const x = new Array<number>(cols).fill(0);
  const passive = new Array<boolean>(cols).fill(false);
  const tol = 1e-12;

  const gradient = () => {
    // w = Aᵀ(b − A·x)
    const r = b.map((bi, i) => bi - a[i].reduce((s, aij, j) => s + aij * x[j], 0));
    return Array.from({ length: cols }, (_, j) => r.reduce((s, ri, i) => s + a[i][j] * ri, 0));
  };

  /** Unconstrained least squares on the passive columns (normal equations, Gaussian elimination). */
  const solvePassive = (): number[] => {
    const idx = passive.flatMap((p, j) => (p ? [j] : []));
    const n = idx.length;
    const m = idx.map((j) => idx.map((k) => a.reduce((s, row) => s + row[j] * row[k], 0)));
    const rhs = idx.map((j) => a.reduce((s, row, i) => s + row[j] * b[i], 0));
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
      [m[c], m[p]] = [m[p], m[c]];
      [rhs[c], rhs[p]] = [rhs[p], rhs[c]];
      const d = m[c][c] || 1e-300;
      for (let r = c + 1; r < n; r++) {
        const f = m[r][c] / d;
        if (f === 0) continue;
        for (let k = c; k < n; k++) m[r][k] -= f * m[c][k];
        rhs[r] -= f * rhs[c];
      }
    }
    const sol = new Array<number>(n).fill(0);
    for (let r = n - 1; r >= 0; r--) {
      let s = rhs[r];
      for (let k = r + 1; k < n; k++) s -= m[r][k] * sol[k];
      sol[r] = s / (m[r][r] || 1e-300);
    }
    const z = new Array<number>(cols).fill(0);
    idx.forEach((j, k) => (z[j] = sol[k]));
    return z;
  };

  for (let iter = 0; iter < maxIterations; iter++) {
    const w = gradient();
    let best = -1;
    for (let j = 0; j < cols; j++) if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) best = j;
    if (best < 0) break;
    passive[best] = true;
    for (;;) {
      const z = solvePassive();
      const bad = passive.flatMap((p, j) => (p && z[j] <= 0 ? [j] : []));
      if (!bad.length) {
        for (let j = 0; j < cols; j++) x[j] = passive[j] ? z[j] : 0;
        break;
      }
      // Step back toward x until the first passive variable hits zero, then drop those at zero.
      let alpha = Infinity;
      for (const j of bad) alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
      for (let j = 0; j < cols; j++) {
        x[j] += alpha * ((passive[j] ? z[j] : 0) - x[j]);
        if (passive[j] && Math.abs(x[j]) < tol) {
          passive[j] = false;
          x[j] = 0;
        }
      }
    }
  }
  return x;
}
