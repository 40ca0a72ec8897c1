import { ARKIT_COUNT, type FaceTrack, POSE_DIM, assertValidTrack } from '../track';
import { eyeAngles } from './eye-gaze';
import type { GltfJson } from './glb';
import { nodeTrs, parentsOf, worldMatrix } from './node-tree';
import type { Rig, RigTargetSet } from './rig';
import {
  type Mat4,
  type Quat,
  type Vec3,
  decomposeTrs,
  makeHemisphereContinuous,
  mat4InvertAffine,
  poseQuat,
  quatConj,
  quatMul,
  quatNormalize,
  transformDirection,
} from './rotation';
import { applyMix } from './viseme-mix';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

export interface BakeOptions {
  /** Share of the head rotation carried by the neck bone when the rig has one (0 = all on the head). */
  neckShare?: number;
}

export const BAKE_DEFAULTS: Defaults<BakeOptions> = Object.freeze({ neckShare: 0 });

/** A node's animated local rotation (T × 4, hemisphere-continuous) and optionally translation (T × 3). */
export interface NodeTrack {
  node: number;
  rotation: Float32Array;
  translation?: Float32Array;
}

/** A track sampled onto one rig, in the rig's own node spaces; every exporter writes from this. */
export interface BakedClip {
  fps: number;
  frameCount: number;
  /** Key times, seconds (frame k at k / fps). */
  times: Float32Array;
  /** Per bound mesh: T × targets weights in [0, 1]. */
  weights: { set: RigTargetSet; values: Float32Array }[];
  head: NodeTrack | null;
  neck: NodeTrack | null;
  eyes: NodeTrack[];
}

const Y_HALF_TURN: Quat = [0, 1, 0, 0];

/** Rotation of `q` (given in the track's face frame) expressed in the rig's model frame. */
function toModel(q: Quat, facing: 1 | -1): Quat {
  return facing === 1 ? q : quatMul(quatMul(Y_HALF_TURN, q), quatConj(Y_HALF_TURN));
}

/** Rotation part of a world matrix. */
const rotationOf = (m: Mat4): Quat => decomposeTrs(m).r;

/**
 * Local rotation that turns node `index` by the model-space rotation `r` about its own pivot, given
 * the model-space rotation `pre` already applied to its parent: L = P⁻¹ · pre⁻¹ · r · P · L0.
 */
function localFor(json: GltfJson, index: number, parents: number[], r: Quat, pre: Quat | null): Quat {
  const parent = parents[index];
  const p = parent >= 0 ? rotationOf(worldMatrix(json, parent, parents)) : ([0, 0, 0, 1] as Quat);
  const delta = pre ? quatMul(quatConj(pre), r) : r;
  return quatNormalize(quatMul(quatMul(quatMul(quatConj(p), delta), p), nodeTrs(json.nodes![index]).r));
}

/**
 * Samples a FaceTrack onto a rig: target weights through the rig's profile mixes (clamped to [0, 1]),
 * head pose as local rotation + translation of the head node (or split with the neck), eye look as
 * local rotations of the eye nodes. Rotations are made hemisphere-continuous for LINEAR (slerp) keys.
 * Example: `const clip = bakeClip(track, await defaultRig())`
 */
export function bakeClip(track: FaceTrack, rig: Rig, options: BakeOptions = {}): BakedClip {
  assertValidTrack(track);
  const { neckShare } = withDefaults(BAKE_DEFAULTS, options);
  const T = track.frameCount;
  const json = rig.asset.json;
  const parents = parentsOf(json);
  const times = new Float32Array(T);
  for (let t = 0; t < T; t++) times[t] = t / track.fps;

  const weights = rig.targets.map((set) => {
    const n = set.names.length;
    const values = new Float32Array(T * n);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < n; k++) values[t * n + k] = applyMix(set.mixes[k], track.expression, t * ARKIT_COUNT);
    }
    return { set, values };
  });

  const poseAt = (t: number): Quat => {
    const o = t * POSE_DIM;
    return toModel(poseQuat(track.pose[o], track.pose[o + 1], track.pose[o + 2]), rig.facing);
  };
  const slerpFromIdentity = (q: Quat, s: number): Quat => {
    const w = Math.min(1, Math.max(-1, q[3]));
    const angle = 2 * Math.acos(w);
    if (angle < 1e-9) return [0, 0, 0, 1];
    const axis: Vec3 = [q[0], q[1], q[2]].map((x) => x / Math.sin(angle / 2)) as Vec3;
    const h = (angle * s) / 2;
    return [axis[0] * Math.sin(h), axis[1] * Math.sin(h), axis[2] * Math.sin(h), Math.cos(h)];
  };

  let head: NodeTrack | null = null;
  let neck: NodeTrack | null = null;
  if (rig.head !== null) {
    const h = rig.head;
    // Is the neck an ancestor of the head (so rotating it carries the head)?
    let neckAbove = false;
    for (let p = parents[h]; p >= 0; p = parents[p]) if (p === rig.neck) neckAbove = true;
    const split = rig.neck !== null && neckAbove && neckShare > 0 ? neckShare : 0;
    const rotation = new Float32Array(T * 4);
    const translation = new Float32Array(T * 3);
    const neckRotation = split ? new Float32Array(T * 4) : null;
    const parentWorld = parents[h] >= 0 ? worldMatrix(json, parents[h], parents) : null;
    const parentInverse = parentWorld ? mat4InvertAffine(parentWorld) : null;
    const rest = nodeTrs(json.nodes![h]);
    for (let t = 0; t < T; t++) {
      const r = poseAt(t);
      const neckR = split ? slerpFromIdentity(r, split) : null;
      rotation.set(localFor(json, h, parents, r, neckR), t * 4);
      if (neckRotation && neckR) neckRotation.set(localFor(json, rig.neck!, parents, neckR, null), t * 4);
      const o = t * POSE_DIM;
      let d: Vec3 = [track.pose[o + 3], track.pose[o + 4], track.pose[o + 5]];
      if (rig.facing === -1) d = [-d[0], d[1], -d[2]];
      // Model-space offset → the parent's space (undoing its rotation and scale).
      if (parentInverse) d = transformDirection(parentInverse, d);
      translation.set([rest.t[0] + d[0], rest.t[1] + d[1], rest.t[2] + d[2]], t * 3);
    }
    head = { node: h, rotation: makeHemisphereContinuous(rotation), translation };
    if (neckRotation) neck = { node: rig.neck!, rotation: makeHemisphereContinuous(neckRotation) };
  }

  const eyes: NodeTrack[] = [];
  for (const [side, node] of [
    ['left', rig.eyes.left],
    ['right', rig.eyes.right],
  ] as const) {
    if (node === null) continue;
    const rotation = new Float32Array(T * 4);
    for (let t = 0; t < T; t++) {
      const a = eyeAngles(track, t, side);
      // The eye turns with the head (its parent chain carries the head rotation); its own
      // rotation is relative to the head, expressed in model axes at rest.
      const r = toModel(poseQuat(a.pitch, a.yaw, 0), rig.facing);
      rotation.set(localFor(json, node, parents, r, null), t * 4);
    }
    eyes.push({ node, rotation: makeHemisphereContinuous(rotation) });
  }
  return { fps: track.fps, frameCount: T, times, weights, head, neck, eyes };
}
