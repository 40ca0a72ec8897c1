import FFT = require('fft.js');
import { hannWindow } from './stft';
import { VocalMaskOptions, vocalMask } from './vocal-mask';

/**
 * The built-in separator's work on one segment, kept free of state so that it runs the same in the main
 * thread and in a worker (see worker-pool.ts): same code, same float operations, same bytes.
 */
const ffts = new Map<number, FFT>();
const windows = new Map<number, Float64Array>();
function complexFft(n: number): FFT {
  let f = ffts.get(n);
  if (!f) ffts.set(n, (f = new FFT(n)));
  return f;
}
function window(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) windows.set(n, (w = hannWindow(n)));
  return w;
}

/** Z[f] = FFT(w·(l + i·r)) for every frame, complex interleaved, frames × 2·nFft (r = null: silence). */
function forwardPair(l: Float32Array, r: Float32Array | null, frames: number, nFft: number, hop: number): Float64Array {
  const w = window(nFft);
  const fft = complexFft(nFft);
  const n2 = 2 * nFft;
  const z = new Float64Array(frames * n2);
  const buf = new Float64Array(n2);
  for (let f = 0; f < frames; f++) {
    const at = f * hop;
    if (r) for (let i = 0; i < nFft; i++) {
      buf[2 * i] = l[at + i] * w[i];
      buf[2 * i + 1] = r[at + i] * w[i];
    }
    else for (let i = 0; i < nFft; i++) buf[2 * i] = l[at + i] * w[i];
    fft.transform(z.subarray(f * n2, (f + 1) * n2), buf);
  }
  return z;
}

/** Masks Z (the mask symmetric in k and N−k keeps l and r apart), inverse FFTs and overlap-adds into outL/outR. */
function inversePair(z: Float64Array, mask: Float32Array, frames: number, nFft: number, hop: number, outL: Float32Array, outR: Float32Array | null): void {
  const w = window(nFft);
  const fft = complexFft(nFft);
  const n2 = 2 * nFft;
  const bins = (nFft >> 1) + 1;
  const len = outL.length;
  const accL = new Float64Array(len);
  const accR = new Float64Array(len);
  const norm = new Float64Array(len);
  const spec = new Float64Array(n2);
  const time = new Float64Array(n2);
  for (let f = 0; f < frames; f++) {
    const zo = f * n2;
    const mo = f * bins;
    for (let k = 0; k < bins; k++) {
      const m = mask[mo + k];
      spec[2 * k] = z[zo + 2 * k] * m;
      spec[2 * k + 1] = z[zo + 2 * k + 1] * m;
    }
    for (let k = bins; k < nFft; k++) {
      const m = mask[mo + nFft - k];
      spec[2 * k] = z[zo + 2 * k] * m;
      spec[2 * k + 1] = z[zo + 2 * k + 1] * m;
    }
    fft.inverseTransform(time, spec);
    const at = f * hop;
    for (let i = 0; i < nFft; i++) {
      accL[at + i] += time[2 * i] * w[i];
      accR[at + i] += time[2 * i + 1] * w[i];
      norm[at + i] += w[i] * w[i];
    }
  }
  for (let i = 0; i < len; i++) {
    const d = norm[i];
    if (d <= 1e-10) continue;
    outL[i] = accL[i] / d;
    if (outR) outR[i] = accR[i] / d;
  }
}

/** Vocal estimate of one segment (any channel count: stereo pairs share one FFT; more channels share the mask). */
export function maskSegment(segment: Float32Array[], sampleRate: number, nFft: number, hop: number, o: VocalMaskOptions): Float32Array[] {
  const len = segment[0].length;
  const frames = len >= nFft ? Math.floor((len - nFft) / hop) + 1 : 0;
  const out = segment.map(() => new Float32Array(len));
  if (frames === 0) return out;
  // Channels in pairs (l + i·r); a lone last channel is paired with silence.
  const pairs: [Float32Array, Float32Array | null][] = [];
  for (let c = 0; c < segment.length; c += 2) pairs.push([segment[c], segment[c + 1] ?? null]);
  const spectra = pairs.map(([l, r]) => forwardPair(l, r, frames, nFft, hop));
  // The mask comes from the pair when the song is stereo; otherwise from the channel mean.
  let mask: Float32Array;
  if (segment.length === 2) mask = vocalMask(spectra[0], frames, nFft, sampleRate, true, o);
  else {
    const mean = new Float32Array(len);
    for (const ch of segment) for (let i = 0; i < len; i++) mean[i] += ch[i] / segment.length;
    mask = vocalMask(forwardPair(mean, null, frames, nFft, hop), frames, nFft, sampleRate, false, o);
  }
  pairs.forEach(([, r], p) => inversePair(spectra[p], mask, frames, nFft, hop, out[2 * p], r ? out[2 * p + 1] : null));
  return out;
}
