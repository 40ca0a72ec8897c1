import { Quat, Vec3, mat3ToQuat, poseQuat, quatToMat3, quatToPose } from '../retarget/rotation';
import { FramePose, Intrinsics } from './fit-frame';

/**
 * The fixed camera of a person's video, as the tracker estimated it: a pinhole camera (focal length,
 * principal point) and where the head sits in front of it at rest (rotation, translation). Head motion
 * lives in the FaceTrack, relative to this; `cameraProject` turns a posed rig into the video's pixels,
 * for training and for inference alike.
 */
export interface PersonCamera extends Intrinsics {
  /** The video's frame size, pixels. */
  width: number;
  height: number;
  /** Rotation from the rig's model axes into the camera's (row-major 3 × 3) at rest. */
  rotation: number[];
  /** The head pivot's place at rest: x, y (metres, camera axes) and its distance in front of the camera. */
  translation: number[];
  /** The head pivot in model space (rotation centre). */
  pivot: Vec3;
}

const matMul = (a: ArrayLike<number>, b: ArrayLike<number>): number[] => {
  const o = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) o[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return o;
};
const transpose = (a: ArrayLike<number>): number[] => [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
const toRows = (m: ArrayLike<number>): number[][] => [[m[0], m[1], m[2]], [m[3], m[4], m[5]], [m[6], m[7], m[8]]];

/** Row-major rotation of track angles (pitch, yaw, roll). */
export function poseMatrix(pitch: number, yaw: number, roll: number): number[] {
  return quatToMat3(poseQuat(pitch, yaw, roll)).flat();
}

/** Track angles of a row-major rotation. */
export function matrixPose(R: ArrayLike<number>): { pitch: number; yaw: number; roll: number } {
  return quatToPose(mat3ToQuat(toRows(R)));
}

/** Angle between two row-major rotations, radians. */
export function rotationAngle(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let tr = 0;
  for (let i = 0; i < 9; i++) tr += a[i] * b[i];
  return Math.acos(Math.min(1, Math.max(-1, (tr - 1) / 2)));
}

/** Average rotation of many (chordal mean: the normalised mean quaternion, signs aligned). */
export function meanRotation(rotations: ArrayLike<number>[]): number[] {
  const acc = [0, 0, 0, 0];
  let ref: Quat | null = null;
  for (const R of rotations) {
    let q = mat3ToQuat(toRows(R));
    ref ??= q;
    if (q[0] * ref[0] + q[1] * ref[1] + q[2] * ref[2] + q[3] * ref[3] < 0) q = [-q[0], -q[1], -q[2], -q[3]];
    for (let i = 0; i < 4; i++) acc[i] += q[i];
  }
  const n = Math.hypot(...acc) || 1;
  return quatToMat3([acc[0] / n, acc[1] / n, acc[2] / n, acc[3] / n]).flat();
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/**
 * The camera of a video from its per-frame fits: median head position, mean head rotation (or the
 * front view when `front` is set: a camera known to look straight at the rig's face).
 */
export function estimateCamera(fits: FramePose[], K: Intrinsics, width: number, height: number, pivot: Vec3, front = false): PersonCamera {
  return {
    ...K,
    width,
    height,
    rotation: front ? [1, 0, 0, 0, 1, 0, 0, 0, 1] : meanRotation(fits.map((f) => f.R)),
    translation: [0, 1, 2].map((a) => median(fits.map((f) => f.T[a]))),
    pivot,
  };
}

/** One frame's fit → track pose (pitch, yaw, roll, tx, ty, tz) relative to the camera's rest. */
export function fitToPose(fit: FramePose, cam: PersonCamera): number[] {
  const Rt = transpose(cam.rotation);
  const { pitch, yaw, roll } = matrixPose(matMul(Rt, fit.R));
  // Camera-axes offset of the pivot; the third translation component is a distance (towards the camera = smaller).
  const c = [fit.T[0] - cam.translation[0], fit.T[1] - cam.translation[1], -(fit.T[2] - cam.translation[2])];
  const d = [0, 1, 2].map((r) => Rt[3 * r] * c[0] + Rt[3 * r + 1] * c[1] + Rt[3 * r + 2] * c[2]);
  return [pitch, yaw, roll, d[0], d[1], d[2]];
}

/**
 * Model-space points of a posed rig (head already turned and moved by the track) → video pixels u, v and
 * a depth that grows towards the camera, through the person's camera.
 * Example: `const screen = cameraProject(cam, poseMesh(mesh, weights, motion).positions)`
 */
export function cameraProject(cam: PersonCamera, positions: Float32Array, out: Float32Array = new Float32Array(positions.length)): Float32Array {
  const R = cam.rotation;
  const [px, py, pz] = cam.pivot;
  const [Tx, Ty, Tz] = cam.translation;
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i] - px, y = positions[i + 1] - py, z = positions[i + 2] - pz;
    const X = R[0] * x + R[1] * y + R[2] * z;
    const Y = R[3] * x + R[4] * y + R[5] * z;
    const Z = R[6] * x + R[7] * y + R[8] * z;
    const q = Math.max(1e-6, Tz - Z);
    out[i] = cam.u0 + (cam.focal * (X + Tx)) / q;
    out[i + 1] = cam.v0 - (cam.focal * (Y + Ty)) / q;
    out[i + 2] = Z;
  }
  return out;
}
