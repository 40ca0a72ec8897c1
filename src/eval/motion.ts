import { gaussianSmooth, type FaceTrack, POSE_DIM } from '../track';

/** Pose rows (frame × 6) of a track. */
export function poseRows(track: FaceTrack): number[][] {
  return Array.from({ length: track.frameCount }, (_, t) => Array.from(track.pose.subarray(t * POSE_DIM, (t + 1) * POSE_DIM)));
}

/** Per-frame absolute velocity of each pose column (frame × 6; the first frame repeats the second). */
export function speedRows(track: FaceTrack): number[][] {
  const p = track.pose;
  const rows: number[][] = [];
  for (let t = 1; t < track.frameCount; t++) {
    rows.push(Array.from({ length: POSE_DIM }, (_, k) => Math.abs(p[t * POSE_DIM + k] - p[(t - 1) * POSE_DIM + k])));
  }
  return rows.length ? [rows[0], ...rows] : [new Array(POSE_DIM).fill(0)];
}

/**
 * Rough (paper eq. 14): mean over frames of the summed squared second derivative of the three head
 * rotation angles, in degrees per frame². Lower is smoother.
 */
export function roughness(track: FaceTrack): number {
  const deg = 180 / Math.PI;
  const T = track.frameCount;
  if (T < 3) return 0;
  let sum = 0;
  for (let t = 1; t < T - 1; t++) {
    for (let k = 0; k < 3; k++) {
      const a = (track.pose[(t + 1) * POSE_DIM + k] - 2 * track.pose[t * POSE_DIM + k] + track.pose[(t - 1) * POSE_DIM + k]) * deg;
      sum += a * a;
    }
  }
  return sum / (T - 2);
}

/** Rotational head speed (rad/frame) smoothed by a gaussian of σ frames. */
export function headSpeed(track: FaceTrack, sigma = 2): Float32Array {
  const s = new Float32Array(track.frameCount);
  for (let t = 1; t < track.frameCount; t++) {
    let acc = 0;
    for (let k = 0; k < 3; k++) {
      const d = track.pose[t * POSE_DIM + k] - track.pose[(t - 1) * POSE_DIM + k];
      acc += d * d;
    }
    s[t] = Math.sqrt(acc);
  }
  if (s.length > 1) s[0] = s[1];
  return gaussianSmooth(s, sigma);
}

/** Motion beats: frames where the smoothed head speed has a local minimum (the head "lands"). */
export function motionBeats(track: FaceTrack, sigma = 2): number[] {
  const s = headSpeed(track, sigma);
  const beats: number[] = [];
  for (let t = 1; t < s.length - 1; t++) if (s[t] < s[t - 1] && s[t] <= s[t + 1]) beats.push(t);
  return beats;
}

/**
 * Beat Align Score: mean over music beats of exp(−d²/(2σ²)), d = frames from the beat to the nearest
 * motion beat, σ = 3 frames. 1 = every beat has the head landing on it.
 */
export function beatAlignScore(musicBeatFrames: number[], motion: number[], sigma = 3): number {
  if (!musicBeatFrames.length) return NaN;
  if (!motion.length) return 0;
  const sorted = [...motion].sort((a, b) => a - b);
  let sum = 0;
  for (const b of musicBeatFrames) {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    const d = Math.min(Math.abs(sorted[lo] - b), lo > 0 ? Math.abs(sorted[lo - 1] - b) : Infinity);
    sum += Math.exp(-(d * d) / (2 * sigma * sigma));
  }
  return sum / musicBeatFrames.length;
}
