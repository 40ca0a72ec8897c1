import FFT = require('fft.js');
import type { Audio } from '../audio/audio';
import { chunkedStream, separateViaStream } from './chunked-stream';
import type { SeparateOptions, SeparationStream, Separator, Stems } from './separator';
import { hannWindow } from './stft';
import { VOCAL_MASK_DEFAULTS, VocalMaskOptions, vocalMask, vocalMaskContextFrames } from './vocal-mask';

/**
 * The separator that ships in the package: no weights, no download. A stereo-aware soft mask
 * (vocal band × harmonicity × stereo centre, see vocal-mask.ts) on a 93 ms STFT with 75 % overlap,
 * streamed in ~10 s cores with bounded context, so memory is flat and streamed output equals whole-song
 * output byte for byte. Both channels go through one complex FFT (Z = FFT(l + i·r)); a real mask applied
 * to Z and one inverse FFT gives both masked channels back at once.
 */
export interface BuiltinSeparatorOptions extends VocalMaskOptions {
  /** Seconds kept from each processed segment (rounded to whole hops). */
  coreSeconds?: number;
}

export const BUILTIN_SEPARATOR_DEFAULTS: Readonly<Required<BuiltinSeparatorOptions>> = Object.freeze({
  ...VOCAL_MASK_DEFAULTS,
  coreSeconds: 10,
});

export const BUILTIN_SEPARATOR_NAME = 'builtin-centre-harmonic-mask';

/** FFT length for a sample rate: the power of two nearest to 93 ms (4096 at 44.1 and 48 kHz). */
export function builtinFftSize(sampleRate: number): number {
  return Math.max(256, 2 ** Math.round(Math.log2(sampleRate * 0.0929)));
}

/**
 * Example:
 * ```ts
 * const stems = await createBuiltinSeparator().separate(audio, { onProgress });
 * ```
 */
export function createBuiltinSeparator(options: BuiltinSeparatorOptions = {}): Separator {
  const o = { ...BUILTIN_SEPARATOR_DEFAULTS, ...options };
  const separator: Separator = {
    name: BUILTIN_SEPARATOR_NAME,
    stream(sampleRate: number, channelCount: number): SeparationStream {
      if (!(Number.isInteger(sampleRate) && sampleRate >= 8000)) throw new Error(`${BUILTIN_SEPARATOR_NAME}: sample rate must be an integer ≥ 8000 Hz, got ${sampleRate}`);
      const nFft = builtinFftSize(sampleRate);
      const hop = nFft / 4;
      const context = vocalMaskContextFrames(o);
      const margin = (nFft / hop + context + 4) * hop;
      const core = Math.max(1, Math.round((o.coreSeconds * sampleRate) / hop)) * hop;
      const process = (segment: Float32Array[]) => maskSegment(segment, sampleRate, nFft, hop, o);
      return chunkedStream(process, { core, margin }, sampleRate, channelCount, BUILTIN_SEPARATOR_NAME);
    },
    separate(audio: Audio, sepOptions: SeparateOptions = {}): Promise<Stems> {
      return separateViaStream(separator.stream(audio.sampleRate, audio.channels.length), audio, sepOptions, BUILTIN_SEPARATOR_NAME);
    },
  };
  return separator;
}

const ffts = new Map<number, FFT>();
function complexFft(n: number): FFT {
  let f = ffts.get(n);
  if (!f) ffts.set(n, (f = new FFT(n)));
  return f;
}

/** Vocal estimate of one segment (any channel count: stereo pairs share one FFT; more channels share the mask). */
function maskSegment(segment: Float32Array[], sampleRate: number, nFft: number, hop: number, o: Required<BuiltinSeparatorOptions>): Float32Array[] {
  const len = segment[0].length;
  const frames = len >= nFft ? Math.floor((len - nFft) / hop) + 1 : 0;
  const out = segment.map(() => new Float32Array(len));
  if (frames === 0) return out;
  const window = hannWindow(nFft);
  const fft = complexFft(nFft);
  const n2 = 2 * nFft;
  // Channels in pairs (l + i·r); a lone last channel is paired with silence.
  const pairs: [Float32Array, Float32Array | null][] = [];
  for (let c = 0; c < segment.length; c += 2) pairs.push([segment[c], segment[c + 1] ?? null]);
  const spectra = pairs.map(([l, r]) => {
    const z = new Float32Array(frames * n2);
    const buf = new Float64Array(n2);
    const spec = new Float64Array(n2);
    for (let f = 0; f < frames; f++) {
      const at = f * hop;
      for (let i = 0; i < nFft; i++) {
        const w = window[i];
        buf[2 * i] = l[at + i] * w;
        buf[2 * i + 1] = r ? r[at + i] * w : 0;
      }
      fft.transform(spec, buf);
      z.set(spec, f * n2);
    }
    return z;
  });
  // The mask comes from the first pair when the song is stereo; otherwise from the channel mean.
  let mask: Float32Array;
  if (segment.length === 2) mask = vocalMask(spectra[0], frames, nFft, sampleRate, true, o);
  else {
    const zMean = new Float32Array(frames * n2);
    const monoFft = new Float64Array(n2);
    const spec = new Float64Array(n2);
    for (let f = 0; f < frames; f++) {
      const at = f * hop;
      for (let i = 0; i < nFft; i++) {
        let s = 0;
        for (const ch of segment) s += ch[at + i];
        monoFft[2 * i] = (s / segment.length) * window[i];
        monoFft[2 * i + 1] = 0;
      }
      fft.transform(spec, monoFft);
      zMean.set(spec, f * n2);
    }
    mask = vocalMask(zMean, frames, nFft, sampleRate, false, o);
  }
  const bins = (nFft >> 1) + 1;
  const norm = new Float64Array(len);
  for (let f = 0; f < frames; f++) for (let i = 0; i < nFft; i++) norm[f * hop + i] += window[i] * window[i];
  const spec = new Float64Array(n2);
  const time = new Float64Array(n2);
  pairs.forEach(([, r], p) => {
    const z = spectra[p];
    const accL = new Float64Array(len);
    const accR = new Float64Array(len);
    for (let f = 0; f < frames; f++) {
      const zo = f * n2;
      const mo = f * bins;
      // A real mask symmetric in k and N−k keeps l and r apart in one inverse FFT.
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
        const w = window[i];
        accL[at + i] += time[2 * i] * w;
        accR[at + i] += time[2 * i + 1] * w;
      }
    }
    const outL = out[2 * p];
    const outR = r ? out[2 * p + 1] : null;
    for (let i = 0; i < len; i++) {
      const d = norm[i];
      if (d <= 1e-10) continue;
      outL[i] = accL[i] / d;
      if (outR) outR[i] = accR[i] / d;
    }
  });
  return out;
}
