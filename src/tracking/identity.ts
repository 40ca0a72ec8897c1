import type { Intrinsics } from '../raster';
import type { FaceLandmarks } from './face-landmarks';
import { type FitModel, type FrameFit, observations, project, restPointsFor } from './fit-frame';

/**
 * The person's own face shape as offsets of the rig's landmark points (P × 3, model space): the median
 * over frames of what the fit could not explain, minus every part that the rig's shapes could explain,
 * so the identity cannot swallow expressions (a wide mouth stays identity; an open one stays jawOpen).
 * Depth is not observed and stays 0.
 * Example: `const id = identityOffsets(model, landmarks, fits)`
 */
export function identityOffsets(m: FitModel, K: Intrinsics, faces: (FaceLandmarks | null)[], fits: FrameFit[]): Float64Array {
  const P = m.landmarks.length;
  const perCoord: number[][] = Array.from({ length: P * 3 }, () => []);
  const X = new Float64Array(P * 3);
  const J = new Float64Array(6);
  const uv = new Float64Array(2);
  faces.forEach((face, t) => {
    if (!face) return;
    const f = fits[t];
    const obs = observations(m, face);
    restPointsFor(m, f.R, X);
    for (let j = 0; j < m.shapes.length; j++) {
      const w = f.weights[m.shapes[j]];
      if (w) for (let i = 0; i < P * 3; i++) X[i] += w * m.B[j * P * 3 + i];
    }
    const R = f.R;
    for (let i = 0; i < P; i++) {
      const x = X[3 * i],
        y = X[3 * i + 1],
        z = X[3 * i + 2];
      project(K, R[0] * x + R[1] * y + R[2] * z, R[3] * x + R[4] * y + R[5] * z, R[6] * x + R[7] * y + R[8] * z, f.T, J, uv);
      // Pixels → metres at the point's depth (J[0] = focal / depth).
      const du = (obs[2 * i] - uv[0]) / J[0];
      const dv = -(obs[2 * i + 1] - uv[1]) / J[0];
      // Back into model axes (the image plane's two directions, rotated by Rᵀ).
      for (let a = 0; a < 3; a++) perCoord[3 * i + a].push(R[a] * du + R[3 + a] * dv);
    }
  });
  const r = Float64Array.from(perCoord, (xs) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : 0;
  });
  // Remove the part the shapes span: r − B (BᵀB + εI)⁻¹ Bᵀ r.
  const S = m.shapes.length;
  const G = new Float64Array(S * S);
  const b = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    for (let k = j; k < S; k++) {
      let s = 0;
      for (let i = 0; i < P * 3; i++) s += m.B[j * P * 3 + i] * m.B[k * P * 3 + i];
      G[j * S + k] = G[k * S + j] = s;
    }
    let s = 0;
    for (let i = 0; i < P * 3; i++) s += m.B[j * P * 3 + i] * r[i];
    b[j] = s;
  }
  let tr = 0;
  for (let j = 0; j < S; j++) tr += G[j * S + j] / S;
  for (let j = 0; j < S; j++) G[j * S + j] += 1e-6 * tr;
  const c = choleskySolve(G, b, S);
  const out = Float64Array.from(r);
  for (let j = 0; j < S; j++) for (let i = 0; i < P * 3; i++) out[i] -= c[j] * m.B[j * P * 3 + i];
  return out;
}

/** Solves a symmetric positive definite system (Cholesky). */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / L[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * The person's resting face in rig weights: per shape, the 5th percentile over all frames. Subtracted
 * from every frame, it makes the quietest moments neutral — a mouth that never quite closes on this rig
 * reads as closed — on the assumption that each expression relaxes at some point of the recording.
 * Example: `const neutral = neutralWeights(fits)`
 */
export function neutralWeights(fits: FrameFit[], quantile = 0.05): Float64Array {
  const K = fits[0]?.weights.length ?? 0;
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const xs = fits.map((f) => f.weights[k]).sort((a, b) => a - b);
    out[k] = xs.length ? xs[Math.min(xs.length - 1, Math.floor(quantile * xs.length))] : 0;
  }
  return out;
}
