import type { Rig, Vec3 } from '../retarget';
import { renderStills } from '../render';
import { createTrack } from '../track';
import { type FaceLandmarks, LANDMARK_COUNT, type Landmarker } from './face-landmarks';
import { type ViewCamera, createRaster, faceBox, projectPoints, rasterize, type PosedMesh, type RigMesh, poseMesh } from '../raster';
import { shadeRig } from './shade';
import { type Defaults, RigError, withDefaults } from '../runtime';

/** Where each face-mesh landmark sits on a rig: a point inside one triangle of the RigMesh. */
export interface LandmarkBinding {
  /** L × 3 vertex indices. */
  vertices: Uint32Array;
  /** L × 3 barycentric weights (sum 1). */
  weights: Float32Array;
  /**
   * L: how much the landmark can be trusted as a fixed surface point, 0…1: the surface's facing towards
   * the camera in the front view. Points on the silhouette (the face outline) slide over the surface as
   * the head turns, so they get little weight.
   */
  reliability: Float32Array;
  /** The front view used (for the record and for checks). */
  camera: ViewCamera;
}

export interface CorrespondenceOptions {
  /** Size of the front-view render, pixels. */
  size?: number;
  /**
   * Which picture the detector sees: 'video' = the project's video renderer (headless Chromium; the
   * same look as rendered subjects), 'software' = this module's plain shading (no browser needed).
   */
  renderer?: 'video' | 'software';
}

export const CORRESPONDENCE_DEFAULTS: Defaults<CorrespondenceOptions> = Object.freeze({ size: 512, renderer: 'video' });

/**
 * The front camera of the project's video renderer (scene/page/face-scene.ts `frameFace`): vertical
 * field of view 0.45 rad, aimed at the face box centre lifted by 4 % of the shot, the shot 2.4 × the
 * face box's larger side. Reproduced here so a landmark found on its picture can be traced back onto
 * the rig. `zoom` > 1 narrows the shot.
 */
export function frontCamera(mesh: RigMesh, size: number, zoom = 1): ViewCamera {
  const box = faceBox(mesh);
  const extent = (Math.max(box.size[1], box.size[0], 1e-3) * 2.4) / zoom;
  const fov = 0.45;
  const radius = extent / 2 / Math.tan(fov / 2);
  const target: Vec3 = [box.center[0], box.center[1] + extent * zoom * 0.04, box.center[2]];
  return {
    width: size,
    height: size,
    focal: size / 2 / Math.tan(fov / 2),
    u0: size / 2,
    v0: size / 2,
    eye: [target[0], target[1], target[2] + radius],
  };
}

/** The picture the detector sees for the correspondence (the rig at rest, front on), RGB top row first. */
export async function frontView(
  rig: Rig,
  mesh: RigMesh,
  options: CorrespondenceOptions = {},
): Promise<{ camera: ViewCamera; rgb: Uint8Array; posed: PosedMesh }> {
  const o = withDefaults(CORRESPONDENCE_DEFAULTS, options);
  const camera = frontCamera(mesh, o.size);
  const posed = poseMesh(mesh, new Float32Array(mesh.basis.length), []);
  if (o.renderer === 'software') {
    const raster = rasterize(projectPoints(camera, posed.positions), mesh.triangles, createRaster(o.size, o.size));
    return { camera, rgb: shadeRig(mesh, posed, raster), posed };
  }
  const [rgba] = await renderStills(createTrack(1), [0], { rig, size: o.size });
  const rgb = new Uint8Array(o.size * o.size * 3);
  for (let p = 0; p < o.size * o.size; p++) rgb.set(rgba.subarray(4 * p, 4 * p + 3), 3 * p);
  return { camera, rgb, posed };
}

/**
 * Finds where the face-mesh landmarks sit on a rig, automatically: renders the rig front-on at rest,
 * detects the landmarks on that picture, and back-projects each one through the triangle buffer onto
 * the surface. Works for any rig whose render the detector recognises as a face.
 * Example: `const binding = await bindLandmarks(rig, mesh, await createLandmarker())`
 */
export async function bindLandmarks(
  rig: Rig,
  mesh: RigMesh,
  landmarker: Landmarker,
  options: CorrespondenceOptions = {},
): Promise<LandmarkBinding> {
  const o = withDefaults(CORRESPONDENCE_DEFAULTS, options);
  const { camera, rgb, posed } = await frontView(rig, mesh, o);
  const face = await landmarker.detect(rgb, o.size, o.size);
  if (!face)
    throw new RigError(
      `${rig.file}: the face detector finds no face on a front render of the rig, so its landmarks cannot be placed; a rig needs a recognisable face (eyes, nose, mouth) seen from +Z`,
      { file: rig.file },
    );
  return bindFromLandmarks(mesh, posed, camera, face);
}

/** Back-projection of detected landmarks through a render of the rig (exported for tests). */
export function bindFromLandmarks(mesh: RigMesh, posed: PosedMesh, camera: ViewCamera, face: FaceLandmarks): LandmarkBinding {
  const raster = rasterize(projectPoints(camera, posed.positions), mesh.triangles, createRaster(camera.width, camera.height));
  const W = camera.width,
    H = camera.height;
  const vertices = new Uint32Array(LANDMARK_COUNT * 3);
  const weights = new Float32Array(LANDMARK_COUNT * 3);
  const reliability = new Float32Array(LANDMARK_COUNT);
  for (let l = 0; l < LANDMARK_COUNT; l++) {
    const u = face.points[3 * l],
      v = face.points[3 * l + 1];
    // The covered pixel nearest to the landmark (outline points may fall just off the silhouette). Lid
    // and eye-corner points often land on the eyeball, which sits behind the lids and turns on its
    // own: they are moved to the nearest skin, where the detector's lid line really is.
    const mesh3 = mesh.triangles;
    const onEye = (t: number) => mesh.eye[mesh3[3 * t]] !== 0;
    let best = -1;
    let bestD = Infinity;
    const x0 = Math.floor(u),
      y0 = Math.floor(v);
    for (const R of [4, 12]) {
      for (let dy = -R; dy <= R; dy++) {
        for (let dx = -R; dx <= R; dx++) {
          const x = x0 + dx,
            y = y0 + dy;
          if (x < 0 || y < 0 || x >= W || y >= H) continue;
          const p = y * W + x;
          const t = raster.triangle[p];
          if (t < 0 || onEye(t)) continue;
          const d = (x + 0.5 - u) ** 2 + (y + 0.5 - v) ** 2;
          if (d < bestD) {
            bestD = d;
            best = p;
          }
        }
      }
      if (best >= 0) break;
    }
    if (best < 0) continue; // reliability 0: the fit ignores it
    const t = raster.triangle[best];
    const wb = raster.bary[2 * best],
      wc = raster.bary[2 * best + 1];
    const tri = [mesh.triangles[3 * t], mesh.triangles[3 * t + 1], mesh.triangles[3 * t + 2]];
    vertices.set(tri, 3 * l);
    weights.set([1 - wb - wc, wb, wc], 3 * l);
    let nz = 0;
    let nn = 0;
    const w = [1 - wb - wc, wb, wc];
    const n = [0, 0, 0];
    for (let k = 0; k < 3; k++) for (let a = 0; a < 3; a++) n[a] += w[k] * posed.normals[3 * tri[k] + a];
    nn = Math.hypot(n[0], n[1], n[2]) || 1;
    nz = n[2] / nn;
    const here = x0 >= 0 && y0 >= 0 && x0 < W && y0 < H ? raster.triangle[y0 * W + x0] : -1;
    const offSurface = here < 0 ? 0.5 : 1; // just off the silhouette: an outline point
    reliability[l] = Math.max(0, Math.min(1, (nz - 0.2) / 0.5)) * offSurface;
  }
  return { vertices, weights, reliability, camera };
}

/** Model-space position of every bound landmark for a posed (or rest) mesh: L × 3. */
export function landmarkPositions(
  binding: LandmarkBinding,
  positions: Float32Array,
  out = new Float32Array(LANDMARK_COUNT * 3),
): Float32Array {
  for (let l = 0; l < LANDMARK_COUNT; l++) {
    let x = 0,
      y = 0,
      z = 0;
    for (let k = 0; k < 3; k++) {
      const v = 3 * binding.vertices[3 * l + k];
      const w = binding.weights[3 * l + k];
      x += w * positions[v];
      y += w * positions[v + 1];
      z += w * positions[v + 2];
    }
    out[3 * l] = x;
    out[3 * l + 1] = y;
    out[3 * l + 2] = z;
  }
  return out;
}
