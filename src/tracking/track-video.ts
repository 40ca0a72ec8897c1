import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultRig, type Rig } from '../retarget';
import { writeFileAtomic, type ProgressCallback, noProgress, type Defaults, withDefaults } from '../runtime';
import { ARKIT_COUNT, arkitIndex, type FaceTrack, createTrack, trackToJson, TrackError } from '../track';
import { type CalibrationOptions, type LandmarkCalibration, calibrateLandmarks, calibrationSizeFor } from './calibrate';
import type { LandmarkBinding } from './correspondence';
import { type FaceLandmarks, LANDMARK_COUNT, type Landmarker, createLandmarker } from './face-landmarks';
import { chooseFocal, focalForFov } from './choose-focal';
import { type FitModel, type FitOptions, type FrameFit, fitFrame, fitModel, observations } from './fit-frame';
import { eyeClosures } from './eye-closure';
import { identityOffsets, neutralWeights } from './identity';
import { estimateCamera, fitToPose } from './estimate-camera';
import { type Intrinsics, type PersonCamera, type RigMesh, rigMesh } from '../raster';
import { smoothTrack } from './smooth-track';
import { type VideoInfo, probeVideo, videoFrames, VideoFileError } from '../video';

export interface TrackVideoOptions extends FitOptions {
  /** The rig to fit (default: the default head). */
  rig?: Rig;
  /** Fit a per-person identity offset (the face's own shape) and refit: for real people, not for the rig itself. */
  identity?: boolean;
  /** The camera looks straight at the rig's face (known for rendered subjects); else its direction is the mean head rotation. */
  frontCamera?: boolean;
  /** The camera's vertical field of view, degrees, when known; else it is chosen from the video. */
  fov?: number;
  /** σ of the temporal gaussian on weights and pose, frames (0 = none). */
  smoothFrames?: number;
  onProgress?: ProgressCallback;
  /** How the rig is calibrated against the detector (render size, head-turn grid). */
  calibration?: CalibrationOptions;
  /** Landmarks already detected for this video (skips detection). */
  landmarks?: (FaceLandmarks | null)[];
}

export const TRACK_VIDEO_DEFAULTS: Defaults<Pick<TrackVideoOptions, 'identity' | 'frontCamera' | 'smoothFrames'>> = Object.freeze({
  identity: true,
  frontCamera: false,
  smoothFrames: 1,
});

/** What tracking a video gives: the person's FaceTrack (at the video's frame rate), camera and identity. */
export interface PersonFit {
  video: string;
  info: VideoInfo;
  track: FaceTrack;
  camera: PersonCamera;
  /** Per fitted landmark, model-space offset of the person's face from the rig (P × 3), or null. */
  identity: Float64Array | null;
  /** The person's resting weights (52), subtracted from every frame, or null. */
  neutral: Float64Array | null;
  /** Size of the rig renders the landmark calibration used (matched to the face's size in the video). */
  calibrationSize: number;
  /** Per frame: was a face found; landmark error of the fit (pixels). */
  found: Uint8Array;
  rms: Float32Array;
  landmarks: (FaceLandmarks | null)[];
  binding: LandmarkBinding;
  /** Wall-clock seconds spent detecting (this video), calibrating the rig (once for all) and fitting (this video). */
  seconds: { detect: number; calibrate: number; fit: number };
}

/** The rig's landmark model, built once per rig and landmarker. */
export interface RigLandmarkModel {
  rig: Rig;
  mesh: RigMesh;
  calibration: LandmarkCalibration;
  binding: LandmarkBinding;
  model: FitModel;
}

const modelCache = new WeakMap<Rig, Map<string, Promise<RigLandmarkModel>>>();

/** Renders the rig (front-on, with each shape, turned), finds the landmarks on it and builds the fit model; once per rig. */
export function rigLandmarkModel(rig: Rig, landmarker: Landmarker, options: CalibrationOptions = {}): Promise<RigLandmarkModel> {
  const key = JSON.stringify(options);
  const perRig = modelCache.get(rig) ?? new Map<string, Promise<RigLandmarkModel>>();
  modelCache.set(rig, perRig);
  let p = perRig.get(key);
  if (!p) {
    p = (async () => {
      const mesh = rigMesh(rig);
      const calibration = await calibrateLandmarks(rig, mesh, landmarker, options);
      return { rig, mesh, calibration, binding: calibration.rest, model: fitModel(mesh, calibration) };
    })();
    p.catch(() => perRig.delete(key));
    perRig.set(key, p);
  }
  return p;
}

/** Face landmarks of every frame of a video (null where no face was found). */
export async function detectVideoLandmarks(
  file: string,
  info: VideoInfo,
  landmarker: Landmarker,
  onProgress: ProgressCallback = noProgress,
): Promise<(FaceLandmarks | null)[]> {
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
 * pose and ARKit weights per frame, the camera and (optionally) the person's identity, and a temporal
 * smoothing. Returns the FaceTrack at the video's own frame rate.
 * Example: `const fit = await trackVideo('me.mp4'); await saveFit(fit)`
 */
export async function trackVideo(file: string, options: TrackVideoOptions = {}): Promise<PersonFit> {
  return (
    await trackVideos([file], { ...options, landmarks: undefined, landmarksPerVideo: options.landmarks ? [options.landmarks] : undefined })
  )[0];
}

/**
 * Tracks several videos of the same person with one shared camera lens, identity and neutral face (as a
 * person recorded in several takes): more frames make the person's own shape and resting face better
 * determined. Each video keeps its own camera placement and track.
 * Example: `const fits = await trackVideos(['take1.mp4', 'take2.mp4'])`
 */
export async function trackVideos(
  files: string[],
  options: TrackVideoOptions & { landmarksPerVideo?: (FaceLandmarks | null)[][] } = {},
): Promise<PersonFit[]> {
  const o = withDefaults(TRACK_VIDEO_DEFAULTS, options);
  const onProgress = o.onProgress ?? noProgress;
  if (!files.length) throw new Error('trackVideos: no videos given');
  const infos = await Promise.all(files.map((f) => probeVideo(f)));
  const { width, height } = infos[0];
  infos.forEach((info, i) => {
    if (info.width !== width || info.height !== height)
      throw new VideoFileError(
        files[i],
        `${info.width}×${info.height}, but ${files[0]} is ${width}×${height}; one person's takes must share a frame size`,
      );
  });
  const landmarker = await createLandmarker();
  const rig = o.rig ?? (await defaultRig());
  const t0 = Date.now();
  const perVideo: (FaceLandmarks | null)[][] = [];
  for (let i = 0; i < files.length; i++) {
    perVideo.push(o.landmarksPerVideo?.[i] ?? (await detectVideoLandmarks(files[i], infos[i], landmarker, onProgress)));
    if (!perVideo[i].some(Boolean)) throw new VideoFileError(files[i], `no face found in any of its ${perVideo[i].length} frames`);
  }
  const t1 = Date.now();
  const all = perVideo.flat();
  const size = o.calibration?.size ?? (await calibrationSizeFor(all, rigMesh(rig), landmarker));
  const rlm = await rigLandmarkModel(rig, landmarker, { ...o.calibration, size });
  const t2 = Date.now();
  let model = rlm.model;
  const K: Intrinsics =
    o.fov !== undefined
      ? { focal: focalForFov(o.fov, height), u0: width / 2, v0: height / 2 }
      : chooseFocal(model, all, width, height, o).intrinsics;
  let fits = perVideo.map((faces) => fitSequence(model, K, faces, o));
  let identity: Float64Array | null = null;
  let neutral: Float64Array | null = null;
  if (o.identity) {
    identity = identityOffsets(model, K, all, fits.flat());
    model = { ...model, identity };
    fits = perVideo.map((faces) => fitSequence(model, K, faces, o));
    neutral = neutralWeights(fits.flat());
  }
  const t3 = Date.now();
  // Eye closure is read from the lids directly (the shape fit splits a blink among several eye shapes).
  const eyesAll = eyeClosures(all, rlm.calibration.eyes);
  const blinkL = arkitIndex('eyeBlinkLeft'),
    blinkR = arkitIndex('eyeBlinkRight');
  let offset = 0;
  return files.map((file, i) => {
    const vf = fits[i];
    const camera = estimateCamera(vf, K, width, height, rlm.mesh.headPivot, o.frontCamera);
    const track = createTrack(vf.length, infos[i].fps, { source: path.basename(file), model: 'tracked', rig: rig.file });
    vf.forEach((f, t) => {
      const row = t * ARKIT_COUNT;
      for (let k = 0; k < ARKIT_COUNT; k++) track.expression[row + k] = Math.max(0, f.weights[k] - (neutral ? neutral[k] : 0));
      track.expression[row + blinkL] = track.eyes[2 * t] = eyesAll[2 * (offset + t)];
      track.expression[row + blinkR] = track.eyes[2 * t + 1] = eyesAll[2 * (offset + t) + 1];
      track.pose.set(fitToPose(f, camera), t * 6);
    });
    offset += vf.length;
    smoothTrack(track, o.smoothFrames);
    onProgress({ stage: 'fit', done: i + 1, total: files.length, item: file });
    const share = vf.length / all.length;
    return {
      video: file,
      info: infos[i],
      track,
      camera,
      identity,
      neutral,
      found: Uint8Array.from(perVideo[i], (f) => (f ? 1 : 0)),
      rms: Float32Array.from(vf, (f) => f.rms),
      landmarks: perVideo[i],
      binding: rlm.binding,
      calibrationSize: size,
      seconds: { detect: ((t1 - t0) / 1000) * share, calibrate: (t2 - t1) / 1000, fit: ((t3 - t2) / 1000) * share },
    };
  });
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
  neutral: number[] | null;
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
    neutral: fit.neutral ? Array.from(fit.neutral, (x) => Math.round(x * 1e4) / 1e4) : null,
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
    throw new TrackError(`${file}: cannot read the person fit (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  if (data?.format !== 'musicface-person-fit' || !data.camera)
    throw new TrackError(`${file}: not a person fit written by musicface track`, { file });
  return data;
}

/** Landmarks of a saved fit, in the form `trackVideo({ landmarks })` takes (re-fitting without re-detecting). */
export function landmarksOf(file: PersonFitFile): (FaceLandmarks | null)[] {
  return file.landmarks.map((p) =>
    p && p.length === LANDMARK_COUNT * 3 ? { points: Float32Array.from(p), box: [0, 0, 0, 0], score: 1 } : null,
  );
}
