import { realFft, hannWindow, istft, stft } from '../../separation';
import type { Defaults } from '../../runtime';
import { withDefaults } from '../../runtime';

/**
 * Moves a voice's formants without touching its pitch or timing: the spectral envelope of each STFT
 * frame (the "true envelope" of Röbel & Rodet 2005: cepstral smoothing iterated so the envelope rides
 * on the harmonic peaks, with the lifter set to 0.8 of the sung pitch period so it never resolves the
 * harmonics themselves) is resampled along frequency by `factor`, and every
 * bin gets the gain new envelope / old envelope, keeping its phase and the harmonic fine structure
 * (the source-filter view behind vocoder-style formant shifting, e.g. WORLD's spectral-envelope warp).
 * Adult female formants lie about 15–20 % above male ones for the same vowel (Peterson & Barney 1952),
 * so a male diphone voice sung an octave up with factor ≈ 1.18 reads as a female voice; factor < 1
 * gives a darker, larger-sounding singer.
 * Example: `const alto = shiftFormants(kal16k, 16000, 1.18)`
 */
export interface FormantShiftOptions {
  /** STFT size (samples); at 16 kHz 512 = 32 ms, two periods of an 82 Hz note... three of 98 Hz. */
  nFft?: number;
  /** Sung f0 at time t, Hz (NaN or 0 in rests); sets the lifter. Default: 500 Hz throughout (the most cautious). */
  f0At?: (t: number) => number;
  /** True-envelope iterations. */
  iterations?: number;
  /** Largest per-bin gain, dB (keeps the warp from lifting noise where the old envelope had a hole). */
  maxGainDb?: number;
}

export const FORMANT_SHIFT_DEFAULTS: Defaults<Omit<FormantShiftOptions, 'f0At'>> = Object.freeze({
  nFft: 512,
  iterations: 4,
  maxGainDb: 24,
});

export function shiftFormants(x: Float32Array, sampleRate: number, factor: number, options: FormantShiftOptions = {}): Float32Array {
  if (!(factor > 0)) throw new Error(`shiftFormants: factor must be positive, got ${factor}`);
  if (factor === 1 || x.length === 0) return x.slice();
  const { nFft, iterations, maxGainDb } = withDefaults(FORMANT_SHIFT_DEFAULTS, options);
  const f0At = options.f0At ?? (() => 500);
  const hop = nFft >> 1; // Hann at 50 % overlap: istft divides by the summed squared window
  // Pad half a frame at both ends so every sample is covered by a full set of overlapping frames.
  const pad = nFft >> 1;
  const padded = new Float32Array(x.length + 2 * pad + nFft);
  padded.set(x, pad);
  const frames = Math.ceil((x.length + 2 * pad) / hop);
  const window = hannWindow(nFft);
  const spec = stft(padded, { nFft, hop, frames, window });
  const bins = spec.bins;
  const fft = realFft(nFft);
  const logMag = new Float64Array(nFft);
  const cep = new Float64Array(nFft);
  const zeros = new Float64Array(bins);
  const er = new Float64Array(bins);
  const ei = new Float64Array(bins);
  const env = new Float64Array(bins);
  const target = new Float64Array(nFft);
  const maxLog = (maxGainDb / 20) * Math.LN10;
  for (let f = 0; f < frames; f++) {
    const o = f * bins;
    let energy = 0;
    for (let k = 0; k < bins; k++) {
      const m2 = spec.re[o + k] * spec.re[o + k] + spec.im[o + k] * spec.im[o + k];
      energy += m2;
      logMag[k] = 0.5 * Math.log(m2 + 1e-12);
    }
    if (energy < 1e-9) continue; // silence: nothing to shape
    // Frame f's centre is at sample f·hop + nFft/2 of `padded`, i.e. (f·hop + nFft/2 − pad)/sr in x.
    const f0 = f0At((f * hop + nFft / 2 - pad) / sampleRate);
    const lifter = Math.max(8, Math.min(nFft / 4, Math.floor((0.8 * sampleRate) / (f0 > 50 ? f0 : 500))));
    target.set(logMag.subarray(0, bins));
    for (let it = 0; it < iterations; it++) {
      // Real cepstrum: the log spectrum is real and even, so its inverse FFT is the cepstrum.
      fft.inverse(target.subarray(0, bins), zeros, cep);
      for (let i = lifter + 1; i < nFft - lifter; i++) cep[i] = 0;
      fft.forward(cep, er, ei);
      for (let k = 0; k < bins; k++) {
        env[k] = er[k];
        target[k] = Math.max(logMag[k], er[k]);
      }
    }
    for (let k = 0; k < bins; k++) {
      const src = k / factor;
      let warped: number;
      if (src >= bins - 1) warped = env[bins - 1];
      else {
        const j = Math.floor(src);
        const u = src - j;
        warped = env[j] * (1 - u) + env[j + 1] * u;
      }
      const g = Math.exp(Math.max(-maxLog, Math.min(maxLog, warped - env[k])));
      spec.re[o + k] *= g;
      spec.im[o + k] *= g;
    }
  }
  const y = istft(spec, { nFft, hop, frames, window, length: padded.length });
  return y.slice(pad, pad + x.length);
}
