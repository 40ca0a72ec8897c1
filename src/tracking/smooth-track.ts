import { ARKIT_COUNT, EYE_DIM, type FaceTrack, POSE_DIM } from '../track';

/** Gaussian smoothing of one column of a row-major array, edges clamped. In place. */
function smoothColumn(data: Float32Array, width: number, col: number, rows: number, kernel: number[]): void {
  const r = (kernel.length - 1) / 2;
  const src = new Float32Array(rows);
  for (let t = 0; t < rows; t++) src[t] = data[t * width + col];
  for (let t = 0; t < rows; t++) {
    let s = 0;
    for (let k = -r; k <= r; k++) s += kernel[k + r] * src[Math.min(rows - 1, Math.max(0, t + k))];
    data[t * width + col] = s;
  }
}

/**
 * Temporal gaussian (σ in frames) over every weight, pose and eye column of a tracked FaceTrack:
 * landmark jitter is frame-to-frame noise, faces move smoothly. In place; σ 0 leaves it as it is.
 * Example: `smoothTrack(track, 1)`
 */
export function smoothTrack(track: FaceTrack, sigma: number): FaceTrack {
  if (!(sigma > 0) || track.frameCount < 2) return track;
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  const T = track.frameCount;
  for (let c = 0; c < ARKIT_COUNT; c++) smoothColumn(track.expression, ARKIT_COUNT, c, T, kernel);
  for (let c = 0; c < POSE_DIM; c++) smoothColumn(track.pose, POSE_DIM, c, T, kernel);
  for (let c = 0; c < EYE_DIM; c++) smoothColumn(track.eyes, EYE_DIM, c, T, kernel);
  return track;
}
