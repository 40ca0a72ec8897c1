/** Tiny dense linear algebra for the metrics (matrices are row-major number[][] of a few dozen rows). */

export type Matrix = number[][];

export function zeros(r: number, c: number): Matrix {
  return Array.from({ length: r }, () => new Array<number>(c).fill(0));
}

export function matmul(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.length, b[0].length);
  for (let i = 0; i < a.length; i++)
    for (let k = 0; k < b.length; k++) {
      const v = a[i][k];
      if (v !== 0) for (let j = 0; j < b[0].length; j++) out[i][j] += v * b[k][j];
    }
  return out;
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: values and column vectors. */
export function symmetricEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  const n = m.length;
  const a = m.map((r) => r.slice());
  const v = zeros(n, n);
  for (let i = 0; i < n; i++) v[i][i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: a.map((r, i) => r[i]), vectors: v };
}

/** S^(−1/2) of a symmetric positive (semi)definite matrix; eigenvalues below `floor` are clamped. */
export function inverseSqrt(m: Matrix, floor = 1e-12): Matrix {
  const { values, vectors } = symmetricEigen(m);
  const n = m.length;
  const out = zeros(n, n);
  for (let k = 0; k < n; k++) {
    const s = 1 / Math.sqrt(Math.max(values[k], floor));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] += vectors[i][k] * s * vectors[j][k];
  }
  return out;
}
