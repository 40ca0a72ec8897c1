import { ARKIT_COUNT, ARKIT_NAMES, EYE_LOOK_NAMES } from '../track';
import type { LandmarkCalibration } from './calibrate';
import type { FaceLandmarks } from './face-landmarks';
import type { Intrinsics, RigMesh } from '../raster';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

/** Landmarks that take part in the fit: the 468 mesh points (the 10 iris points ride on the eyeball, which the fit does not turn). */
const MESH_POINTS = 468;

/** Shapes the landmarks cannot see: gaze (no eyeball rotation in the landmark model) and the tongue. */
const UNOBSERVED = new Set<string>([...EYE_LOOK_NAMES, 'tongueOut']);

/** The rig at the landmarks: what one frame's fit needs, precomputed once per rig. */
export interface FitModel {
  /** Landmark index (into the 478) of each fitted point. */
  landmarks: Int32Array;
  /** P × 3 rest positions relative to the head pivot, as the detector sees them head-on. */
  X0: Float64Array;
  /** The same per head turn of the calibration grid (pitches × yaws, row-major by pitch). */
  views: { pitches: number[]; yaws: number[]; X: Float64Array[] };
  /** P × 3 offsets of the person's face from the rig (zero until an identity is fitted). */
  identity: Float64Array;
  /** ARKit indices of the fitted shapes. */
  shapes: Int32Array;
  /** S × P × 3 shape offsets at the landmarks. */
  B: Float64Array;
  /** P: weight of each point in the fit (the binding's reliability). */
  rho: Float64Array;
  /**
   * P: weight of each point in the pose step: reliability over (1 + (motion / median motion)²), where
   * motion is how far the shapes can move the point — the nose bridge and eye corners hold the head's
   * pose, the lips and chin mostly say what the mouth does.
   */
  rhoPose: Float64Array;
}

export interface FitOptions {
  /** Ridge towards 0 on the weights, as a share of the mean diagonal of the normal equations. */
  ridge?: number;
  /** Pull towards the previous frame's weights, same units. */
  temporal?: number;
  /** Pose-and-weights alternations per frame. */
  iterations?: number;
}

export const FIT_DEFAULTS: Defaults<FitOptions> = Object.freeze({ ridge: 0.01, temporal: 0.01, iterations: 4 });

/**
 * Pose of the head in one frame: camera-frame point = R·(X − pivot) + T, T in metres (T[2] > 0 is the
 * distance in front of the camera: u = u0 + f·(Yx + Tx)/(Tz − Yz), v = v0 − f·(Yy + Ty)/(Tz − Yz)).
 */
export interface FramePose {
  /** Row-major 3 × 3 rotation, model axes → camera axes. */
  R: Float64Array;
  T: Float64Array;
}

export interface FrameFit extends FramePose {
  /** 52 ARKit weights (Apple order), 0…1. */
  weights: Float64Array;
  /** Root-mean-square landmark error of the fit, pixels. */
  rms: number;
}

/**
 * Precomputes the landmark model of a rig from its calibration: rest positions per head turn and the
 * detector-measured motion of each shape at the bound landmarks.
 * Example: `const model = fitModel(mesh, await calibrateLandmarks(rig, mesh, landmarker))`
 */
export function fitModel(mesh: RigMesh, cal: LandmarkCalibration): FitModel {
  const binding = cal.rest;
  const points: number[] = [];
  for (let l = 0; l < MESH_POINTS; l++) if (binding.reliability[l] > 0) points.push(l);
  const P = points.length;
  const shapes = ARKIT_NAMES.flatMap((n, k) => (mesh.basis[k] && !UNOBSERVED.has(n) ? [k] : []));
  const X0 = new Float64Array(P * 3);
  const B = new Float64Array(shapes.length * P * 3);
  const rho = new Float64Array(P);
  const at = (arr: Float32Array, l: number, a: number) => {
    let s = 0;
    for (let k = 0; k < 3; k++) s += binding.weights[3 * l + k] * arr[3 * binding.vertices[3 * l + k] + a];
    return s;
  };
  points.forEach((l, i) => {
    for (let a = 0; a < 3; a++) X0[3 * i + a] = at(mesh.rest, l, a) - mesh.headPivot[a];
    rho[i] = binding.reliability[l];
    shapes.forEach((k, j) => {
      const measured = cal.shapes[k];
      for (let a = 0; a < 3; a++) B[(j * P + i) * 3 + a] = measured ? measured[3 * l + a] : at(mesh.basis[k]!, l, a);
    });
  });
  const pitches = [...new Set(cal.views.map((v) => v.pitch))].sort((a, b) => a - b);
  const yaws = [...new Set(cal.views.map((v) => v.yaw))].sort((a, b) => a - b);
  const X: Float64Array[] = [];
  for (const pitch of pitches) {
    for (const yaw of yaws) {
      const v = cal.views.find((w) => w.pitch === pitch && w.yaw === yaw);
      const out = Float64Array.from(X0);
      if (v)
        points.forEach((l, i) => {
          if (v.valid[l]) for (let a = 0; a < 3; a++) out[3 * i + a] = v.positions[3 * l + a] - mesh.headPivot[a];
        });
      X.push(out);
    }
  }
  return {
    landmarks: Int32Array.from(points),
    X0,
    views: { pitches, yaws, X },
    identity: new Float64Array(P * 3),
    shapes: Int32Array.from(shapes),
    B,
    rho,
    rhoPose: poseWeights(B, rho, shapes.length, P),
  };
}

/** See FitModel.rhoPose. */
export function poseWeights(B: Float64Array, rho: Float64Array, S: number, P: number): Float64Array {
  const motion = new Float64Array(P);
  for (let j = 0; j < S; j++) for (let i = 0; i < P * 3; i++) motion[(i / 3) | 0] += B[j * P * 3 + i] ** 2;
  const m = Array.from(motion, Math.sqrt);
  const med = m.slice().sort((a, b) => a - b)[P >> 1] || 1;
  return Float64Array.from(rho, (r, i) => r / (1 + (m[i] / med) ** 2));
}

/** Where the grid value `x` falls: lower index and blend (clamped to the grid). */
function gridAt(grid: number[], x: number): [number, number] {
  if (grid.length < 2 || x <= grid[0]) return [0, 0];
  if (x >= grid[grid.length - 1]) return [grid.length - 2, 1];
  let i = 0;
  while (grid[i + 1] < x) i++;
  return [i, (x - grid[i]) / (grid[i + 1] - grid[i])];
}

/**
 * The rest points as the detector sees them with the head turned like `R` (bilinear in pitch and yaw over
 * the calibration grid), plus the identity offsets, into `out`.
 */
export function restPointsFor(m: FitModel, R: Float64Array, out: Float64Array): Float64Array {
  const { pitches, yaws, X } = m.views;
  if (!X.length) {
    for (let i = 0; i < out.length; i++) out[i] = m.X0[i] + m.identity[i];
    return out;
  }
  // R = Ry(yaw)·Rx(pitch)·Rz(roll): R[5] = −sin(pitch), yaw = atan2(R[2], R[8]).
  const pitch = Math.asin(Math.max(-1, Math.min(1, -R[5])));
  const yaw = Math.atan2(R[2], R[8]);
  const [pi, pa] = gridAt(pitches, pitch);
  const [yi, ya] = gridAt(yaws, yaw);
  const n = yaws.length;
  const pj = Math.min(pi + 1, pitches.length - 1),
    yj = Math.min(yi + 1, n - 1);
  const a = X[pi * n + yi],
    b = X[pi * n + yj],
    c = X[pj * n + yi],
    d = X[pj * n + yj];
  for (let i = 0; i < out.length; i++) {
    out[i] = (1 - pa) * ((1 - ya) * a[i] + ya * b[i]) + pa * ((1 - ya) * c[i] + ya * d[i]) + m.identity[i];
  }
  return out;
}

/** Current model points X = rest + Σ w·B (P × 3). */
function modelPoints(m: FitModel, rest: Float64Array, w: Float64Array, out: Float64Array): Float64Array {
  out.set(rest);
  const P = m.landmarks.length;
  for (let j = 0; j < m.shapes.length; j++) {
    const wj = w[m.shapes[j]];
    if (!wj) continue;
    const off = j * P * 3;
    for (let i = 0; i < P * 3; i++) out[i] += wj * m.B[off + i];
  }
  return out;
}

/** Small rotation exp([δ]×) applied on the left of R (Rodrigues). */
function rotateLeft(R: Float64Array, dx: number, dy: number, dz: number): void {
  const th = Math.hypot(dx, dy, dz);
  if (th < 1e-15) return;
  const [x, y, z] = [dx / th, dy / th, dz / th];
  const c = Math.cos(th),
    s = Math.sin(th),
    C = 1 - c;
  const D = [
    c + x * x * C,
    x * y * C - z * s,
    x * z * C + y * s,
    y * x * C + z * s,
    c + y * y * C,
    y * z * C - x * s,
    z * x * C - y * s,
    z * y * C + x * s,
    c + z * z * C,
  ];
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c2 = 0; c2 < 3; c2++) out[3 * r + c2] = D[3 * r] * R[c2] + D[3 * r + 1] * R[3 + c2] + D[3 * r + 2] * R[6 + c2];
  R.set(out);
}

/** Solves the small dense system A x = b (Gaussian elimination with partial pivoting), in place. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[p * n + k]] = [A[p * n + k], A[c * n + k]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    const d = A[c * n + c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / d;
      if (!f) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = b[c];
    for (let k = c + 1; k < n; k++) s -= A[c * n + k] * b[k];
    b[c] = s / (A[c * n + c] || 1e-12);
  }
  return b;
}

/**
 * Projection of one camera-frame point Y + T and its derivatives: `J` gets ∂(u, v)/∂Y (2 × 3, row-major)
 * and, since Y and T enter as their sum, the same matrix is ∂(u, v)/∂T.
 */
export function project(K: Intrinsics, Y0: number, Y1: number, Y2: number, T: Float64Array, J: Float64Array, uv: Float64Array): void {
  const a = Y0 + T[0],
    b = Y1 + T[1];
  const q = Math.max(1e-6, T[2] - Y2);
  const f = K.focal;
  uv[0] = K.u0 + (f * a) / q;
  uv[1] = K.v0 - (f * b) / q;
  J[0] = f / q;
  J[1] = 0;
  J[2] = (f * a) / (q * q);
  J[3] = 0;
  J[4] = -f / q;
  J[5] = (-f * b) / (q * q);
}

/** ∂(u, v)/∂T: the z column flips sign (depth is Tz − Yz). */
const dT = (J: Float64Array, r: number, c: number) => (c === 2 ? -J[3 * r + 2] : J[3 * r + c]);

/** Gauss–Newton steps on the 6 pose parameters (rotation, translation) with the shape fixed. */
function fitPose(m: FitModel, K: Intrinsics, obs: Float64Array, X: Float64Array, pose: FramePose, steps: number): void {
  const P = m.landmarks.length;
  const R = pose.R;
  const J = new Float64Array(6);
  const uv = new Float64Array(2);
  const row = new Float64Array(12);
  for (let it = 0; it < steps; it++) {
    const JtJ = new Float64Array(36);
    const Jtr = new Float64Array(6);
    for (let i = 0; i < P; i++) {
      const w = m.rhoPose[i];
      if (!w) continue;
      const x = X[3 * i],
        y = X[3 * i + 1],
        z = X[3 * i + 2];
      const Y0 = R[0] * x + R[1] * y + R[2] * z;
      const Y1 = R[3] * x + R[4] * y + R[5] * z;
      const Y2 = R[6] * x + R[7] * y + R[8] * z;
      project(K, Y0, Y1, Y2, pose.T, J, uv);
      const ru = obs[2 * i] - uv[0];
      const rv = obs[2 * i + 1] - uv[1];
      // Rotation δ (left): dY = δ × Y, so ∂Y/∂δx = (0, −Y2, Y1), ∂Y/∂δy = (Y2, 0, −Y0), ∂Y/∂δz = (−Y1, Y0, 0).
      for (let r = 0; r < 2; r++) {
        const j0 = J[3 * r],
          j1 = J[3 * r + 1],
          j2 = J[3 * r + 2];
        row[6 * r] = -j1 * Y2 + j2 * Y1;
        row[6 * r + 1] = j0 * Y2 - j2 * Y0;
        row[6 * r + 2] = -j0 * Y1 + j1 * Y0;
        row[6 * r + 3] = dT(J, r, 0);
        row[6 * r + 4] = dT(J, r, 1);
        row[6 * r + 5] = dT(J, r, 2);
      }
      for (let a = 0; a < 6; a++) {
        Jtr[a] += w * (row[a] * ru + row[6 + a] * rv);
        for (let b = 0; b < 6; b++) JtJ[6 * a + b] += w * (row[a] * row[b] + row[6 + a] * row[6 + b]);
      }
    }
    for (let a = 0; a < 6; a++) JtJ[7 * a] *= 1 + 1e-6;
    const d = solve(JtJ, Jtr, 6);
    rotateLeft(R, d[0], d[1], d[2]);
    pose.T[0] += d[3];
    pose.T[1] += d[4];
    pose.T[2] += d[5];
    if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) < 1e-7) break;
  }
}

/**
 * Bounded (0…1) least squares for the shape weights with the pose fixed, on the projection linearised at
 * the current weights (exact for a distant camera): projected coordinate descent.
 */
function fitWeights(
  m: FitModel,
  K: Intrinsics,
  obs: Float64Array,
  pose: FramePose,
  rest: Float64Array,
  w: Float64Array,
  prev: Float64Array | null,
  o: Required<FitOptions>,
): void {
  const P = m.landmarks.length;
  const S = m.shapes.length;
  const R = pose.R;
  const X = modelPoints(m, rest, w, new Float64Array(m.X0.length));
  // r = residual at the current weights; A = image motion per unit weight.
  const A = new Float64Array(S * P * 2);
  const r = new Float64Array(P * 2);
  const J = new Float64Array(6);
  const uv = new Float64Array(2);
  for (let i = 0; i < P; i++) {
    const x = X[3 * i],
      y = X[3 * i + 1],
      z = X[3 * i + 2];
    project(K, R[0] * x + R[1] * y + R[2] * z, R[3] * x + R[4] * y + R[5] * z, R[6] * x + R[7] * y + R[8] * z, pose.T, J, uv);
    r[2 * i] = obs[2 * i] - uv[0];
    r[2 * i + 1] = obs[2 * i + 1] - uv[1];
    for (let j = 0; j < S; j++) {
      const o3 = (j * P + i) * 3;
      const bx = m.B[o3],
        by = m.B[o3 + 1],
        bz = m.B[o3 + 2];
      const c0 = R[0] * bx + R[1] * by + R[2] * bz,
        c1 = R[3] * bx + R[4] * by + R[5] * bz,
        c2 = R[6] * bx + R[7] * by + R[8] * bz;
      A[(j * P + i) * 2] = J[0] * c0 + J[1] * c1 + J[2] * c2;
      A[(j * P + i) * 2 + 1] = J[3] * c0 + J[4] * c1 + J[5] * c2;
    }
  }
  const x0 = new Float64Array(S);
  for (let j = 0; j < S; j++) x0[j] = w[m.shapes[j]];
  // Target in terms of the weights themselves: r + A·w0 ≈ A·w.
  for (let i = 0; i < P * 2; i++) {
    let s = 0;
    for (let j = 0; j < S; j++) s += A[j * P * 2 + i] * x0[j];
    r[i] += s;
  }
  const Q = new Float64Array(S * S);
  const c = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    for (let k = j; k < S; k++) {
      let s = 0;
      for (let i = 0; i < P; i++)
        s += m.rho[i] * (A[(j * P + i) * 2] * A[(k * P + i) * 2] + A[(j * P + i) * 2 + 1] * A[(k * P + i) * 2 + 1]);
      Q[j * S + k] = Q[k * S + j] = s;
    }
    let s = 0;
    for (let i = 0; i < P; i++) s += m.rho[i] * (A[(j * P + i) * 2] * r[2 * i] + A[(j * P + i) * 2 + 1] * r[2 * i + 1]);
    c[j] = s;
  }
  let meanDiag = 0;
  for (let j = 0; j < S; j++) meanDiag += Q[j * S + j] / S;
  const lam = o.ridge * meanDiag;
  const mu = prev ? o.temporal * meanDiag : 0;
  for (let j = 0; j < S; j++) {
    Q[j * S + j] += lam + mu;
    if (prev) c[j] += mu * prev[m.shapes[j]];
  }
  const x = x0;
  for (let sweep = 0; sweep < 60; sweep++) {
    let change = 0;
    for (let j = 0; j < S; j++) {
      let s = c[j];
      for (let k = 0; k < S; k++) if (k !== j) s -= Q[j * S + k] * x[k];
      const v = Math.min(1, Math.max(0, s / Q[j * S + j]));
      change = Math.max(change, Math.abs(v - x[j]));
      x[j] = v;
    }
    if (change < 1e-5) break;
  }
  for (let j = 0; j < S; j++) w[m.shapes[j]] = x[j];
}

/** A starting pose from the landmarks' spread (no rotation), for the first frame or after a lost face. */
export function initialPose(m: FitModel, K: Intrinsics, obs: Float64Array): FramePose {
  const P = m.landmarks.length;
  let mu = 0,
    mv = 0,
    mx = 0,
    my = 0,
    n = 0;
  for (let i = 0; i < P; i++) {
    if (!m.rho[i]) continue;
    mu += obs[2 * i];
    mv += obs[2 * i + 1];
    mx += m.X0[3 * i];
    my += m.X0[3 * i + 1];
    n++;
  }
  mu /= n;
  mv /= n;
  mx /= n;
  my /= n;
  let so = 0,
    sm = 0;
  for (let i = 0; i < P; i++) {
    if (!m.rho[i]) continue;
    so += (obs[2 * i] - mu) ** 2 + (obs[2 * i + 1] - mv) ** 2;
    sm += (m.X0[3 * i] - mx) ** 2 + (m.X0[3 * i + 1] - my) ** 2;
  }
  const s = Math.sqrt(so / sm); // pixels per metre = focal / depth
  const Tz = K.focal / s;
  return { R: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), T: Float64Array.from([(mu - K.u0) / s - mx, -(mv - K.v0) / s - my, Tz]) };
}

/** The fitted points' image coordinates of a face (P × 2, in the model's landmark order). */
export function observations(m: FitModel, face: FaceLandmarks): Float64Array {
  const obs = new Float64Array(m.landmarks.length * 2);
  m.landmarks.forEach((l, i) => {
    obs[2 * i] = face.points[3 * l];
    obs[2 * i + 1] = face.points[3 * l + 1];
  });
  return obs;
}

/**
 * Fits one frame: head pose by rigid alignment (perspective camera `K`), then the ARKit weights by
 * bounded least squares against the rig's shapes at the landmarks, alternating. `start` (the previous
 * frame) seeds the pose and the weights and pulls the weights towards itself.
 * Example: `const fit = fitFrame(model, K, observations(model, face), previous)`
 */
export function fitFrame(m: FitModel, K: Intrinsics, obs: Float64Array, start: FrameFit | null, options: FitOptions = {}): FrameFit {
  const o = withDefaults(FIT_DEFAULTS, options);
  const pose: FramePose = start ? { R: Float64Array.from(start.R), T: Float64Array.from(start.T) } : initialPose(m, K, obs);
  const w = start ? Float64Array.from(start.weights) : new Float64Array(ARKIT_COUNT);
  const X = new Float64Array(m.X0.length);
  const rest = restPointsFor(m, pose.R, new Float64Array(m.X0.length));
  if (!start) {
    fitPose(m, K, obs, modelPoints(m, rest, w, X), pose, 10);
    restPointsFor(m, pose.R, rest);
  }
  for (let it = 0; it < o.iterations; it++) {
    fitPose(m, K, obs, modelPoints(m, rest, w, X), pose, 3);
    restPointsFor(m, pose.R, rest);
    fitWeights(m, K, obs, pose, rest, w, start ? start.weights : null, o);
  }
  fitPose(m, K, obs, modelPoints(m, rest, w, X), pose, 3);
  return { ...pose, weights: w, rms: fitError(m, K, obs, X, pose) };
}

/** Root-mean-square reprojection error (pixels) of model points X under a pose. */
function fitError(m: FitModel, K: Intrinsics, obs: Float64Array, X: Float64Array, pose: FramePose): number {
  const R = pose.R;
  const J = new Float64Array(6);
  const uv = new Float64Array(2);
  let e = 0,
    n = 0;
  for (let i = 0; i < m.landmarks.length; i++) {
    if (!m.rho[i]) continue;
    const x = X[3 * i],
      y = X[3 * i + 1],
      z = X[3 * i + 2];
    project(K, R[0] * x + R[1] * y + R[2] * z, R[3] * x + R[4] * y + R[5] * z, R[6] * x + R[7] * y + R[8] * z, pose.T, J, uv);
    e += (obs[2 * i] - uv[0]) ** 2 + (obs[2 * i + 1] - uv[1]) ** 2;
    n++;
  }
  return Math.sqrt(e / Math.max(1, n));
}
