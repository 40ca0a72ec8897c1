/**
 * Quaternions [x, y, z, w] and 4×4 column-major matrices, glTF conventions.
 *
 * The track's pose convention (DESIGN.md): rotation = Ry(yaw)·Rx(pitch)·Rz(roll) in glTF axes
 * (+Y up, +Z out of the face, +X the face's own left), so +pitch nods down (+Z tips toward −Y),
 * +yaw turns toward the face's own left (+Z toward +X), +roll lifts the left ear (+X toward +Y).
 */
export type Quat = [number, number, number, number];
export type Vec3 = [number, number, number];
export type Mat4 = number[];

export const IDENTITY_QUAT: Quat = [0, 0, 0, 1];

export function quatMul(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export const quatConj = (q: Quat): Quat => [-q[0], -q[1], -q[2], q[3]];

export function quatNormalize(q: Quat): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3]) || 1;
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

/** Rotation of `angle` radians about a unit axis (right-hand rule). */
export function quatAxisAngle(axis: Vec3, angle: number): Quat {
  const s = Math.sin(angle / 2);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

/**
 * Track pose angles → quaternion: Ry(yaw)·Rx(pitch)·Rz(roll).
 * Example: `poseQuat(0.1, 0, 0)` nods the head down by 0.1 rad.
 */
export function poseQuat(pitch: number, yaw: number, roll: number): Quat {
  return quatMul(quatMul(quatAxisAngle([0, 1, 0], yaw), quatAxisAngle([1, 0, 0], pitch)), quatAxisAngle([0, 0, 1], roll));
}

/** Inverse of `poseQuat` (for rotations within ±90° pitch). */
export function quatToPose(q: Quat): { pitch: number; yaw: number; roll: number } {
  const m = quatToMat3(q);
  // R = Ry·Rx·Rz: m[1][2] = -sin(pitch); m[0][2] = cos(p)·sin(y); m[2][2] = cos(p)·cos(y); m[1][0] = cos(p)·sin(r); m[1][1] = cos(p)·cos(r)
  const pitch = Math.asin(Math.max(-1, Math.min(1, -m[1][2])));
  const yaw = Math.atan2(m[0][2], m[2][2]);
  const roll = Math.atan2(m[1][0], m[1][1]);
  return { pitch, yaw, roll };
}

/** Row-major 3×3 rotation matrix m[row][col]. */
export function quatToMat3(q: Quat): number[][] {
  const [x, y, z, w] = q;
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
    [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
    [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
  ];
}

/** Rotation part of a row-major 3×3 (orthonormal) matrix → quaternion. */
export function mat3ToQuat(m: number[][]): Quat {
  const tr = m[0][0] + m[1][1] + m[2][2];
  let q: Quat;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    q = [(m[2][1] - m[1][2]) / s, (m[0][2] - m[2][0]) / s, (m[1][0] - m[0][1]) / s, s / 4];
  } else if (m[0][0] > m[1][1] && m[0][0] > m[2][2]) {
    const s = Math.sqrt(1 + m[0][0] - m[1][1] - m[2][2]) * 2;
    q = [s / 4, (m[0][1] + m[1][0]) / s, (m[0][2] + m[2][0]) / s, (m[2][1] - m[1][2]) / s];
  } else if (m[1][1] > m[2][2]) {
    const s = Math.sqrt(1 + m[1][1] - m[0][0] - m[2][2]) * 2;
    q = [(m[0][1] + m[1][0]) / s, s / 4, (m[1][2] + m[2][1]) / s, (m[0][2] - m[2][0]) / s];
  } else {
    const s = Math.sqrt(1 + m[2][2] - m[0][0] - m[1][1]) * 2;
    q = [(m[0][2] + m[2][0]) / s, (m[1][2] + m[2][1]) / s, s / 4, (m[1][0] - m[0][1]) / s];
  }
  return quatNormalize(q);
}

export function rotateVec(q: Quat, v: Vec3): Vec3 {
  const m = quatToMat3(q);
  return [
    m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
    m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
    m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
  ];
}

/**
 * Angle in radians between two rotations (0 … π). Uses atan2 of the relative rotation's vector and
 * scalar parts: 2·acos(dot) loses about 3e-4 rad to rounding when the rotations are close.
 */
export function quatAngle(a: Quat, b: Quat): number {
  const d = quatMul(quatConj(a), b);
  return 2 * Math.atan2(Math.hypot(d[0], d[1], d[2]), Math.abs(d[3]));
}

/**
 * Flips signs so consecutive quaternions lie in the same hemisphere (dot ≥ 0), making LINEAR
 * (slerp) interpolation take the short way in every engine; normalises each one. In place.
 */
export function makeHemisphereContinuous(quats: Float32Array): Float32Array {
  let prev: Quat | null = null;
  for (let i = 0; i < quats.length; i += 4) {
    let q = quatNormalize([quats[i], quats[i + 1], quats[i + 2], quats[i + 3]]);
    if (prev ? q[0] * prev[0] + q[1] * prev[1] + q[2] * prev[2] + q[3] * prev[3] < 0 : q[3] < 0) {
      q = [-q[0], -q[1], -q[2], -q[3]];
    }
    quats.set(q, i);
    prev = q;
  }
  return quats;
}

/** Column-major TRS matrix (glTF node convention). */
export function composeTrs(t: Vec3, r: Quat, s: Vec3): Mat4 {
  const m = quatToMat3(r);
  return [
    m[0][0] * s[0],
    m[1][0] * s[0],
    m[2][0] * s[0],
    0,
    m[0][1] * s[1],
    m[1][1] * s[1],
    m[2][1] * s[1],
    0,
    m[0][2] * s[2],
    m[1][2] * s[2],
    m[2][2] * s[2],
    0,
    t[0],
    t[1],
    t[2],
    1,
  ];
}

/** Column-major matrix → translation, rotation, scale (no shear assumed). */
export function decomposeTrs(m: Mat4): { t: Vec3; r: Quat; s: Vec3 } {
  const sx = Math.hypot(m[0], m[1], m[2]);
  const sy = Math.hypot(m[4], m[5], m[6]);
  let sz = Math.hypot(m[8], m[9], m[10]);
  const det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[4] * (m[1] * m[10] - m[2] * m[9]) + m[8] * (m[1] * m[6] - m[2] * m[5]);
  if (det < 0) sz = -sz;
  const rot = [
    [m[0] / sx, m[4] / sy, m[8] / sz],
    [m[1] / sx, m[5] / sy, m[9] / sz],
    [m[2] / sx, m[6] / sy, m[10] / sz],
  ];
  return { t: [m[12], m[13], m[14]], r: mat3ToQuat(rot), s: [sx, sy, sz] };
}

export function mat4Mul(a: Mat4, b: Mat4): Mat4 {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
      out[c * 4 + r] = s;
    }
  }
  return out;
}

/** Inverse of an affine column-major matrix. */
export function mat4InvertAffine(m: Mat4): Mat4 {
  const a = [
    [m[0], m[4], m[8]],
    [m[1], m[5], m[9]],
    [m[2], m[6], m[10]],
  ];
  const det =
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const inv = [
    [
      (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det,
      (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det,
      (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det,
    ],
    [
      (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det,
      (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det,
      (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det,
    ],
    [
      (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det,
      (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det,
      (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det,
    ],
  ];
  const t = [m[12], m[13], m[14]];
  const it = [0, 1, 2].map((r) => -(inv[r][0] * t[0] + inv[r][1] * t[1] + inv[r][2] * t[2]));
  return [
    inv[0][0],
    inv[1][0],
    inv[2][0],
    0,
    inv[0][1],
    inv[1][1],
    inv[2][1],
    0,
    inv[0][2],
    inv[1][2],
    inv[2][2],
    0,
    it[0],
    it[1],
    it[2],
    1,
  ];
}

export function transformPoint(m: Mat4, p: Vec3): Vec3 {
  return [
    m[0] * p[0] + m[4] * p[1] + m[8] * p[2] + m[12],
    m[1] * p[0] + m[5] * p[1] + m[9] * p[2] + m[13],
    m[2] * p[0] + m[6] * p[1] + m[10] * p[2] + m[14],
  ];
}

export function transformDirection(m: Mat4, v: Vec3): Vec3 {
  return [m[0] * v[0] + m[4] * v[1] + m[8] * v[2], m[1] * v[0] + m[5] * v[1] + m[9] * v[2], m[2] * v[0] + m[6] * v[1] + m[10] * v[2]];
}
