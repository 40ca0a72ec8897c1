import type { GltfJson } from './glb';
import { parentsOf } from './node-tree';

/** Words of a node name: "CC_Base_L_Eye" → [cc, base, l, eye]; "mixamorig:LeftEye" → [mixamorig, left, eye]. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const NOT_A_BONE = /^(top|end|nub|tip|target|lookat|ctrl|ik|null)$/;

const isHead = (t: string[]) => t.includes('head') && !t.some((w) => NOT_A_BONE.test(w));
const isNeck = (t: string[]) => t.some((w) => /^neck\d*$/.test(w)) && !t.some((w) => NOT_A_BONE.test(w));
const isEye = (t: string[]) =>
  t.some((w) => w === 'eye' || w === 'eyeball' || w.endsWith('eye')) &&
  !t.some((w) => /lid|brow|lash|ball_?end|highlight/.test(w) || NOT_A_BONE.test(w));
const sideOf = (t: string[]): 'left' | 'right' | null =>
  t.includes('l') || t.includes('left') ? 'left' : t.includes('r') || t.includes('right') ? 'right' : null;

/** The skeleton nodes that carry head pose and eye look, found by name. */
export interface PoseNodes {
  head: number | null;
  neck: number | null;
  eyes: { left: number | null; right: number | null };
}

/**
 * Finds head, neck and eye nodes by name (Mixamo, CC4, VRoid, Unreal, Blender spellings), preferring
 * skin joints and the shortest name; the neck is the nearest ancestor of the head named neck.
 * Example: `findPoseNodes(json).head`
 */
export function findPoseNodes(json: GltfJson): PoseNodes {
  const nodes = json.nodes ?? [];
  const joints = new Set((json.skins ?? []).flatMap((s) => s.joints));
  const parents = parentsOf(json);
  const rank = (i: number) => (joints.has(i) ? 0 : 1000) + nameTokens(nodes[i].name ?? '').length;
  const pick = (ok: (i: number) => boolean) => {
    let best: number | null = null;
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i].mesh !== undefined || !ok(i)) continue;
      if (best === null || rank(i) < rank(best)) best = i;
    }
    return best;
  };
  const tokens = nodes.map((n) => nameTokens(n.name ?? ''));
  const head = pick((i) => isHead(tokens[i]));
  let neck: number | null = null;
  if (head !== null) {
    for (let p = parents[head]; p >= 0; p = parents[p]) {
      if (isNeck(tokens[p])) {
        neck = p;
        break;
      }
    }
  }
  const eye = (side: 'left' | 'right') => pick((i) => isEye(tokens[i]) && sideOf(tokens[i]) === side);
  return { head, neck, eyes: { left: eye('left'), right: eye('right') } };
}
