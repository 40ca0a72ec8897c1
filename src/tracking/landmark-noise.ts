import { FaceLandmarks } from './face-landmarks';
import { FitModel, FrameFit, Intrinsics, observations, project } from './fit-frame';

/**
 * How far each landmark strays from the fitted rig over a video: the median absolute deviation (pixels)
 * of its residual about its own median (the median itself is the face's shape, not noise). A landmark
 * the detector places inconsistently on this face — a lip corner on a wide-open mouth, a cheek point with
 * no texture — gets a large spread. Returns P spreads.
 * Example: `const spread = landmarkSpread(model, K, faces, fits)`
 */
export function landmarkSpread(m: FitModel, K: Intrinsics, faces: (FaceLandmarks | null)[], fits: FrameFit[]): Float64Array {
  const P = m.landmarks.length;
  const res: number[][] = Array.from({ length: P * 2 }, () => []);
  const X = new Float64Array(P * 3);
  const J = new Float64Array(6);
  const uv = new Float64Array(2);
  faces.forEach((face, t) => {
    if (!face) return;
    const f = fits[t];
    const obs = observations(m, face);
    X.set(m.X0);
    for (let j = 0; j < m.shapes.length; j++) {
      const w = f.weights[m.shapes[j]];
      if (w) for (let i = 0; i < P * 3; i++) X[i] += w * m.B[j * P * 3 + i];
    }
    const R = f.R;
    for (let i = 0; i < P; i++) {
      const x = X[3 * i], y = X[3 * i + 1], z = X[3 * i + 2];
      project(K, R[0] * x + R[1] * y + R[2] * z, R[3] * x + R[4] * y + R[5] * z, R[6] * x + R[7] * y + R[8] * z, f.T, J, uv);
      res[2 * i].push(obs[2 * i] - uv[0]);
      res[2 * i + 1].push(obs[2 * i + 1] - uv[1]);
    }
  });
  const med = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : 0;
  };
  const out = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    const du = res[2 * i], dv = res[2 * i + 1];
    const mu = med(du), mv = med(dv);
    out[i] = med(du.map((d, k) => Math.hypot(d - mu, dv[k] - mv)));
  }
  return out;
}

/**
 * Fit weights from spreads: reliability / (spread² + floor²), normalised to a mean of 1 over the points
 * in use, so the fit listens most to the landmarks that behave.
 */
export function weightsFromSpread(m: FitModel, spread: Float64Array, floor = 0.5): Float64Array {
  const rho = Float64Array.from(m.rho, (r, i) => (r > 0 ? r / (spread[i] ** 2 + floor * floor) : 0));
  let sum = 0, n = 0;
  for (const r of rho) if (r > 0) (sum += r), n++;
  return rho.map((r) => (r * n) / (sum || 1));
}
