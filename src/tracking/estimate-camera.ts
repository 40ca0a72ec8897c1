import { type Intrinsics, type PersonCamera, matrixPose, meanRotation } from '../raster';
import type { Vec3 } from '../retarget';
import type { FramePose } from './fit-frame';

const matMul = (a: ArrayLike<number>, b: ArrayLike<number>): number[] => {
  const o = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) o[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return o;
};
const transpose = (a: ArrayLike<number>): number[] => [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];

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
