import type { GltfJson, GltfNode } from './glb';
import { IDENTITY_QUAT, type Mat4, type Quat, type Vec3, composeTrs, decomposeTrs, mat4Mul } from './rotation';

/** Parent index of every node (-1 for scene roots). */
export function parentsOf(json: GltfJson): number[] {
  const nodes = json.nodes ?? [];
  const parents = new Array<number>(nodes.length).fill(-1);
  nodes.forEach((n, i) => n.children?.forEach((c) => (parents[c] = i)));
  return parents;
}

/** A node's rest translation, rotation and scale (decomposing `matrix` when that is what it has). */
export function nodeTrs(node: GltfNode): { t: Vec3; r: Quat; s: Vec3 } {
  if (node.matrix) return decomposeTrs(node.matrix);
  return {
    t: (node.translation as Vec3 | undefined) ?? [0, 0, 0],
    r: (node.rotation as Quat | undefined) ?? IDENTITY_QUAT,
    s: (node.scale as Vec3 | undefined) ?? [1, 1, 1],
  };
}

export function localMatrix(node: GltfNode): Mat4 {
  if (node.matrix) return node.matrix.slice();
  const { t, r, s } = nodeTrs(node);
  return composeTrs(t, r, s);
}

/** World (scene) matrix of a node at rest. */
export function worldMatrix(json: GltfJson, index: number, parents = parentsOf(json)): Mat4 {
  const chain: number[] = [];
  for (let i = index; i >= 0; i = parents[i]) chain.unshift(i);
  return chain.reduce<Mat4>((m, i) => mat4Mul(m, localMatrix(json.nodes![i])), composeTrs([0, 0, 0], IDENTITY_QUAT, [1, 1, 1]));
}

/** Names from the scene root down to the node, joined by '/' (Unity's animation binding path). */
export function nodePath(json: GltfJson, index: number, parents = parentsOf(json)): string {
  const names: string[] = [];
  for (let i = index; i >= 0; i = parents[i]) names.unshift(json.nodes![i].name ?? `node${i}`);
  return names.join('/');
}

/**
 * Animation channels may not target a node that has `matrix`; replace it by the same TRS in place.
 * The node's rest transform (and so the user's scene) is unchanged.
 */
export function ensureTrs(node: GltfNode): void {
  if (!node.matrix) return;
  const { t, r, s } = decomposeTrs(node.matrix);
  delete node.matrix;
  node.translation = t;
  node.rotation = r;
  node.scale = s;
}
