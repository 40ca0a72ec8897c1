import { type BakedClip, bakeClip, writeGlb, type Rig } from '../retarget';
import { displayableAsset } from '../scene';
import type { FaceTrack } from '../track';

/** A rig as the render page needs it: GLB bytes the browser can load, and what moves (by glTF index). */
export interface RenderRig {
  rig: Rig;
  /** A copy of the rig's GLB: compressed data decoded (see displayable-glb.ts), arms lowered. */
  glb: Uint8Array;
  sets: { mesh: number; targets: number }[];
  /** Nodes turned per frame (head, then eyes); the head also moves (translation). */
  poseNodes: { node: number; translation: boolean }[];
  headNode: number | null;
  facing: 1 | -1;
  /** Values per frame sent to the page: each set's weights, then per pose node a quaternion (+ translation). */
  stride: number;
  /** What the user should know about how the rig is shown (one sentence each). */
  notes: string[];
}

/**
 * Rig → RenderRig (a copy; the Rig is not modified).
 * Example: `const rr = await renderRig(await loadRig('avatar.glb'))`
 */
export async function renderRig(rig: Rig): Promise<RenderRig> {
  const { asset, notes } = await displayableAsset(rig.asset, rig.file);
  // The page drives time itself; the rig's own clips (if any) must not fight the track.
  delete asset.json.animations;
  const sets = rig.targets.map((t) => ({ mesh: t.mesh, targets: t.names.length }));
  const poseNodes: RenderRig['poseNodes'] = [];
  if (rig.head !== null) poseNodes.push({ node: rig.head, translation: true });
  for (const eye of [rig.eyes.left, rig.eyes.right]) if (eye !== null) poseNodes.push({ node: eye, translation: false });
  const stride = sets.reduce((n, s) => n + s.targets, 0) + poseNodes.reduce((n, p) => n + (p.translation ? 7 : 4), 0);
  return { rig, glb: writeGlb(asset), sets, poseNodes, headNode: rig.head, facing: rig.facing, stride, notes };
}

/**
 * The track on this rig, sampled exactly as the .glb exporter samples it (`bakeClip`: profile mixes,
 * head pose about the head's pivot, eye look), so the video shows what the exported clip plays.
 */
export function bakeForRender(track: FaceTrack, rr: RenderRig): BakedClip {
  return bakeClip(track, rr.rig);
}

/** Writes the page values of baked frame `frame` into `out` at `at` (layout: RenderRig.stride). */
export function frameValues(clip: BakedClip, frame: number, out: Float32Array, at: number): void {
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
