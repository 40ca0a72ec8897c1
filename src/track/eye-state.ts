/**
 * Eye state primitives shared by the teacher that labels the corpus and the runtime that composes the
 * generator's output, so both make blinks and closings the same way (paper 3.3.3, eq. 9, 4.2).
 */

import { convolveSame } from './convolve-fft';

/** Paper 3.3.3: start-to-start blink interval B_i ~ U(1.2, 2.0) s and duration B_d ~ U(0.10, 0.45) s. */
export const BLINK_INTERVAL: readonly [number, number] = [1.2, 2.0];
export const BLINK_DURATION: readonly [number, number] = [0.1, 0.45];
/** The paper's threshold between a blink and a long eye closing (section 4.2). */
export const LONG_CLOSING_MIN_SECONDS = 0.5;
/** σ, in frames, of the temporal gaussian on the composite eye state. */
export const EYE_SMOOTH_SIGMA_FRAMES = 1;

/** Any seeded source of uniform numbers (the runtime's and the corpus' generators both fit). */
export interface UniformSource {
  uniform(lo: number, hi: number): number;
}

/**
 * Random blinks as a 0/1 state per frame: the next blink starts an interval ~U(interval) after the last
 * one started and lasts ~U(duration); the first starts within the first interval. Nothing in the audio
 * predicts them.
 * Example: `const { state, blinks } = sampleBlinks(rng, 900, 30)`
 */
export function sampleBlinks(
  rng: UniformSource,
  frameCount: number,
  fps: number,
  interval: readonly [number, number] = BLINK_INTERVAL,
  duration: readonly [number, number] = BLINK_DURATION,
): { state: Float32Array; blinks: [number, number][] } {
  const state = new Float32Array(frameCount);
  const blinks: [number, number][] = [];
  let t = rng.uniform(0, interval[1]);
  while (t * fps < frameCount) {
    const d = rng.uniform(duration[0], duration[1]);
    const a = Math.round(t * fps);
    const b = Math.min(frameCount, Math.max(a + 1, Math.round((t + d) * fps)));
    for (let i = a; i < b; i++) state[i] = 1;
    blinks.push([a, b]);
    t += rng.uniform(interval[0], interval[1]);
  }
  return { state, blinks };
}

/** Temporal gaussian (σ in frames); near the ends the kernel is renormalised over the frames that exist. */
export function gaussianSmooth(x: Float32Array, sigma: number): Float32Array {
  if (!(sigma > 0)) return Float32Array.from(x);
  const radius = Math.ceil(3 * sigma);
  const kernel = Float64Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-0.5 * ((k - radius) / sigma) ** 2));
  const n = x.length;
  if (kernel.length > FFT_TAPS && x.every(Number.isFinite)) return smoothByFft(x, kernel, radius);
  const out = new Float32Array(n);
  // A frame whose window lies inside the signal divides by the whole kernel's sum (added up once) and sums
  // its taps in four interleaved partial sums: one running sum is a chain of dependent additions, and the
  // long windows (the pose's 8-s trend: 1441 taps per frame; the 20-s mode window) spent their time there.
  const taps = kernel.length;
  let whole = 0;
  for (let k = 0; k < taps; k++) whole += kernel[k];
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - radius);
    const hi = Math.min(n - 1, i + radius);
    let s = 0;
    if (lo === i - radius && hi === i + radius) {
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < taps; k += 4) {
        s += kernel[k] * x[lo + k];
        s1 += kernel[k + 1] * x[lo + k + 1];
        s2 += kernel[k + 2] * x[lo + k + 2];
        s3 += kernel[k + 3] * x[lo + k + 3];
      }
      for (; k < taps; k++) s += kernel[k] * x[lo + k];
      out[i] = (s + s1 + s2 + s3) / whole;
      continue;
    }
    let w = 0;
    for (let j = lo, k = lo - i + radius; j <= hi; j++, k++) {
      s += kernel[k] * x[j];
      w += kernel[k];
    }
    out[i] = s / w;
  }
  return out;
}

/** Kernels longer than this go through the FFT (a non-finite sample would spread there: those stay direct). */
const FFT_TAPS = 128;

/** gaussianSmooth's sums by FFT, renormalised near the ends by the part of the kernel that lies on x. */
function smoothByFft(x: Float32Array, kernel: Float64Array, radius: number): Float32Array {
  const n = x.length;
  const s = convolveSame(x, kernel, radius);
  const prefix = new Float64Array(kernel.length + 1);
  for (let k = 0; k < kernel.length; k++) prefix[k + 1] = prefix[k] + kernel[k];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // taps k with 0 ≤ i + k − radius < n
    const lo = Math.max(0, radius - i);
    const hi = Math.min(kernel.length, n + radius - i);
    out[i] = s[i] / (prefix[hi] - prefix[lo]);
  }
  return out;
}

export interface ComposeEyeOptions {
  /** The long-closing state wins where it is above this (0 for exact labels; higher for a learned, noisy state). */
  threshold?: number;
  sigma?: number;
}

/**
 * Paper eq. 9 then the temporal gaussian: where the long-closing state is on it wins, elsewhere the
 * blink state shows; clamped to 0…1.
 * Example: `const closure = composeEyeState(long, blinks.state, { threshold: 0.3 })`
 */
export function composeEyeState(long: Float32Array, blink: Float32Array, options: ComposeEyeOptions = {}): Float32Array {
  const threshold = options.threshold ?? 0;
  const raw = new Float32Array(long.length);
  for (let i = 0; i < raw.length; i++) raw[i] = long[i] > threshold ? long[i] : blink[i];
  const out = gaussianSmooth(raw, options.sigma ?? EYE_SMOOTH_SIGMA_FRAMES);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]));
  return out;
}
