import type { PosedMesh, RigMesh } from '../raster';
import type { Raster } from '../raster';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

export interface ShadeOptions {
  /** Background, sRGB bytes. */
  background?: [number, number, number];
  /** Unit direction towards the light, model axes. */
  light?: [number, number, number];
  ambient?: number;
}

export const SHADE_DEFAULTS: Defaults<ShadeOptions> = Object.freeze({
  background: [96, 100, 110] as [number, number, number],
  light: [0.3, 0.45, 0.84] as [number, number, number],
  ambient: 0.35,
});

const toSrgb = (c: number): number => {
  const x = Math.min(1, Math.max(0, c));
  return Math.round(255 * (x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055));
};

/**
 * A plain lit picture of the rasterized rig (vertex colours, one light plus ambient), RGB bytes top row
 * first: good enough for a face detector to find the face and place its landmarks on the rig.
 * Example: `const rgb = shadeRig(mesh, posed, raster)`
 */
export function shadeRig(mesh: RigMesh, posed: PosedMesh, raster: Raster, options: ShadeOptions = {}): Uint8Array {
  const o = withDefaults(SHADE_DEFAULTS, options);
  const { width: W, height: H, triangle, bary } = raster;
  const out = new Uint8Array(W * H * 3);
  const [lx, ly, lz] = o.light;
  const tris = mesh.triangles;
  for (let p = 0; p < W * H; p++) {
    const t = triangle[p];
    if (t < 0) {
      out.set(o.background, 3 * p);
      continue;
    }
    const wb = bary[2 * p],
      wc = bary[2 * p + 1],
      wa = 1 - wb - wc;
    const a = 3 * tris[3 * t],
      b = 3 * tris[3 * t + 1],
      c = 3 * tris[3 * t + 2];
    const n = posed.normals;
    let nx = wa * n[a] + wb * n[b] + wc * n[c];
    let ny = wa * n[a + 1] + wb * n[b + 1] + wc * n[c + 1];
    let nz = wa * n[a + 2] + wb * n[b + 2] + wc * n[c + 2];
    const len = Math.hypot(nx, ny, nz) || 1;
    nx /= len;
    ny /= len;
    nz /= len;
    const lit = o.ambient + (1 - o.ambient) * Math.max(0, nx * lx + ny * ly + nz * lz);
    for (let k = 0; k < 3; k++)
      out[3 * p + k] = toSrgb(lit * (wa * mesh.colors[a + k] + wb * mesh.colors[b + k] + wc * mesh.colors[c + k]));
  }
  return out;
}
