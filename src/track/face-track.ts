import { ARKIT_COUNT, arkitIndex } from './arkit';

/** Everything a user needs to reproduce a track. */
export interface TrackMeta {
  source?: string;
  model?: string;
  seed?: number;
  style?: string;
  separator?: string;
  [key: string]: unknown;
}

/**
 * The one currency of the project: 30 fps facial animation.
 * Rows are frames; arrays are flat and row-major so a 60-minute song stays compact.
 *  - expression: frameCount × 52 ARKit weights in [0, 1], Apple's order (see `arkit.ts`)
 *  - pose: frameCount × 6 — pitch, yaw, roll (rad), tx, ty, tz (m), relative to the rest pose, glTF axes
 *  - eyes: frameCount × 2 — closure of the left and right eye, 0 open … 1 closed
 */
export interface FaceTrack {
  fps: number;
  frameCount: number;
  expression: Float32Array;
  pose: Float32Array;
  eyes: Float32Array;
  meta: TrackMeta;
}

export const POSE_DIM = 6;
export const EYE_DIM = 2;

/** A neutral track (all weights 0, rest pose, eyes open) of the given length. */
export function createTrack(frameCount: number, fps = 30, meta: TrackMeta = {}): FaceTrack {
  return {
    fps,
    frameCount,
    expression: new Float32Array(frameCount * ARKIT_COUNT),
    pose: new Float32Array(frameCount * POSE_DIM),
    eyes: new Float32Array(frameCount * EYE_DIM),
    meta: { ...meta },
  };
}

/** One ARKit weight over time (a copy). */
export function weightCurve(track: FaceTrack, name: string): Float32Array {
  const k = arkitIndex(name);
  if (k < 0) throw new Error(`"${name}" is not an ARKit blendshape name`);
  const out = new Float32Array(track.frameCount);
  for (let t = 0; t < track.frameCount; t++) out[t] = track.expression[t * ARKIT_COUNT + k];
  return out;
}

/** One pose column (0 pitch … 5 tz) over time (a copy). */
export function poseCurve(track: FaceTrack, column: number): Float32Array {
  const out = new Float32Array(track.frameCount);
  for (let t = 0; t < track.frameCount; t++) out[t] = track.pose[t * POSE_DIM + column];
  return out;
}

/** Copies eye closure into eyeBlinkLeft/Right so rigs driven only by blendshapes blink too. */
export function syncEyesToExpression(track: FaceTrack): void {
  const l = arkitIndex('eyeBlinkLeft');
  const r = arkitIndex('eyeBlinkRight');
  for (let t = 0; t < track.frameCount; t++) {
    track.expression[t * ARKIT_COUNT + l] = track.eyes[t * EYE_DIM];
    track.expression[t * ARKIT_COUNT + r] = track.eyes[t * EYE_DIM + 1];
  }
}

/** Frame index shown at time `seconds` (frame i is shown at i / fps). */
export function frameAt(track: FaceTrack, seconds: number): number {
  return Math.min(track.frameCount - 1, Math.max(0, Math.floor(seconds * track.fps + 1e-9)));
}
