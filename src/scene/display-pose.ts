/**
 * The pose a body is shown in: avatars are exported in a T (or A) pose, which in a render puts the
 * arms straight out of the frame. Rotating the upper arm bones down (on a copy) makes a full-body
 * avatar stand naturally; the face and the animation are untouched.
 */
import {
  type GltfJson,
  nameTokens,
  ensureTrs,
  nodeTrs,
  parentsOf,
  worldMatrix,
  type Quat,
  type Vec3,
  decomposeTrs,
  quatConj,
  quatMul,
  quatNormalize,
} from '../retarget';

interface Vrm1Humanoid {
  humanoid?: { humanBones?: Record<string, { node?: number }> };
}
interface Vrm0Humanoid {
  humanoid?: { humanBones?: { bone: string; node: number }[] };
}

const NOT_UPPER_ARM = /^(fore|forearm|lower|lowerarm|hand|twist|roll|share|ik|fk|pole|target|ctrl|end|tip|finger|elbow|shoulder|clavicle)$/;

/** Upper arm bones (left, right) from a VRM humanoid, else by name (Mixamo/RPM, VRoid, CC4, Unreal, Blender spellings). */
export function findUpperArms(json: GltfJson): { left: number | null; right: number | null } {
  const ext = json.extensions ?? {};
  const v1 = (ext.VRMC_vrm as Vrm1Humanoid | undefined)?.humanoid?.humanBones;
  if (v1) return { left: v1.leftUpperArm?.node ?? null, right: v1.rightUpperArm?.node ?? null };
  const v0 = (ext.VRM as Vrm0Humanoid | undefined)?.humanoid?.humanBones;
  if (v0) {
    const node = (b: string) => v0.find((x) => x.bone === b)?.node ?? null;
    return { left: node('leftUpperArm'), right: node('rightUpperArm') };
  }
  const nodes = json.nodes ?? [];
  const joints = new Set((json.skins ?? []).flatMap((s) => s.joints));
  const pick = (side: 'left' | 'right'): number | null => {
    let best: number | null = null;
    let bestRank = Infinity;
    nodes.forEach((n, i) => {
      if (n.mesh !== undefined) return;
      const t = nameTokens(n.name ?? '');
      const sided = t.includes(side) || t.includes(side[0]);
      const arm = t.includes('upperarm') || t.includes('arm');
      if (!sided || !arm || t.some((w) => NOT_UPPER_ARM.test(w))) return;
      const rank = (joints.has(i) ? 0 : 1000) + t.length;
      if (rank < bestRank) {
        best = i;
        bestRank = rank;
      }
    });
    return best;
  };
  return { left: pick('left'), right: pick('right') };
}

const sub = (a: number[], b: number[]): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const norm = (v: Vec3): Vec3 => {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
};

/** The shortest rotation taking unit vector `a` to unit vector `b`. */
function rotationBetween(a: Vec3, b: Vec3): Quat {
  const c: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return quatNormalize([c[0], c[1], c[2], 1 + d]);
}

/**
 * Turns each upper arm (in `json`, in place) so that the arm hangs down, 12° out from the body.
 * Arms already pointing down (A-pose steeper than 30° below horizontal, or relaxed) are left alone.
 * Returns how many arms were lowered, or null when no humanoid upper arms were found.
 * Example: `lowerArms(copy.json)`
 */
export function lowerArms(json: GltfJson): number | null {
  const arms = findUpperArms(json);
  if (arms.left === null && arms.right === null) return null;
  const parents = parentsOf(json);
  const position = (i: number) => {
    const m = worldMatrix(json, i, parents);
    return [m[12], m[13], m[14]];
  };
  let lowered = 0;
  for (const arm of [arms.left, arms.right]) {
    if (arm === null) continue;
    const node = json.nodes![arm];
    const from = position(arm);
    // The elbow: the child joint farthest from the shoulder (twist helpers sit close to it).
    let elbow: number[] | null = null;
    let far = 0.01;
    for (const c of node.children ?? []) {
      const p = position(c);
      const d = Math.hypot(...sub(p, from));
      if (d > far) {
        far = d;
        elbow = p;
      }
    }
    if (!elbow) continue;
    const dir = norm(sub(elbow, from));
    if (dir[1] < -0.5) continue;
    const out = Math.sign(dir[0]) || 1;
    const target = norm([out * Math.tan((12 * Math.PI) / 180), -1, 0]);
    const turn = rotationBetween(dir, target);
    // World rotation of the arm = P · L; turning it by `turn` in world space: L' = P⁻¹ · turn · P · L.
    const parent = parents[arm];
    const P = parent >= 0 ? decomposeTrs(worldMatrix(json, parent, parents)).r : ([0, 0, 0, 1] as Quat);
    ensureTrs(node);
    const L = nodeTrs(node).r;
    node.rotation = quatNormalize(quatMul(quatMul(quatConj(P), turn), quatMul(P, L)));
    lowered++;
  }
  return lowered;
}
