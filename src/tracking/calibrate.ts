import { renderStills } from '../render';
import { bakeClip, type Rig } from '../retarget';
import { ARKIT_COUNT, ARKIT_NAMES, type FaceTrack, createTrack, arkitIndex } from '../track';
import {
  CORRESPONDENCE_DEFAULTS,
  type CorrespondenceOptions,
  type LandmarkBinding,
  bindFromLandmarks,
  frontCamera,
  landmarkPositions,
} from './correspondence';
import { type FaceLandmarks, LANDMARK_COUNT, type Landmarker } from './face-landmarks';
import { createRaster, projectPoints, rasterize, type RigMesh, jointMotion, poseMesh } from '../raster';
import { shadeRig } from './shade';
import { type EyeClosureModel, lidRatios } from './eye-closure';
import { type Defaults, RigError, withDefaults } from '../runtime';

/**
 * How the face detector sees a rig, measured by rendering it and detecting landmarks on the renders:
 *  - `rest`: the landmark↔surface binding from the front view at rest;
 *  - `views`: for a grid of head turns, where on the rest surface each landmark lands (the detector
 *    slides outline and lid points over the surface as the head turns);
 *  - `shapes`: for each ARKit shape at full weight, how far each landmark moves (model space) — the
 *    detector's own response to the shape, which can differ from the motion of the surface point it was
 *    bound to at rest (lip corners on an open mouth, lids on a closing eye).
 * The fit uses these instead of the bare surface points, so the detector's habits on this face cancel.
 */
export interface LandmarkCalibration {
  rest: LandmarkBinding;
  /** Rest-surface positions (L × 3, model space) and validity per landmark, per head turn (radians). */
  views: { pitch: number; yaw: number; positions: Float32Array; valid: Uint8Array }[];
  /** Per ARKit index: landmark displacement at weight `weight` divided by it (L × 3), or null. */
  shapes: (Float32Array | null)[];
  /** How the lids read on this rig (see eye-closure.ts). */
  eyes: EyeClosureModel;
}

export interface CalibrationOptions extends CorrespondenceOptions {
  /** Head turns of the view grid, radians. */
  yaws?: number[];
  pitches?: number[];
  /** Weight at which each shape is rendered (its measured motion is divided by it). */
  shapeWeight?: number;
}

export const CALIBRATION_DEFAULTS: Defaults<CalibrationOptions> = Object.freeze({
  ...CORRESPONDENCE_DEFAULTS,
  yaws: [-0.5, -0.25, 0, 0.25, 0.5],
  pitches: [-0.3, -0.15, 0, 0.15, 0.3],
  shapeWeight: 0.8,
});

const iod = (f: FaceLandmarks) => Math.hypot(f.points[3 * 33] - f.points[3 * 263], f.points[3 * 33 + 1] - f.points[3 * 263 + 1]);

/**
 * The calibration render size that shows the rig's face as large as the video shows the person's (the
 * detector's habits depend on the face's size in pixels): the median distance between the outer eye
 * corners in the video against the same distance on a quick front render of the rig.
 * Example: `const size = await calibrationSizeFor(faces, mesh, landmarker)`
 */
export async function calibrationSizeFor(faces: (FaceLandmarks | null)[], mesh: RigMesh, landmarker: Landmarker): Promise<number> {
  const seen = faces.flatMap((f) => (f ? [iod(f)] : [])).sort((a, b) => a - b);
  if (!seen.length) return CALIBRATION_DEFAULTS.size;
  const ref = 512;
  const camera = frontCamera(mesh, ref);
  const posed = poseMesh(mesh, new Float32Array(ARKIT_COUNT), []);
  const raster = rasterize(projectPoints(camera, posed.positions), mesh.triangles, createRaster(ref, ref));
  const face = await landmarker.detect(shadeRig(mesh, posed, raster), ref, ref);
  if (!face) return CALIBRATION_DEFAULTS.size;
  const size = (ref * seen[seen.length >> 1]) / iod(face);
  return Math.max(160, Math.min(1024, 16 * Math.round(size / 16)));
}

/** Frames of the calibration: rest, then each shape alone, then the head turns. */
function calibrationTrack(o: typeof CALIBRATION_DEFAULTS, shapes: number[]): FaceTrack {
  const views = o.pitches.flatMap((pitch) => o.yaws.map((yaw) => ({ pitch, yaw })));
  const track = createTrack(1 + shapes.length + views.length, 30, { source: 'landmark calibration' });
  shapes.forEach((k, i) => (track.expression[(1 + i) * ARKIT_COUNT + k] = o.shapeWeight));
  views.forEach((v, i) => {
    const f = 1 + shapes.length + i;
    track.pose[f * 6] = v.pitch;
    track.pose[f * 6 + 1] = v.yaw;
  });
  return track;
}

/**
 * Renders the rig at rest, with each shape, and turned; detects landmarks on every render and traces
 * them back onto the surface (see LandmarkCalibration).
 * Example: `const cal = await calibrateLandmarks(rig, mesh, await createLandmarker())`
 */
export async function calibrateLandmarks(
  rig: Rig,
  mesh: RigMesh,
  landmarker: Landmarker,
  options: CalibrationOptions = {},
): Promise<LandmarkCalibration> {
  const o = withDefaults(CALIBRATION_DEFAULTS, options);
  // Gaze is not observed by the fit (see fit-frame.ts); its shapes are not calibrated.
  const shapes = ARKIT_NAMES.flatMap((n, k) => (mesh.basis[k] && !/^eyeLook|^tongue/.test(n) ? [k] : []));
  const track = calibrationTrack(o, shapes);
  const frames = Array.from({ length: track.frameCount }, (_, i) => i);
  const size = o.size;
  const camera = frontCamera(mesh, size);
  const clip = bakeClip(track, rig);
  const posedAt = (f: number) =>
    poseMesh(mesh, track.expression.subarray(f * ARKIT_COUNT, (f + 1) * ARKIT_COUNT), jointMotion(rig, mesh, clip, f));
  let images: Uint8Array[];
  if (o.renderer === 'video') {
    images = (await renderStills(track, frames, { rig, size })).map((rgba) => {
      const rgb = new Uint8Array(size * size * 3);
      for (let p = 0; p < size * size; p++) rgb.set(rgba.subarray(4 * p, 4 * p + 3), 3 * p);
      return rgb;
    });
  } else {
    const raster = createRaster(size, size);
    images = frames.map((f) => {
      const posed = posedAt(f);
      rasterize(projectPoints(camera, posed.positions), mesh.triangles, raster);
      return shadeRig(mesh, posed, raster);
    });
  }
  const detect = async (f: number) => {
    const face = await landmarker.detect(images[f], size, size);
    return face ? { face, posed: posedAt(f) } : null;
  };
  const rest0 = await detect(0);
  if (!rest0) {
    throw new RigError(
      `${rig.file}: the face detector finds no face on a front render of the rig, so its landmarks cannot be placed; a rig needs a recognisable face (eyes, nose, mouth) seen from +Z`,
      { file: rig.file },
    );
  }
  const rest = bindFromLandmarks(mesh, rest0.posed, camera, rest0.face);
  const restPos = landmarkPositions(rest, rest0.posed.positions);
  const shapeOut: (Float32Array | null)[] = new Array(ARKIT_COUNT).fill(null);
  const openRatio = lidRatios(rest0.face);
  const closedShare: [number, number] = [0.3, 0.3];
  for (let i = 0; i < shapes.length; i++) {
    const got = await detect(1 + i);
    if (!got) continue;
    if (shapes[i] === arkitIndex('eyeBlinkLeft') || shapes[i] === arkitIndex('eyeBlinkRight')) {
      // The eye that closed in this render is the one whose ratio dropped; extrapolate to weight 1.
      const r = lidRatios(got.face);
      const e = r[0] / openRatio[0] < r[1] / openRatio[1] ? 0 : 1;
      closedShare[e] = Math.max(0, 1 - (1 - r[e] / openRatio[e]) / o.shapeWeight);
    }
    const b = bindFromLandmarks(mesh, got.posed, camera, got.face);
    const moved = landmarkPositions(b, got.posed.positions);
    const d = new Float32Array(LANDMARK_COUNT * 3);
    for (let l = 0; l < LANDMARK_COUNT; l++) {
      if (!(b.reliability[l] > 0)) continue;
      for (let a = 0; a < 3; a++) d[3 * l + a] = (moved[3 * l + a] - restPos[3 * l + a]) / o.shapeWeight;
    }
    shapeOut[shapes[i]] = d;
  }
  const views: LandmarkCalibration['views'] = [];
  const grid = o.pitches.flatMap((pitch) => o.yaws.map((yaw) => ({ pitch, yaw })));
  for (let i = 0; i < grid.length; i++) {
    const got = await detect(1 + shapes.length + i);
    if (!got) continue;
    const b = bindFromLandmarks(mesh, got.posed, camera, got.face);
    views.push({ ...grid[i], positions: landmarkPositions(b, mesh.rest), valid: Uint8Array.from(b.reliability, (r) => (r > 0 ? 1 : 0)) });
  }
  // The face's own left is +X in model space: the eye whose corners lie there.
  const cornerX = (c: readonly number[]) => (restPos[3 * c[0]] + restPos[3 * c[1]]) / 2;
  const left = cornerX([33, 133]) > cornerX([362, 263]) ? 'a' : 'b';
  return { rest, views, shapes: shapeOut, eyes: { left, closedShare } };
}
