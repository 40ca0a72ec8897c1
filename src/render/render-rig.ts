import { BakedClip, bakeClip } from '../retarget/bake-clip';
import { cloneAsset, writeGlb } from '../retarget/glb';
import { Rig } from '../retarget/rig';
import { FaceTrack } from '../track/face-track';

/** A rig as the render page needs it: GLB bytes with predictable node names, and what moves. */
export interface RenderRig {
  rig: Rig;
  /** The rig's GLB with every node renamed `mf<index>`, so the page finds nodes by glTF index. */
  glb: Uint8Array;
  sets: { nodes: string[]; targets: number }[];
  /** Nodes turned per frame (head, then eyes); the head also moves (translation). */
  poseNodes: { node: string; translation: boolean }[];
  facing: 1 | -1;
  /** Values per frame sent to the page: each set's weights, then per pose node a quaternion (+ translation). */
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
  const sets = rig.targets.map((t) => ({ nodes: t.nodes.map(nodeTag), targets: t.names.length }));
  const poseNodes: RenderRig['poseNodes'] = [];
  if (rig.head !== null) poseNodes.push({ node: nodeTag(rig.head), translation: true });
  for (const eye of [rig.eyes.left, rig.eyes.right]) if (eye !== null) poseNodes.push({ node: nodeTag(eye), translation: false });
  const stride = sets.reduce((n, s) => n + s.targets, 0) + poseNodes.reduce((n, p) => n + (p.translation ? 7 : 4), 0);
  return { rig, glb: writeGlb(asset), sets, poseNodes, facing: rig.facing, stride };
}

/**
 * The track on this rig, sampled exactly as the .glb exporter samples it (`bakeClip`: profile mixes,
 * head pose about the head's pivot, eye look), so the video shows what the exported clip plays.
 */
export function bakeForRender(track: FaceTrack, rr: RenderRig): BakedClip {
  return bakeClip(track, rr.rig);
}

/** Writes the page values of baked frame `frame` into `out` at `at` (layout: RenderRig.stride). */
export function frameValues(clip: BakedClip, frame: number, rr: RenderRig, out: Float32Array, at: number): void {
  let o = at;
  for (const { set, values } of clip.weights) {
    const n = set.names.length;
    out.set(values.subarray(frame * n, frame * n + n), o);
    o += n;
  }
  const nodes = [clip.head, ...clip.eyes].filter((x) => x !== null);
  for (const nt of nodes) {
    out.set(nt!.rotation.subarray(frame * 4, frame * 4 + 4), o);
    o += 4;
    if (nt!.translation) {
      out.set(nt!.translation.subarray(frame * 3, frame * 3 + 3), o);
      o += 3;
    }
  }
}
