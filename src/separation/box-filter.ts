/**
 * Moving averages over a frames × bins plane (frame-major), with running sums: O(1) per value whatever
 * the width. The window is centred and shrinks at the plane's edges (mean of what exists), as a
 * median filter with "nearest" edges would not but a separator's chunk margins hide the difference.
 */

/** Mean over `width` frames (odd) for each bin. Example: `timeMean(mag, frames, bins, 17, out)` */
export function timeMean(x: Float32Array, frames: number, bins: number, width: number, out: Float32Array): void {
  const half = width >> 1;
  const sum = new Float64Array(bins);
  // prime with frames [0, half)
  for (let f = 0; f < Math.min(half, frames); f++) {
    const row = f * bins;
    for (let k = 0; k < bins; k++) sum[k] += x[row + k];
  }
  for (let f = 0; f < frames; f++) {
    const add = f + half;
    if (add < frames) {
      const row = add * bins;
      for (let k = 0; k < bins; k++) sum[k] += x[row + k];
    }
    const drop = f - half - 1;
    if (drop >= 0) {
      const row = drop * bins;
      for (let k = 0; k < bins; k++) sum[k] -= x[row + k];
    }
    const count = Math.min(frames - 1, f + half) - Math.max(0, f - half) + 1;
    const inv = 1 / count;
    const row = f * bins;
    for (let k = 0; k < bins; k++) out[row + k] = sum[k] * inv;
  }
}

/** Mean over `width` bins (odd) within each frame. Example: `binMean(mag, frames, bins, 17, out)` */
export function binMean(x: Float32Array, frames: number, bins: number, width: number, out: Float32Array): void {
  const half = width >> 1;
  for (let f = 0; f < frames; f++) {
    const row = f * bins;
    let sum = 0;
    for (let k = 0; k < Math.min(half, bins); k++) sum += x[row + k];
    for (let k = 0; k < bins; k++) {
      if (k + half < bins) sum += x[row + k + half];
      if (k - half - 1 >= 0) sum -= x[row + k - half - 1];
      const count = Math.min(bins - 1, k + half) - Math.max(0, k - half) + 1;
      out[row + k] = sum / count;
    }
  }
}
