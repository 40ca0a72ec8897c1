import { cloneAsset, writeGlb } from '../retarget/glb';
import { parentsOf, nodeTrs, worldMatrix } from '../retarget/node-tree';
import { Mix } from '../retarget/profile';
import { Rig } from '../retarget/rig';
import { Mat4, Quat, Vec3, decomposeTrs, mat4InvertAffine, poseQuat, quatConj, quatMul, transformDirection } from '../retarget/rotation';
import { ARKIT_COUNT } from '../track/arkit';
import { FaceTrack, POSE_DIM } from '../track/face-track';

/** A rig as the render page needs it: GLB bytes with predictable node names, and how to drive it. */
export interface RenderRig {
  file: string;
  /** The rig's GLB with every node renamed `mf<index>`, so the page finds nodes by glTF index. */
  glb: Uint8Array;
  sets: { nodes: string[]; targets: number; mixes: Mix[] }[];
  head: { node: string; restT: Vec3; restR: Quat; parentR: Quat; parentInv: Mat4 } | null;
  facing: 1 | -1;
  /** Values per frame sent to the page (see RenderPageConfig.stride). */
  stride: number;
}

export const nodeTag = (index: number): string => `mf${index}`;

/**
 * Rig → RenderRig (a renamed copy; the Rig is not modified).
 * Example: `const rr = renderRig(await loadRig('avatar.glb'))`
 */
export function renderRig(rig: Rig): RenderRig {
  const asset = cloneAsset(rig.asset);
  const json = asset.json;
  (json.nodes ?? []).forEach((n, i) => (n.name = nodeTag(i)));
  // The page drives time itself; the rig's own clips (if any) must not fight the track.
  delete json.animations;
  const sets = rig.targets.map((t) => ({ nodes: t.nodes.map(nodeTag), targets: t.names.length, mixes: t.mixes.slice() }));
  let head: RenderRig['head'] = null;
  if (rig.head !== null) {
    const parents = parentsOf(json);
    const { t, r } = nodeTrs(json.nodes![rig.head]);
    const parent = parents[rig.head];
    const parentWorld = parent >= 0 ? worldMatrix(json, parent, parents) : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    head = { node: nodeTag(rig.head), restT: t, restR: r, parentR: decomposeTrs(parentWorld).r, parentInv: mat4InvertAffine(parentWorld) };
  }
  const stride = sets.reduce((n, s) => n + s.targets, 0) + (head ? 7 : 0);
  return { file: rig.file, glb: writeGlb(asset), sets, head, facing: rig.facing, stride };
}

/**
 * Writes the page values of track frame `frame` into `out` at `at`: every driven target's weight
 * (clamp(Σ mix), as the exporters do), then the head node's local rotation and translation.
 * The track's pose is a rotation about the head's own pivot in model axes (DESIGN.md); a model that
 * faces −Z sees pitch, roll, x and z mirrored.
 */
export function frameValues(track: FaceTrack, frame: number, rr: RenderRig, out: Float32Array, at: number): void {
  const e = frame * ARKIT_COUNT;
  let o = at;
  for (const set of rr.sets) {
    for (const mix of set.mixes) {
      let w = 0;
      for (const term of mix) w += term.weight * track.expression[e + term.arkit];
      out[o++] = w < 0 ? 0 : w > 1 ? 1 : w;
    }
  }
  if (!rr.head) return;
  const p = frame * POSE_DIM;
  const f = rr.facing;
  const qModel = poseQuat(f * track.pose[p], track.pose[p + 1], f * track.pose[p + 2]);
  const h = rr.head;
  const local = quatMul(quatMul(quatMul(quatConj(h.parentR), qModel), h.parentR), h.restR);
  const d = transformDirection(h.parentInv, [f * track.pose[p + 3], track.pose[p + 4], f * track.pose[p + 5]]);
  out[o++] = local[0];
  out[o++] = local[1];
  out[o++] = local[2];
  out[o++] = local[3];
  out[o++] = h.restT[0] + d[0];
  out[o++] = h.restT[1] + d[1];
  out[o++] = h.restT[2] + d[2];
}
