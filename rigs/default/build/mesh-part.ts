import { type V3, cross, dot, norm, sub } from './vec';

/** Which material a part is drawn with. */
export type MaterialName = 'skin' | 'eye' | 'teeth' | 'mouth';

/** What a vertex belongs to; the ARKit shape fields and the skinning read it. */
export type Region =
  | 'skin'
  | 'lipInnerUpper'
  | 'lipInnerLower'
  | 'eyeL'
  | 'eyeR'
  | 'teethUpper'
  | 'teethLower'
  | 'tongue'
  | 'cavity'
  | 'bust';

export interface Vertex {
  p: V3;
  color: V3;
  region: Region;
  /** Lips: +1 on the upper lip's edge copy, −1 on the lower lip's, 0 elsewhere. */
  lip: number;
  /** Eyelid skin: which eye, upper (+1) or lower (−1) lid, and where on it (eye-local spherical coordinates). */
  lid?: LidInfo;
}

/**
 * Position of a vertex on an eyelid, in the eye's own spherical coordinates: azimuth `az` (toward +X)
 * and elevation `el` of its direction from the eye centre, distance `r`; `t` runs from 0 at the lid's
 * free edge to 1 at the crease where the lid blends into the face; `w` fades the lid out at its rim.
 */
export interface LidInfo {
  eye: 'L' | 'R';
  side: 1 | -1;
  az: number;
  el: number;
  r: number;
  t: number;
  w: number;
}

/** A piece of the head: vertices and triangles (indices into `vertices`). */
export interface MeshPart {
  name: string;
  material: MaterialName;
  vertices: Vertex[];
  triangles: [number, number, number][];
}

/**
 * Flips triangles whose face normal points against `outward(centroid)`, so every part has
 * consistent winding (counter-clockwise seen from the side the normal points to).
 */
export function orientTriangles(part: MeshPart, outward: (c: V3) => V3): void {
  part.triangles = part.triangles.map(([a, b, c]) => {
    const pa = part.vertices[a].p;
    const pb = part.vertices[b].p;
    const pc = part.vertices[c].p;
    const n = cross(sub(pb, pa), sub(pc, pa));
    const centroid: V3 = [(pa[0] + pb[0] + pc[0]) / 3, (pa[1] + pb[1] + pc[1]) / 3, (pa[2] + pb[2] + pc[2]) / 3];
    return dot(n, outward(centroid)) < 0 ? [a, c, b] : [a, b, c];
  });
}

/** Area-weighted vertex normals of positions `ps` (flat xyz) for the given triangles. */
export function vertexNormals(ps: Float32Array | number[], triangles: [number, number, number][], count: number): Float32Array {
  const n = new Float64Array(count * 3);
  for (const [a, b, c] of triangles) {
    const pa: V3 = [ps[a * 3], ps[a * 3 + 1], ps[a * 3 + 2]];
    const pb: V3 = [ps[b * 3], ps[b * 3 + 1], ps[b * 3 + 2]];
    const pc: V3 = [ps[c * 3], ps[c * 3 + 1], ps[c * 3 + 2]];
    const f = cross(sub(pb, pa), sub(pc, pa));
    for (const i of [a, b, c]) {
      n[i * 3] += f[0];
      n[i * 3 + 1] += f[1];
      n[i * 3 + 2] += f[2];
    }
  }
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    const v = norm([n[i * 3], n[i * 3 + 1], n[i * 3 + 2]]);
    out.set(v, i * 3);
  }
  return out;
}
