import { FEATURE_PARAMS, MFCC_DIM, MFCC_CENTRE_OFFSET, MFCC_RATE } from './feature-params';
import { computeMfcc, type Mfcc } from './mfcc';

/** The generator's input: for each video frame, 39 MFCC rows (390 ms) centred on it. `frameCount × 39 × 26`. */
export interface Features {
  fps: number;
  frameCount: number;
  window: 39;
  dim: 26;
  data: Float32Array;
}

const WINDOW = FEATURE_PARAMS.window;
const HALF = (WINDOW - 1) / 2;

function checkFps(fps: number): void {
  if (!(fps > 0 && Number.isFinite(fps))) throw new Error(`fps must be a positive number, got ${fps}`);
}

/**
 * Number of video frames for a song: max(1, round(duration · fps)).
 * Example: `videoFrameCount(10.88) // 326`
 */
export function videoFrameCount(durationSeconds: number, fps: number = FEATURE_PARAMS.fps): number {
  checkFps(fps);
  if (!(durationSeconds >= 0 && Number.isFinite(durationSeconds)))
    throw new Error(`duration must be a finite number ≥ 0, got ${durationSeconds}`);
  return Math.max(1, Math.round(durationSeconds * fps));
}

/**
 * Index of the MFCC frame whose centre (j · 0.01 + 0.0125 s) is nearest to video frame i (at i / fps s).
 * Example: `centreMfccFrame(0) // 0`, `centreMfccFrame(30) // 99`
 */
export function centreMfccFrame(videoFrame: number, fps: number = FEATURE_PARAMS.fps): number {
  return Math.round((videoFrame / fps - MFCC_CENTRE_OFFSET) * MFCC_RATE);
}

/**
 * Windows for video frames `start … start + count − 1`: rows c − 19 … c + 19 of `mfcc` around each frame's
 * centre row c, indices clamped to the song (edge rows repeat). Cut a long song into chunks with it; the
 * windows do not depend on the chunking.
 * Example: `const f = windowFeatures(mfcc, 0, videoFrameCount(seconds))`
 */
export function windowFeatures(mfcc: Mfcc, start: number, count: number, fps: number = FEATURE_PARAMS.fps): Features {
  checkFps(fps);
  if (!(Number.isInteger(start) && start >= 0 && Number.isInteger(count) && count >= 0)) {
    throw new Error(`windowFeatures: start and count must be integers ≥ 0, got ${start} and ${count}`);
  }
  if (mfcc.dim !== MFCC_DIM || mfcc.frames < 1 || mfcc.data.length !== mfcc.frames * MFCC_DIM) {
    throw new Error(
      `windowFeatures: expected MFCC rows of ${MFCC_DIM} values, got ${mfcc.frames} × ${mfcc.dim} in ${mfcc.data.length} values`,
    );
  }
  const rowBytes = MFCC_DIM;
  const data = new Float32Array(count * WINDOW * rowBytes);
  const last = mfcc.frames - 1;
  for (let f = 0; f < count; f++) {
    const c = centreMfccFrame(start + f, fps);
    const base = f * WINDOW * rowBytes;
    for (let w = 0; w < WINDOW; w++) {
      let j = c - HALF + w;
      j = j < 0 ? 0 : Math.min(j, last);
      data.set(mfcc.data.subarray(j * rowBytes, (j + 1) * rowBytes), base + w * rowBytes);
    }
  }
  return { fps, frameCount: count, window: WINDOW, dim: MFCC_DIM, data };
}

/**
 * The whole feature path for one 16 kHz mono signal: MFCC + deltas, then one window per video frame.
 * Example: `const features = computeFeatures(toMono16k(stems.vocals))`
 */
export function computeFeatures(samples16k: Float32Array, fps: number = FEATURE_PARAMS.fps): Features {
  const mfcc = computeMfcc(samples16k);
  return windowFeatures(mfcc, 0, videoFrameCount(samples16k.length / FEATURE_PARAMS.sampleRate, fps), fps);
}
