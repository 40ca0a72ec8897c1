import { NodeIO } from '@gltf-transform/core';
import { ARKIT_COUNT, ARKIT_NAMES, type FaceTrack } from '../track';
import { RigError } from '../runtime';

/** The mouth-region vertices of a rig and each ARKit shape's displacement of them (metres). */
export interface MouthBasis {
  rig: string;
  vertexCount: number;
  /** deltas[k] = vertexCount × 3 displacement of ARKit shape k (zeros when the rig lacks it). */
  deltas: Float32Array[];
}

const MOUTH_SHAPES = ARKIT_NAMES.filter((n) => n.startsWith('mouth') || n.startsWith('jaw'));

/**
 * Reads a glTF rig's largest morph-target mesh and picks the mouth region: vertices that the jaw and
 * mouth shapes move by at least `share` of the largest such movement.
 */
export async function mouthBasis(file: string, share = 0.2): Promise<MouthBasis> {
  const doc = await new NodeIO().read(file);
  let best: { names: string[]; prim: import('@gltf-transform/core').Primitive } | undefined;
  let bestCount = -1;
  for (const mesh of doc.getRoot().listMeshes()) {
    const names = (mesh.getExtras() as { targetNames?: string[] }).targetNames ?? [];
    for (const prim of mesh.listPrimitives()) {
      const n = prim.getAttribute('POSITION')?.getCount() ?? 0;
      if (prim.listTargets().length && names.length && n > bestCount) {
        best = { names, prim };
        bestCount = n;
      }
    }
  }
  if (!best) throw new RigError(`${file}: no mesh with named morph targets`, { file });
  const targets = best.prim.listTargets();
  const byName = new Map(best.names.map((n, i) => [n, i]));
  const full: (Float32Array | undefined)[] = ARKIT_NAMES.map((name) => {
    const i = byName.get(name);
    const acc = i === undefined ? undefined : targets[i]?.getAttribute('POSITION');
    return acc ? Float32Array.from(acc.getArray() as ArrayLike<number>) : undefined;
  });
  const n = bestCount;
  const move = new Float32Array(n);
  for (const name of MOUTH_SHAPES) {
    const d = full[ARKIT_NAMES.indexOf(name)];
    if (!d) continue;
    for (let v = 0; v < n; v++) move[v] = Math.max(move[v], Math.hypot(d[3 * v], d[3 * v + 1], d[3 * v + 2]));
  }
  const max = move.reduce((a, b) => Math.max(a, b), 0);
  const keep: number[] = [];
  for (let v = 0; v < n; v++) if (move[v] >= share * max && max > 0) keep.push(v);
  const deltas = full.map((d) => {
    const out = new Float32Array(keep.length * 3);
    if (d) keep.forEach((v, i) => out.set(d.subarray(3 * v, 3 * v + 3), 3 * i));
    return out;
  });
  return { rig: file, vertexCount: keep.length, deltas };
}

/**
 * Mouth LMD: mean distance (mm) between mouth-region vertices of the rig driven by the predicted vs
 * the true weights, over frames and vertices (pose excluded: it measures lips, not head motion).
 */
export function mouthLmd(basis: MouthBasis, predicted: FaceTrack, truth: FaceTrack): number {
  const T = Math.min(predicted.frameCount, truth.frameCount);
  const V = basis.vertexCount;
  const diff = new Float32Array(V * 3);
  let sum = 0;
  for (let t = 0; t < T; t++) {
    diff.fill(0);
    for (let k = 0; k < ARKIT_COUNT; k++) {
      const w = predicted.expression[t * ARKIT_COUNT + k] - truth.expression[t * ARKIT_COUNT + k];
      if (w === 0) continue;
      const d = basis.deltas[k];
      for (let i = 0; i < d.length; i++) diff[i] += w * d[i];
    }
    for (let v = 0; v < V; v++) sum += Math.hypot(diff[3 * v], diff[3 * v + 1], diff[3 * v + 2]);
  }
  return (sum / Math.max(1, T * V)) * 1000;
}
