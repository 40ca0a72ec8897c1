/**
 * Browser-side: morph target blending on the CPU for the MP4 renderer.
 *
 * Measured in Chromium with software GL (2 cores): Babylon's GPU morph path runs the vertex shader over
 * all 52 targets for every vertex (6–17 fps at 512² on the ICT head), while blending only the vertices
 * each target moves and uploading positions runs at 50–60 fps. Normals follow the deformation by
 * adding the change of the recomputed face normals to the rig's own normals, so the rest pose shades
 * exactly as authored and an open jaw still shades like an open jaw.
 */
import type { Babylon } from '../../scene/page';
type Mesh = import('@babylonjs/core/Meshes/mesh.js', { with: { 'resolution-mode': 'import' }}).Mesh;

/** Sets one mesh's shape from its target weights (`weights[offset + k]` for target k). */
export type MeshBlender = (weights: ArrayLike<number>, offset: number) => void;

/**
 * Takes `mesh`'s targets off the GPU path and returns a function that blends them on the CPU.
 * Example (page): `const blend = cpuMorph(B, mesh); blend(frameWeights, 0); scene.render();`
 */
export function cpuMorph(B: Babylon, mesh: Mesh): MeshBlender {
  const mtm = mesh.morphTargetManager;
  const base = mesh.getVerticesData(B.VertexBuffer.PositionKind);
  if (!mtm || !base) return () => {};
  const P0 = Float32Array.from(base);
  const nv = P0.length / 3;
  const authored = mesh.getVerticesData(B.VertexBuffer.NormalKind);
  const indices = mesh.getIndices();

  // Sparse deltas: which coordinates each target moves, and by how much.
  const targetIdx: Int32Array[] = [];
  const targetDelta: Float32Array[] = [];
  const movedVertex = new Uint8Array(nv);
  for (let k = 0; k < mtm.numTargets; k++) {
    const tp = mtm.getTarget(k).getPositions();
    const idx: number[] = [];
    const d: number[] = [];
    if (tp) {
      for (let i = 0; i < tp.length; i++) {
        const delta = tp[i] - P0[i];
        if (delta !== 0) {
          idx.push(i);
          d.push(delta);
          movedVertex[(i / 3) | 0] = 1;
        }
      }
    }
    targetIdx.push(Int32Array.from(idx));
    targetDelta.push(Float32Array.from(d));
  }
  const movedCoords: number[] = [];
  for (let v = 0; v < nv; v++) if (movedVertex[v]) movedCoords.push(3 * v, 3 * v + 1, 3 * v + 2);
  const moved = Int32Array.from(movedCoords);
  // Only the span of coordinates that any target moves is uploaded each frame (the rest never changes).
  const lo = moved.length ? moved[0] : 0;
  const hi = moved.length ? moved[moved.length - 1] + 1 : 0;

  mesh.morphTargetManager = null;
  mesh.alwaysSelectAsActiveMesh = true; // bounds are the rest pose's; never cull the face
  const P = Float32Array.from(P0);
  mesh.setVerticesData(B.VertexBuffer.PositionKind, P, true);

  // Triangles touching a moved vertex, for the normal update.
  let faces = new Int32Array(0);
  let N0: Float32Array | null = null;
  let restFaceNormals: Float32Array | null = null;
  let sign = 1;
  const N = authored ? Float32Array.from(authored) : null;
  const acc = new Float32Array(nv * 3);
  if (N && indices?.length) {
    const list: number[] = [];
    for (let f = 0; f < indices.length; f += 3) {
      const a = indices[f];
      const b = indices[f + 1];
      const c = indices[f + 2];
      if (movedVertex[a] || movedVertex[b] || movedVertex[c]) list.push(a, b, c);
    }
    faces = Int32Array.from(list);
    N0 = Float32Array.from(N);
    accumulateNormals(P0, faces, moved, acc);
    restFaceNormals = Float32Array.from(acc);
    // Winding order decides the sign of a face normal; agree with the authored normals.
    let dot = 0;
    for (let i = 0; i < moved.length; i++) dot += restFaceNormals[moved[i]] * N0[moved[i]];
    sign = dot < 0 ? -1 : 1;
    mesh.setVerticesData(B.VertexBuffer.NormalKind, N, true);
  }

  return (weights, offset) => {
    for (let i = 0; i < moved.length; i++) P[moved[i]] = P0[moved[i]];
    for (let k = 0; k < targetIdx.length; k++) {
      const w = weights[offset + k];
      if (!w) continue;
      const idx = targetIdx[k];
      const d = targetDelta[k];
      for (let i = 0; i < idx.length; i++) P[idx[i]] += w * d[i];
    }
    mesh.getVertexBuffer(B.VertexBuffer.PositionKind)!.updateDirectly(P.subarray(lo, hi), lo * 4, true);
    if (N && N0 && restFaceNormals) {
      accumulateNormals(P, faces, moved, acc);
      for (let i = 0; i < moved.length; i += 3) {
        const c = moved[i];
        const x = N0[c] + sign * (acc[c] - restFaceNormals[c]);
        const y = N0[c + 1] + sign * (acc[c + 1] - restFaceNormals[c + 1]);
        const z = N0[c + 2] + sign * (acc[c + 2] - restFaceNormals[c + 2]);
        const len = Math.hypot(x, y, z) || 1;
        N[c] = x / len;
        N[c + 1] = y / len;
        N[c + 2] = z / len;
      }
      mesh.getVertexBuffer(B.VertexBuffer.NormalKind)!.updateDirectly(N.subarray(lo, hi), lo * 4, true);
    }
  };
}

/** Unit area-weighted normals of the moved vertices (coordinates `moved`) from triangles `faces`, into `out`. */
export function accumulateNormals(P: Float32Array, faces: Int32Array, moved: Int32Array, out: Float32Array): void {
  for (let f = 0; f < faces.length; f++) {
    const v = 3 * faces[f];
    out[v] = out[v + 1] = out[v + 2] = 0;
  }
  for (let f = 0; f < faces.length; f += 3) {
    const a = 3 * faces[f];
    const b = 3 * faces[f + 1];
    const c = 3 * faces[f + 2];
    const ux = P[b] - P[a];
    const uy = P[b + 1] - P[a + 1];
    const uz = P[b + 2] - P[a + 2];
    const vx = P[c] - P[a];
    const vy = P[c + 1] - P[a + 1];
    const vz = P[c + 2] - P[a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    out[a] += nx;
    out[a + 1] += ny;
    out[a + 2] += nz;
    out[b] += nx;
    out[b + 1] += ny;
    out[b + 2] += nz;
    out[c] += nx;
    out[c + 1] += ny;
    out[c + 2] += nz;
  }
  for (let i = 0; i < moved.length; i += 3) {
    const c = moved[i];
    const len = Math.hypot(out[c], out[c + 1], out[c + 2]) || 1;
    out[c] /= len;
    out[c + 1] /= len;
    out[c + 2] /= len;
  }
}
