import { type Quat, type Vec3, mat3ToQuat, poseQuat, quatToMat3, quatToPose } from '../retarget';

/**
 * Pinhole camera of a video: focal length and principal point, pixels. The camera looks down −Z of its
 * own axes with +Y up; image v grows downwards.
 */
export interface Intrinsics {
  focal: number;
  u0: number;
  v0: number;
}

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

const toRows = (m: ArrayLike<number>): number[][] => [
  [m[0], m[1], m[2]],
  [m[3], m[4], m[5]],
  [m[6], m[7], m[8]],
];

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

/**
 * Model-space points of a posed rig (head already turned and moved by the track) → video pixels u, v and
 * a depth that grows towards the camera, through the person's camera.
 * Example: `const screen = cameraProject(cam, poseMesh(mesh, weights, motion).positions)`
 */
export function cameraProject(
  cam: PersonCamera,
  positions: Float32Array,
  out: Float32Array = new Float32Array(positions.length),
): Float32Array {
  const R = cam.rotation;
  const [px, py, pz] = cam.pivot;
  const [Tx, Ty, Tz] = cam.translation;
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i] - px,
      y = positions[i + 1] - py,
      z = positions[i + 2] - pz;
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
