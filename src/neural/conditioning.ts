import { type BakedClip, bakeClip, type Rig } from '../retarget';
import { ARKIT_COUNT, type FaceTrack } from '../track';
import {
  type PersonCamera,
  cameraProject,
  faceBox,
  type Raster,
  createRaster,
  rasterize,
  type PosedMesh,
  type RigMesh,
  jointMotion,
  poseMesh,
  rigMesh,
} from '../raster';

/** The square of the video the neural renderer draws (pixels of the person's video). */
export interface Crop {
  x: number;
  y: number;
  size: number;
}

/**
 * Everything needed to draw conditioning images of one person: the rig and its mesh, the person's camera
 * and the crop. Built once; `conditioningFrame` draws one frame.
 */
export interface ConditioningContext {
  rig: Rig;
  mesh: RigMesh;
  camera: PersonCamera;
  crop: Crop;
  /** Output width and height, pixels. */
  size: number;
  /** Per vertex: its rest position normalised to 0…1 over the face box (the PNCC colour code). */
  code: Float32Array;
  raster: Raster;
  screen: Float32Array;
  posed: PosedMesh;
}

/**
 * The conditioning picture of one frame, 3 channels:
 *  - every surface pixel shows where on the rig it is — the rest position of that point, normalised
 *    over the face (x → red, y → green, depth → blue): a PNCC-style code, so the network knows which part
 *    of the face each pixel is, however the head turns or the mouth opens;
 *  - the eyeballs are the eye attention map: grey at the eye's openness (white open … black closed),
 *    on top of the lids closing over them in the geometry;
 *  - background is black.
 * The same function draws training and inference frames.
 */
export function conditioningContext(rig: Rig, camera: PersonCamera, crop: Crop, size: number, mesh = rigMesh(rig)): ConditioningContext {
  const box = faceBox(mesh);
  const code = new Float32Array(mesh.vertexCount * 3);
  // The shot is about twice the face box: normalise over that so the whole head stays inside 0…1.
  const half = Math.max(box.size[0], box.size[1], box.size[2]);
  for (let v = 0; v < mesh.vertexCount; v++) {
    for (let a = 0; a < 3; a++) code[3 * v + a] = Math.min(1, Math.max(0, 0.5 + (mesh.rest[3 * v + a] - box.center[a]) / (2 * half)));
  }
  return {
    rig,
    mesh,
    camera,
    crop,
    size,
    code,
    raster: createRaster(size, size),
    screen: new Float32Array(mesh.vertexCount * 3),
    posed: { positions: new Float32Array(mesh.vertexCount * 3), normals: new Float32Array(mesh.vertexCount * 3) },
  };
}

/** A track baked once for conditioning (head and eye node motion, as the video renderer and exporters sample it). */
export function bakeForConditioning(ctx: ConditioningContext, track: FaceTrack): BakedClip {
  return bakeClip(track, ctx.rig);
}

/**
 * Draws frame `frame` of `track` into `out` (size × size × 3 bytes, top row first).
 * Example: `const clip = bakeForConditioning(ctx, track); conditioningFrame(ctx, track, clip, 0, out)`
 */
export function conditioningFrame(ctx: ConditioningContext, track: FaceTrack, clip: BakedClip, frame: number, out: Uint8Array): Uint8Array {
  const { mesh, size, crop, raster, code } = ctx;
  const weights = track.expression.subarray(frame * ARKIT_COUNT, (frame + 1) * ARKIT_COUNT);
  const posed = poseMesh(mesh, weights, jointMotion(ctx.rig, mesh, clip, frame), ctx.posed);
  const screen = cameraProject(ctx.camera, posed.positions, ctx.screen);
  const k = size / crop.size;
  for (let i = 0; i < screen.length; i += 3) {
    screen[i] = (screen[i] - crop.x) * k;
    screen[i + 1] = (screen[i + 1] - crop.y) * k;
  }
  rasterize(screen, mesh.triangles, raster);
  const eyes = [track.eyes[2 * frame], track.eyes[2 * frame + 1]];
  const tris = mesh.triangles;
  for (let p = 0; p < size * size; p++) {
    const t = raster.triangle[p];
    if (t < 0) {
      out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = 0;
      continue;
    }
    const a = tris[3 * t],
      b = tris[3 * t + 1],
      c = tris[3 * t + 2];
    const eye = mesh.eye[a];
    if (eye) {
      // Eye 1 is the left eyeball (the face's own left), as track.eyes[0].
      const g = Math.round(255 * (1 - eyes[eye - 1]));
      out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = g;
      continue;
    }
    const wb = raster.bary[2 * p],
      wc = raster.bary[2 * p + 1],
      wa = 1 - wb - wc;
    for (let ch = 0; ch < 3; ch++)
      out[3 * p + ch] = Math.round(255 * (wa * code[3 * a + ch] + wb * code[3 * b + ch] + wc * code[3 * c + ch]));
  }
  return out;
}

/**
 * A square crop of the person's video around the face: the rig's face box seen through the camera at
 * rest, widened by `margin` (a share of its larger side), kept inside the frame.
 * Example: `const crop = faceCrop(mesh, camera)`
 */
export function faceCrop(mesh: RigMesh, camera: PersonCamera, margin = 0.9): Crop {
  const box = faceBox(mesh);
  const corners: number[] = [];
  for (const dx of [-0.5, 0.5])
    for (const dy of [-0.5, 0.5])
      for (const dz of [-0.5, 0.5]) {
        corners.push(box.center[0] + dx * box.size[0], box.center[1] + dy * box.size[1], box.center[2] + dz * box.size[2]);
      }
  const s = cameraProject(camera, Float32Array.from(corners));
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < s.length; i += 3) {
    x0 = Math.min(x0, s[i]);
    x1 = Math.max(x1, s[i]);
    y0 = Math.min(y0, s[i + 1]);
    y1 = Math.max(y1, s[i + 1]);
  }
  let size = Math.round(Math.max(x1 - x0, y1 - y0) * (1 + margin));
  size = Math.min(size, camera.width, camera.height);
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const x = Math.round(Math.min(camera.width - size, Math.max(0, cx - size / 2)));
  const y = Math.round(Math.min(camera.height - size, Math.max(0, cy - size / 2)));
  return { x, y, size };
}
