import type { Rng } from '../runtime/random';
import type { EyeParams } from './model-card';

/**
 * Random blinks (paper 3.3.3): start-to-start intervals ~ U(a_i, b_i), durations ~ U(a_d, b_d); 1 while
 * the lid is shut, 0 otherwise. The first blink comes somewhere within the first interval.
 */
export function sampleBlinks(frameCount: number, fps: number, params: EyeParams, rng: Rng): Float32Array {
  const out = new Float32Array(frameCount);
  const [ia, ib] = params.blinkInterval;
  const [da, db] = params.blinkDuration;
  let start = rng.uniform(0, ib);
  const end = frameCount / fps;
  while (start < end) {
    const duration = rng.uniform(da, db);
    const f0 = Math.round(start * fps);
    const f1 = Math.min(frameCount, Math.max(f0 + 1, Math.round((start + duration) * fps)));
    for (let f = f0; f < f1; f++) out[f] = 1;
    start += Math.max(rng.uniform(ia, ib), duration + 1 / fps);
  }
  return out;
}

/** Eq. 9: the learned long-closing state wins where it is on; elsewhere the sampled blinks. */
export function composeEyes(eyeLong: Float32Array, blinks: Float32Array, threshold: number): Float32Array {
  const out = new Float32Array(eyeLong.length);
  for (let t = 0; t < out.length; t++) out[t] = eyeLong[t] > threshold ? eyeLong[t] : blinks[t];
  return out;
}

/** Temporal gaussian (σ in frames), edges replicated; σ ≤ 0 returns a copy. */
export function gaussianSmooth(x: Float32Array, sigma: number): Float32Array {
  if (!(sigma > 0)) return Float32Array.from(x);
  const r = Math.ceil(3 * sigma);
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  const n = x.length;
  const out = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    let acc = 0;
    for (let i = -r; i <= r; i++) acc += k[i + r] * x[Math.min(n - 1, Math.max(0, t + i))];
    out[t] = acc;
  }
  return out;
}
