/**
 * A small deterministic software rasterizer: which triangle covers each pixel, where in it, how deep.
 * It serves three callers with one camera model — the landmark↔rig correspondence (shaded render,
 * then back-projection through the triangle buffer), the tracker's visibility test and the neural
 * renderer's conditioning images — so training and inference draw exactly the same pixels, with no GL,
 * browser or GPU.
 */

/**
 * A pinhole camera at `eye` looking down −Z with +Y up (a front view of a glTF face):
 * u = u0 + f·(x − ex)/(ez − z), v = v0 − f·(y − ey)/(ez − z). Pixel (i, j) has its centre at (i + 0.5, j + 0.5).
 */
export interface ViewCamera {
  width: number;
  height: number;
  /** Focal length, pixels. */
  focal: number;
  /** Principal point, pixels. */
  u0: number;
  v0: number;
  /** Camera position, model space. */
  eye: [number, number, number];
}

/** Projects model-space points (n × 3) to image u, v and a depth that grows towards the camera (z). */
export function projectPoints(cam: ViewCamera, points: ArrayLike<number>, out = new Float32Array(points.length)): Float32Array {
  const [ex, ey, ez] = cam.eye;
  for (let i = 0; i < points.length; i += 3) {
    const x = points[i],
      y = points[i + 1],
      z = points[i + 2];
    const k = cam.focal / Math.max(1e-6, ez - z);
    out[i] = cam.u0 + k * (x - ex);
    out[i + 1] = cam.v0 - k * (y - ey);
    out[i + 2] = z;
  }
  return out;
}

export interface Raster {
  width: number;
  height: number;
  /** Per pixel: the covering triangle, or -1. */
  triangle: Int32Array;
  /** Per pixel: barycentric weights of the triangle's 2nd and 3rd vertex (the 1st is 1 − both). */
  bary: Float32Array;
  /** Per pixel: depth of the covering surface (larger = nearer), -Infinity where empty. */
  depth: Float32Array;
}

/** An empty raster of the camera's size (reuse it across frames to keep memory flat). */
export function createRaster(width: number, height: number): Raster {
  return {
    width,
    height,
    triangle: new Int32Array(width * height),
    bary: new Float32Array(width * height * 2),
    depth: new Float32Array(width * height),
  };
}

/**
 * Z-buffered rasterization of `triangles` with screen-space vertices `screen` (from `projectPoints`).
 * No back-face culling (rigs mix windings); the nearest surface wins, ties go to the lower index.
 * Example: `const r = rasterize(projectPoints(cam, posed.positions), mesh.triangles, createRaster(256, 256))`
 */
export function rasterize(screen: Float32Array, triangles: Uint32Array, raster: Raster): Raster {
  const { width: W, height: H, triangle, bary, depth } = raster;
  triangle.fill(-1);
  depth.fill(-Infinity);
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t],
      b = 3 * triangles[t + 1],
      c = 3 * triangles[t + 2];
    const ax = screen[a],
      ay = screen[a + 1],
      az = screen[a + 2];
    const bx = screen[b],
      by = screen[b + 1],
      bz = screen[b + 2];
    const cx = screen[c],
      cy = screen[c + 1],
      cz = screen[c + 2];
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (!(Math.abs(area) > 1e-12)) continue;
    const x0 = Math.max(0, Math.ceil(Math.min(ax, bx, cx) - 0.5));
    const x1 = Math.min(W - 1, Math.floor(Math.max(ax, bx, cx) - 0.5));
    const y0 = Math.max(0, Math.ceil(Math.min(ay, by, cy) - 0.5));
    const y1 = Math.min(H - 1, Math.floor(Math.max(ay, by, cy) - 0.5));
    if (x0 > x1 || y0 > y1) continue;
    const inv = 1 / area;
    const id = t / 3;
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        // Barycentrics of b and c: signed sub-areas over the whole.
        const wb = ((px - ax) * (cy - ay) - (py - ay) * (cx - ax)) * inv;
        const wc = ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) * inv;
        const wa = 1 - wb - wc;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        const z = wa * az + wb * bz + wc * cz;
        const p = y * W + x;
        if (z <= depth[p]) continue;
        depth[p] = z;
        triangle[p] = id;
        bary[2 * p] = wb;
        bary[2 * p + 1] = wc;
      }
    }
  }
  return raster;
}

/**
 * Interpolates a per-vertex attribute (`values`, n × `dims`) at every covered pixel into `out`
 * (W × H × dims), leaving uncovered pixels untouched.
 */
export function interpolate(
  raster: Raster,
  triangles: Uint32Array,
  values: ArrayLike<number>,
  dims: number,
  out: Float32Array,
): Float32Array {
  const { triangle, bary } = raster;
  for (let p = 0; p < triangle.length; p++) {
    const t = triangle[p];
    if (t < 0) continue;
    const wb = bary[2 * p],
      wc = bary[2 * p + 1],
      wa = 1 - wb - wc;
    const a = triangles[3 * t] * dims,
      b = triangles[3 * t + 1] * dims,
      c = triangles[3 * t + 2] * dims;
    for (let d = 0; d < dims; d++) out[p * dims + d] = wa * values[a + d] + wb * values[b + d] + wc * values[c + d];
  }
  return out;
}
