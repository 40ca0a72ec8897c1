import {
  readAccessor,
  type BakedClip,
  type GltfJson,
  localMatrix,
  parentsOf,
  worldMatrix,
  type Mat4,
  type Vec3,
  composeTrs,
  mat4InvertAffine,
  mat4Mul,
  transformDirection,
  transformPoint,
  type Rig,
} from '../retarget';
import { ARKIT_COUNT } from '../track';
import { RigError } from '../runtime';

/**
 * A rig's triangles in model space at rest, with its ARKit shapes as per-vertex offsets: what the
 * tracker fits landmarks against and what the conditioning renderer draws. Every mesh placed in the
 * scene is included (skinned or not); shapes come through the rig's profile mixes, so a user rig whose
 * targets are named otherwise gives the same ARKit basis.
 */
export interface RigMesh {
  vertexCount: number;
  /** Triangles, 3 vertex indices each. */
  triangles: Uint32Array;
  /** V × 3 model-space positions at rest. */
  rest: Float32Array;
  /** V × 3 unit normals at rest. */
  normals: Float32Array;
  /** V × 3 linear base colour (vertex colour × material factor; textures are not sampled). */
  colors: Float32Array;
  /** Per ARKit shape (Apple order): V × 3 model-space offsets at weight 1, or null when the shape moves nothing. */
  basis: (Float32Array | null)[];
  /** Node indices whose motion moves vertices (skin joints, or the node of an unskinned mesh). */
  joints: number[];
  /** V × 4: index into `joints` and weight of up to four influences per vertex. */
  influence: Uint16Array;
  weight: Float32Array;
  /** V: 1 for the left eyeball, 2 for the right (vertices that mostly follow an eye node), else 0. */
  eye: Uint8Array;
  /** The head node's model-space position (the pivot of head rotation), or the mesh centre without one. */
  headPivot: Vec3;
}

/** A rig mesh placed for one frame: model-space positions and normals. */
export interface PosedMesh {
  positions: Float32Array;
  normals: Float32Array;
}

const TRIANGLES = 4;

function sceneNodes(json: GltfJson): number[] {
  const parents = parentsOf(json);
  const roots = json.scenes?.[json.scene ?? 0]?.nodes ?? parents.flatMap((p, i) => (p < 0 ? [i] : []));
  const out: number[] = [];
  const walk = (i: number) => {
    out.push(i);
    json.nodes![i].children?.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

/**
 * Collects a rig's meshes into one RigMesh (model space, rest pose).
 * Example: `const mesh = rigMesh(await defaultRig()); mesh.basis[arkitIndex('jawOpen')]`
 */
export function rigMesh(rig: Rig): RigMesh {
  const asset = rig.asset;
  const json = asset.json;
  const parents = parentsOf(json);
  const world = (json.nodes ?? []).map((_, i) => worldMatrix(json, i, parents));
  const jointIndex = new Map<number, number>();
  const joints: number[] = [];
  const jointSlot = (node: number) => {
    let s = jointIndex.get(node);
    if (s === undefined) {
      s = joints.length;
      joints.push(node);
      jointIndex.set(node, s);
    }
    return s;
  };
  const pos: number[] = [];
  const nor: number[] = [];
  const col: number[] = [];
  const tri: number[] = [];
  const inf: number[] = [];
  const wts: number[] = [];
  const basisParts: { at: number; count: number; deltas: Float32Array[] }[] = []; // per primitive: ARKit deltas (model space)
  const eyeNodes = new Set([rig.eyes.left, rig.eyes.right].filter((x): x is number => x !== null));
  const eyeSide = new Map<number, number>();
  if (rig.eyes.left !== null) eyeSide.set(rig.eyes.left, 1);
  if (rig.eyes.right !== null) eyeSide.set(rig.eyes.right, 2);
  const eye: number[] = [];

  for (const nodeIndex of sceneNodes(json)) {
    const node = json.nodes![nodeIndex];
    if (node.mesh === undefined) continue;
    const mesh = json.meshes![node.mesh];
    const set = rig.targets.find((t) => t.mesh === node.mesh);
    const skin = node.skin !== undefined ? json.skins?.[node.skin] : undefined;
    const ibms = skin?.inverseBindMatrices !== undefined ? readAccessor(asset, skin.inverseBindMatrices) : null;
    for (const prim of mesh.primitives) {
      if ((prim.mode ?? TRIANGLES) !== TRIANGLES || prim.attributes.POSITION === undefined) continue;
      const P = readAccessor(asset, prim.attributes.POSITION);
      const n = P.length / 3;
      const N = prim.attributes.NORMAL !== undefined ? readAccessor(asset, prim.attributes.NORMAL) : null;
      const C = prim.attributes.COLOR_0 !== undefined ? readAccessor(asset, prim.attributes.COLOR_0) : null;
      const cComp = C ? C.length / n : 0;
      const material =
        prim.material !== undefined
          ? (json.materials?.[prim.material] as { pbrMetallicRoughness?: { baseColorFactor?: number[] } } | undefined)
          : undefined;
      const factor = material?.pbrMetallicRoughness?.baseColorFactor ?? [0.8, 0.8, 0.8, 1];
      const J = skin && prim.attributes.JOINTS_0 !== undefined ? readAccessor(asset, prim.attributes.JOINTS_0) : null;
      const W = skin && prim.attributes.WEIGHTS_0 !== undefined ? readAccessor(asset, prim.attributes.WEIGHTS_0) : null;
      const base = pos.length / 3;
      // Each vertex's rest matrix: the skin blend at bind, or the node's world matrix.
      const restMatrix = (v: number): Mat4 => {
        if (!J || !W || !skin) return world[nodeIndex];
        const m = new Array<number>(16).fill(0);
        for (let c = 0; c < 4; c++) {
          const w = W[v * 4 + c];
          if (!w) continue;
          const jn = skin.joints[J[v * 4 + c]];
          const bind = mat4Mul(
            world[jn],
            ibms ? Array.from(ibms.subarray(J[v * 4 + c] * 16, J[v * 4 + c] * 16 + 16)) : composeTrs([0, 0, 0], [0, 0, 0, 1], [1, 1, 1]),
          );
          for (let i = 0; i < 16; i++) m[i] += w * bind[i];
        }
        return m;
      };
      const linear: Mat4[] = [];
      for (let v = 0; v < n; v++) {
        const m = restMatrix(v);
        linear.push(m);
        const p = transformPoint(m, [P[3 * v], P[3 * v + 1], P[3 * v + 2]]);
        pos.push(...p);
        let q: Vec3 = N ? transformDirection(transposeLinear(mat4InvertAffine(m)), [N[3 * v], N[3 * v + 1], N[3 * v + 2]]) : [0, 0, 1];
        const len = Math.hypot(q[0], q[1], q[2]) || 1;
        q = [q[0] / len, q[1] / len, q[2] / len];
        nor.push(...q);
        for (let c = 0; c < 3; c++) col.push((C ? C[v * cComp + c] : 1) * factor[c]);
        let eyeOf = 0;
        if (J && W && skin) {
          const pairs: [number, number][] = [];
          for (let c = 0; c < 4; c++) if (W[v * 4 + c] > 0) pairs.push([jointSlot(skin.joints[J[v * 4 + c]]), W[v * 4 + c]]);
          while (pairs.length < 4) pairs.push([0, 0]);
          for (const [j, w] of pairs) {
            inf.push(j);
            wts.push(w);
            if (w > 0.5 && eyeNodes.has(joints[j])) eyeOf = eyeSide.get(joints[j])!;
          }
        } else {
          inf.push(jointSlot(nodeIndex), 0, 0, 0);
          wts.push(1, 0, 0, 0);
          if (eyeNodes.has(nodeIndex)) eyeOf = eyeSide.get(nodeIndex)!;
        }
        eye.push(eyeOf);
      }
      if (prim.indices !== undefined) {
        const I = readAccessor(asset, prim.indices);
        for (let i = 0; i + 2 < I.length; i += 3) tri.push(base + I[i], base + I[i + 1], base + I[i + 2]);
      } else {
        for (let i = 0; i + 2 < n; i += 3) tri.push(base + i, base + i + 1, base + i + 2);
      }
      if (set && prim.targets?.length) {
        const deltas: Float32Array[] = [];
        prim.targets.forEach((target, j) => {
          const mix = set.mixes[j] ?? [];
          if (!mix.length || target.POSITION === undefined) return;
          const D = readAccessor(asset, target.POSITION);
          for (const term of mix) {
            const out = (deltas[term.arkit] ??= new Float32Array(n * 3));
            for (let v = 0; v < n; v++) {
              const d = transformDirection(linear[v], [D[3 * v], D[3 * v + 1], D[3 * v + 2]]);
              out[3 * v] += term.weight * d[0];
              out[3 * v + 1] += term.weight * d[1];
              out[3 * v + 2] += term.weight * d[2];
            }
          }
        });
        basisParts.push({ at: base, count: n, deltas });
      }
    }
  }
  const V = pos.length / 3;
  if (!tri.length) throw new RigError(`${rig.file}: no triangle meshes to draw`, { file: rig.file });
  const basis: (Float32Array | null)[] = [];
  for (let k = 0; k < ARKIT_COUNT; k++) {
    let b: Float32Array | null = null;
    for (const part of basisParts) {
      const d = part.deltas[k];
      if (!d) continue;
      b ??= new Float32Array(V * 3);
      b.set(d, part.at * 3);
    }
    basis.push(b);
  }
  const rest = Float32Array.from(pos);
  let headPivot: Vec3;
  if (rig.head !== null) headPivot = transformPoint(world[rig.head], [0, 0, 0]);
  else {
    const c: Vec3 = [0, 0, 0];
    for (let v = 0; v < V; v++) for (let a = 0; a < 3; a++) c[a] += rest[3 * v + a] / V;
    headPivot = c;
  }
  return {
    vertexCount: V,
    triangles: Uint32Array.from(tri),
    rest,
    normals: Float32Array.from(nor),
    colors: Float32Array.from(col),
    basis,
    joints,
    influence: Uint16Array.from(inf),
    weight: Float32Array.from(wts),
    eye: Uint8Array.from(eye),
    headPivot,
  };
}

/** Transpose of a column-major matrix's 3×3 part (inverse-transpose for normals, given an inverse). */
function transposeLinear(m: Mat4): Mat4 {
  return [m[0], m[4], m[8], 0, m[1], m[5], m[9], 0, m[2], m[6], m[10], 0, 0, 0, 0, 1];
}

/**
 * Per-joint motion of one baked frame: each joint's world matrix with the frame's local rotations and
 * translations, times the inverse of its rest world matrix (rest = bind is assumed, as glTF exporters write).
 */
export function jointMotion(rig: Rig, mesh: RigMesh, clip: BakedClip | null, frame: number): Mat4[] {
  const json = rig.asset.json;
  const parents = parentsOf(json);
  const local = new Map<number, Mat4>();
  if (clip) {
    for (const nt of [clip.head, clip.neck, ...clip.eyes]) {
      if (!nt) continue;
      const node = json.nodes![nt.node];
      const rest = localMatrix(node);
      const r = Array.from(nt.rotation.subarray(frame * 4, frame * 4 + 4)) as [number, number, number, number];
      const t: Vec3 = nt.translation
        ? (Array.from(nt.translation.subarray(frame * 3, frame * 3 + 3)) as Vec3)
        : [rest[12], rest[13], rest[14]];
      const s: Vec3 = [
        Math.hypot(rest[0], rest[1], rest[2]),
        Math.hypot(rest[4], rest[5], rest[6]),
        Math.hypot(rest[8], rest[9], rest[10]),
      ];
      local.set(nt.node, composeTrs(t, r, s));
    }
  }
  const posedWorld = (i: number): Mat4 => {
    const chain: number[] = [];
    for (let n = i; n >= 0; n = parents[n]) chain.unshift(n);
    return chain.reduce<Mat4>(
      (m, n) => mat4Mul(m, local.get(n) ?? localMatrix(json.nodes![n])),
      composeTrs([0, 0, 0], [0, 0, 0, 1], [1, 1, 1]),
    );
  };
  return mesh.joints.map((j) =>
    local.size ? mat4Mul(posedWorld(j), mat4InvertAffine(worldMatrix(json, j, parents))) : composeTrs([0, 0, 0], [0, 0, 0, 1], [1, 1, 1]),
  );
}

/**
 * Places the mesh for one frame: rest + Σ wₖ·basisₖ (ARKit weights, Apple order), then each vertex
 * moved by its joints' motion (linear blend). Normals are the rest normals turned by the same motion
 * (shapes bend them little; the conditioning code colours by rest position anyway).
 * Example: `const { positions } = poseMesh(mesh, row, jointMotion(rig, mesh, clip, 10))`
 */
export function poseMesh(mesh: RigMesh, weights: ArrayLike<number>, motion: Mat4[], out?: PosedMesh): PosedMesh {
  const V = mesh.vertexCount;
  const positions = out?.positions ?? new Float32Array(V * 3);
  const normals = out?.normals ?? new Float32Array(V * 3);
  positions.set(mesh.rest);
  for (let k = 0; k < mesh.basis.length; k++) {
    const w = weights[k];
    const b = mesh.basis[k];
    if (!w || !b) continue;
    for (let i = 0; i < b.length; i++) positions[i] += w * b[i];
  }
  const identity = motion.every((m) => m[0] === 1 && m[5] === 1 && m[10] === 1 && m[12] === 0 && m[13] === 0 && m[14] === 0);
  if (identity) {
    normals.set(mesh.normals);
    return { positions, normals };
  }
  const m = new Float64Array(12);
  for (let v = 0; v < V; v++) {
    m.fill(0);
    for (let c = 0; c < 4; c++) {
      const w = mesh.weight[v * 4 + c];
      if (!w) continue;
      const j = motion[mesh.influence[v * 4 + c]];
      m[0] += w * j[0];
      m[1] += w * j[1];
      m[2] += w * j[2];
      m[3] += w * j[4];
      m[4] += w * j[5];
      m[5] += w * j[6];
      m[6] += w * j[8];
      m[7] += w * j[9];
      m[8] += w * j[10];
      m[9] += w * j[12];
      m[10] += w * j[13];
      m[11] += w * j[14];
    }
    const x = positions[3 * v],
      y = positions[3 * v + 1],
      z = positions[3 * v + 2];
    positions[3 * v] = m[0] * x + m[3] * y + m[6] * z + m[9];
    positions[3 * v + 1] = m[1] * x + m[4] * y + m[7] * z + m[10];
    positions[3 * v + 2] = m[2] * x + m[5] * y + m[8] * z + m[11];
    const a = mesh.normals[3 * v],
      b = mesh.normals[3 * v + 1],
      c = mesh.normals[3 * v + 2];
    const nx = m[0] * a + m[3] * b + m[6] * c,
      ny = m[1] * a + m[4] * b + m[7] * c,
      nz = m[2] * a + m[5] * b + m[8] * c;
    const len = Math.hypot(nx, ny, nz) || 1;
    normals[3 * v] = nx / len;
    normals[3 * v + 1] = ny / len;
    normals[3 * v + 2] = nz / len;
  }
  return { positions, normals };
}

/** The face box of a rig: vertices that some ARKit shape moves (eyes, brows, mouth, jaw), robust 5–95 % range. */
export function faceBox(mesh: RigMesh): { center: Vec3; size: Vec3 } {
  const V = mesh.vertexCount;
  const moved = new Uint8Array(V);
  for (const b of mesh.basis) {
    if (!b) continue;
    let max = 0;
    for (let v = 0; v < V; v++) max = Math.max(max, Math.hypot(b[3 * v], b[3 * v + 1], b[3 * v + 2]));
    for (let v = 0; v < V; v++) if (Math.hypot(b[3 * v], b[3 * v + 1], b[3 * v + 2]) >= 0.1 * max && max > 0) moved[v] = 1;
  }
  const axes: number[][] = [[], [], []];
  for (let v = 0; v < V; v++) if (moved[v] || !mesh.basis.some(Boolean)) for (let a = 0; a < 3; a++) axes[a].push(mesh.rest[3 * v + a]);
  const q = (arr: number[], f: number) => arr[Math.min(arr.length - 1, Math.floor(f * arr.length))];
  const lo: number[] = [],
    hi: number[] = [];
  for (const arr of axes) {
    arr.sort((x, y) => x - y);
    lo.push(q(arr, 0.05));
    hi.push(q(arr, 0.95));
  }
  return { center: [0, 1, 2].map((a) => (lo[a] + hi[a]) / 2) as Vec3, size: [0, 1, 2].map((a) => hi[a] - lo[a]) as Vec3 };
}
