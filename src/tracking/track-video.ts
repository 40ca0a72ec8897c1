import * as fs from 'fs';
import * as path from 'path';
import { defaultRig } from '../retarget/default-rig';
import { Rig } from '../retarget/rig';
import { writeFileAtomic } from '../runtime/atomic-write';
import { ProgressCallback, noProgress } from '../runtime/progress';
import { ARKIT_COUNT, arkitIndex } from '../track/arkit';
import { FaceTrack, createTrack } from '../track/face-track';
import { trackToJson } from '../track/track-json';
import { LandmarkBinding, bindLandmarks } from './correspondence';
import { FaceLandmarks, LANDMARK_COUNT, Landmarker, createLandmarker } from './face-landmarks';
import { chooseFocal, focalForFov } from './choose-focal';
import { FitModel, FitOptions, FrameFit, Intrinsics, fitFrame, fitModel, observations } from './fit-frame';
import { identityOffsets } from './identity';
import { landmarkSpread, weightsFromSpread } from './landmark-noise';
import { PersonCamera, estimateCamera, fitToPose } from './person-camera';
import { RigMesh, rigMesh } from './rig-mesh';
import { smoothTrack } from './smooth-track';
import { VideoInfo, probeVideo, videoFrames } from './video-frames';

export interface TrackVideoOptions extends FitOptions {
  /** The rig to fit (default: the default head). */
  rig?: Rig;
  /** Fit a per-person identity offset (the face's own shape) and refit: for real people, not for the rig itself. */
  identity?: boolean;
  /** The camera looks straight at the rig's face (known for rendered subjects); else its direction is the mean head rotation. */
  frontCamera?: boolean;
  /** Refit with each landmark weighted by how consistently the detector places it on this video. */
  reweight?: boolean;
  /** The camera's vertical field of view, degrees, when known; else it is chosen from the video. */
  fov?: number;
  /** σ of the temporal gaussian on weights and pose, frames (0 = none). */
  smoothFrames?: number;
  onProgress?: ProgressCallback;
  /** Landmarks already detected for this video (skips detection). */
  landmarks?: (FaceLandmarks | null)[];
}

export const TRACK_VIDEO_DEFAULTS = { identity: true, reweight: true, frontCamera: false, smoothFrames: 1 };

/** What tracking a video gives: the person's FaceTrack (at the video's frame rate), camera and identity. */
export interface PersonFit {
  video: string;
  info: VideoInfo;
  track: FaceTrack;
  camera: PersonCamera;
  /** Per fitted landmark, model-space offset of the person's face from the rig (P × 3), or null. */
  identity: Float64Array | null;
  /** Per frame: was a face found; landmark error of the fit (pixels). */
  found: Uint8Array;
  rms: Float32Array;
  landmarks: (FaceLandmarks | null)[];
  binding: LandmarkBinding;
  /** Wall-clock seconds spent detecting and fitting. */
  seconds: { detect: number; fit: number };
}

/** The rig's landmark model, built once per rig and landmarker. */
export interface RigLandmarkModel {
  rig: Rig;
  mesh: RigMesh;
  binding: LandmarkBinding;
  model: FitModel;
}

/** Renders the rig front-on, finds the landmarks on it and builds the fit model. */
export async function rigLandmarkModel(rig: Rig, landmarker: Landmarker): Promise<RigLandmarkModel> {
  const mesh = rigMesh(rig);
  const binding = await bindLandmarks(rig, mesh, landmarker);
  return { rig, mesh, binding, model: fitModel(mesh, binding) };
}

/** Face landmarks of every frame of a video (null where no face was found). */
export async function detectVideoLandmarks(file: string, info: VideoInfo, landmarker: Landmarker, onProgress: ProgressCallback = noProgress): Promise<(FaceLandmarks | null)[]> {
  const total = Math.max(1, Math.round(info.durationSeconds * info.fps));
  const out: (FaceLandmarks | null)[] = [];
  for await (const frame of videoFrames(file, info)) {
    out.push(await landmarker.detect(frame.rgb, info.width, info.height));
    onProgress({ stage: 'landmarks', done: out.length, total: Math.max(total, out.length), item: file });
  }
  return out;
}

/** Fits every frame in order, each seeded by the one before; frames without a face copy their neighbour. */
export function fitSequence(model: FitModel, K: Intrinsics, faces: (FaceLandmarks | null)[], options: FitOptions = {}): FrameFit[] {
  const fits: (FrameFit | null)[] = [];
  let prev: FrameFit | null = null;
  for (const face of faces) {
    if (!face) {
      fits.push(null);
      continue;
    }
    const f = fitFrame(model, K, observations(model, face), prev, options);
    // A fit far worse than its predecessor restarts from scratch (a jump the seed cannot follow).
    prev = prev && f.rms > 3 * Math.max(1, prev.rms) ? fitFrame(model, K, observations(model, face), null, options) : f;
    fits.push(prev);
  }
  const firstFound = fits.findIndex((f) => f !== null);
  if (firstFound < 0) return [];
  for (let i = 0; i < fits.length; i++) fits[i] ??= fits[i - 1] ?? fits[firstFound];
  return fits as FrameFit[];
}

/**
 * Tracks a person's video: landmarks per frame, the landmark↔rig correspondence (automatic), a fit of
 * pose and ARKit weights per frame, the camera and (optionally) the person's identity offsets, and a
 * temporal smoothing. Returns the FaceTrack at the video's own frame rate.
 * Example: `const fit = await trackVideo('me.mp4'); await saveFit(fit)`
 */
export async function trackVideo(file: string, options: TrackVideoOptions = {}): Promise<PersonFit> {
  const o = { ...TRACK_VIDEO_DEFAULTS, ...options };
  const onProgress = o.onProgress ?? noProgress;
  const info = await probeVideo(file);
  const landmarker = await createLandmarker();
  const rig = o.rig ?? (await defaultRig());
  const rlm = await rigLandmarkModel(rig, landmarker);
  const t0 = Date.now();
  const landmarks = o.landmarks ?? (await detectVideoLandmarks(file, info, landmarker, onProgress));
  const t1 = Date.now();
  const found = Uint8Array.from(landmarks, (f) => (f ? 1 : 0));
  if (!found.some(Boolean)) throw new Error(`${file}: no face found in any of its ${landmarks.length} frames`);
  let model = rlm.model;
  const K: Intrinsics =
    o.fov !== undefined
      ? { focal: focalForFov(o.fov, info.height), u0: info.width / 2, v0: info.height / 2 }
      : chooseFocal(model, landmarks, info.width, info.height, o).intrinsics;
  let fits = fitSequence(model, K, landmarks, o);
  if (o.reweight) {
    model = { ...model, rho: weightsFromSpread(model, landmarkSpread(model, K, landmarks, fits)) };
    fits = fitSequence(model, K, landmarks, o);
  }
  let identity: Float64Array | null = null;
  if (o.identity) {
    identity = identityOffsets(model, K, landmarks, fits);
    model = { ...model, X0: model.X0.map((x, i) => x + identity![i]) };
    fits = fitSequence(model, K, landmarks, o);
  }
  const t2 = Date.now();
  const camera = estimateCamera(fits, K, info.width, info.height, rlm.mesh.headPivot, o.frontCamera);
  const track = createTrack(fits.length, info.fps, { source: path.basename(file), model: 'tracked', rig: rig.file });
  const blinkL = arkitIndex('eyeBlinkLeft'), blinkR = arkitIndex('eyeBlinkRight');
  fits.forEach((f, t) => {
    for (let k = 0; k < ARKIT_COUNT; k++) track.expression[t * ARKIT_COUNT + k] = f.weights[k];
    track.pose.set(fitToPose(f, camera), t * 6);
    track.eyes[2 * t] = f.weights[blinkL];
    track.eyes[2 * t + 1] = f.weights[blinkR];
  });
  smoothTrack(track, o.smoothFrames);
  onProgress({ stage: 'fit', done: fits.length, total: fits.length, item: file });
  return {
    video: file,
    info,
    track,
    camera,
    identity,
    found,
    rms: Float32Array.from(fits, (f) => f.rms),
    landmarks,
    binding: rlm.binding,
    seconds: { detect: (t1 - t0) / 1000, fit: (t2 - t1) / 1000 },
  };
}

/** Files written beside a video: `<name>.track.json` (FaceTrack), `<name>.fit.json` (camera, identity, per-frame quality, landmarks). */
export function fitPaths(video: string): { track: string; fit: string } {
  const base = video.replace(/\.[^./\\]+$/, '');
  return { track: `${base}.track.json`, fit: `${base}.fit.json` };
}

/** The serialisable part of a PersonFit (the `.fit.json` file). */
export interface PersonFitFile {
  format: 'musicface-person-fit';
  version: 1;
  video: string;
  width: number;
  height: number;
  fps: number;
  frames: number;
  rig: string;
  camera: PersonCamera;
  identity: number[] | null;
  found: number[];
  rms: number[];
  /** Per frame: 478 × 3 landmark coordinates (rounded to 1/100 px), or null. */
  landmarks: (number[] | null)[];
}

/**
 * Writes the track and the fit beside the video (atomically).
 * Example: `await saveFit(await trackVideo('me.mp4'))` → me.track.json, me.fit.json
 */
export async function saveFit(fit: PersonFit, paths = fitPaths(fit.video)): Promise<{ track: string; fit: string }> {
  const file: PersonFitFile = {
    format: 'musicface-person-fit',
    version: 1,
    video: path.basename(fit.video),
    width: fit.info.width,
    height: fit.info.height,
    fps: fit.info.fps,
    frames: fit.track.frameCount,
    rig: fit.track.meta.rig as string,
    camera: fit.camera,
    identity: fit.identity ? Array.from(fit.identity, (x) => Math.round(x * 1e6) / 1e6) : null,
    found: Array.from(fit.found),
    rms: Array.from(fit.rms, (x) => Math.round(x * 1000) / 1000),
    landmarks: fit.landmarks.map((f) => (f ? Array.from(f.points, (x) => Math.round(x * 100) / 100) : null)),
  };
  writeFileAtomic(paths.track, trackToJson(fit.track));
  writeFileAtomic(paths.fit, JSON.stringify(file));
  return paths;
}

/** Reads a `.fit.json` written by `saveFit`, with one clear sentence when it is not one. */
export function readFitFile(file: string): PersonFitFile {
  let data: PersonFitFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: cannot read the person fit (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (data?.format !== 'musicface-person-fit' || !data.camera) throw new Error(`${file}: not a person fit written by musicface track`);
  return data;
}

/** Landmarks of a saved fit, in the form `trackVideo({ landmarks })` takes (re-fitting without re-detecting). */
export function landmarksOf(file: PersonFitFile): (FaceLandmarks | null)[] {
  return file.landmarks.map((p) => (p && p.length === LANDMARK_COUNT * 3 ? { points: Float32Array.from(p), box: [0, 0, 0, 0], score: 1 } : null));
}
