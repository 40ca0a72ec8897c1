import { ARKIT_COUNT } from './arkit';
import { createTrack, EYE_DIM, type FaceTrack, POSE_DIM } from './face-track';

/**
 * Puts a track whose rows were captured at `times` (seconds, increasing; capture apps drop and jitter
 * frames) onto a uniform grid at `fps` starting at times[0], by linear interpolation.
 * Example: `resampleTrack(take, timecodes, 30)`
 */
export function resampleTrack(track: FaceTrack, times: ArrayLike<number>, fps = 30): FaceTrack {
  if (times.length !== track.frameCount) throw new Error(`resampleTrack: ${times.length} times for ${track.frameCount} rows`);
  const t0 = times[0];
  const span = times[times.length - 1] - t0;
  const frames = Math.max(1, Math.floor(span * fps + 1e-6) + 1);
  const out = createTrack(frames, fps, { ...track.meta });
  const lerp = (src: Float32Array, dst: Float32Array, width: number, i: number, j: number, a: number, f: number) => {
    for (let c = 0; c < width; c++) dst[f * width + c] = (1 - a) * src[i * width + c] + a * src[j * width + c];
  };
  let k = 0;
  for (let f = 0; f < frames; f++) {
    const t = t0 + f / fps;
    while (k < times.length - 2 && times[k + 1] <= t) k++;
    const j = Math.min(k + 1, times.length - 1);
    const dt = times[j] - times[k];
    const a = dt > 0 ? Math.min(1, Math.max(0, (t - times[k]) / dt)) : 0;
    lerp(track.expression, out.expression, ARKIT_COUNT, k, j, a, f);
    lerp(track.pose, out.pose, POSE_DIM, k, j, a, f);
    lerp(track.eyes, out.eyes, EYE_DIM, k, j, a, f);
  }
  return out;
}
