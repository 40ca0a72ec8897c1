import { realFft } from './fft';

/**
 * Short-time Fourier transform of one channel and its inverse, as the ONNX separators' front ends need:
 * frame `f` reads `x[f·hop … f·hop + nFft)` (zeros past either end; callers add their own centring or
 * reflect padding), bins 0…nFft/2, stored frame-major (`re[f·bins + k]`).
 * The inverse overlap-adds `window · ifft` and divides by the summed squared window at each sample
 * (as torch.istft), so `istft(stft(x))` returns x wherever a frame covers it.
 */
export interface StftOptions {
  nFft: number;
  hop: number;
  frames: number;
  /** Analysis (and synthesis) window, length nFft; default periodic Hann. */
  window?: Float64Array;
}

export interface Spectrum {
  frames: number;
  bins: number;
  re: Float32Array;
  im: Float32Array;
}

/** Periodic Hann (torch.hann_window / tf.signal.hann_window default): 0.5 − 0.5·cos(2πi/n). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

const windows = new Map<number, Float64Array>();
function defaultWindow(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) windows.set(n, (w = hannWindow(n)));
  return w;
}

/** Example: `const s = stft(channel, { nFft: 4096, hop: 1024, frames: 512 })` */
export function stft(x: Float32Array, options: StftOptions): Spectrum {
  const { nFft, hop, frames } = options;
  const window = options.window ?? defaultWindow(nFft);
  const bins = (nFft >> 1) + 1;
  const fft = realFft(nFft);
  const frame = new Float64Array(nFft);
  const fr = new Float64Array(bins);
  const fi = new Float64Array(bins);
  const re = new Float32Array(frames * bins);
  const im = new Float32Array(frames * bins);
  for (let f = 0; f < frames; f++) {
    const at = f * hop;
    for (let i = 0; i < nFft; i++) {
      const j = at + i;
      frame[i] = j < x.length ? x[j] * window[i] : 0;
    }
    fft.forward(frame, fr, fi);
    re.set(fr, f * bins);
    im.set(fi, f * bins);
  }
  return { frames, bins, re, im };
}

/** Inverse of `stft` (weighted overlap-add), `length` samples. Example: `istft(masked, { nFft: 4096, hop: 1024, frames, length })` */
export function istft(spec: Spectrum, options: StftOptions & { length: number }): Float32Array {
  const { nFft, hop, frames, length } = options;
  const window = options.window ?? defaultWindow(nFft);
  const bins = spec.bins;
  const fft = realFft(nFft);
  const acc = new Float64Array(length);
  const norm = new Float64Array(length);
  const fr = new Float64Array(bins);
  const fi = new Float64Array(bins);
  const frame = new Float64Array(nFft);
  for (let f = 0; f < frames; f++) {
    for (let k = 0; k < bins; k++) {
      fr[k] = spec.re[f * bins + k];
      fi[k] = spec.im[f * bins + k];
    }
    fft.inverse(fr, fi, frame);
    const at = f * hop;
    const end = Math.min(nFft, length - at);
    for (let i = 0; i < end; i++) {
      acc[at + i] += frame[i] * window[i];
      norm[at + i] += window[i] * window[i];
    }
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = norm[i] > 1e-10 ? acc[i] / norm[i] : 0;
  return out;
}
