import { hannWindow } from './stft';
import { type VocalMaskOptions, vocalMask } from './vocal-mask';
import { WasmFft } from './wasm-fft';

/**
 * The built-in separator's work on one segment, kept free of state so that it runs the same in the main
 * thread and in a worker (see worker-pool.ts): same code, same float operations, same bytes.
 */
const ffts = new Map<number, WasmFft>();
const windows = new Map<number, Float64Array>();
function complexFft(n: number): WasmFft {
  let f = ffts.get(n);
  if (!f) ffts.set(n, (f = new WasmFft(n)));
  return f;
}
function window(n: number): Float64Array {
  let w = windows.get(n);
  if (!w) windows.set(n, (w = hannWindow(n)));
  return w;
}

/**
 * Z[f] = FFT(w·(l + i·r)) for every frame, complex interleaved, frames × 2·nFft (r = null: silence), into
 * `into` when given (a reused buffer of at least that size) or a new array.
 */
export function forwardPair(
  l: Float32Array,
  r: Float32Array | null,
  frames: number,
  nFft: number,
  hop: number,
  into?: Float32Array,
): Float32Array {
  const w = window(nFft);
  const fft = complexFft(nFft);
  const n2 = 2 * nFft;
  const z = into ? into.subarray(0, frames * n2) : new Float32Array(frames * n2); // the FFT computes in float32: no precision to keep
  const buf = fft.inputBuffer;
  if (!r) buf.fill(0);
  for (let f = 0; f < frames; f++) {
    const at = f * hop;
    if (r)
      for (let i = 0; i < nFft; i++) {
        buf[2 * i] = l[at + i] * w[i];
        buf[2 * i + 1] = r[at + i] * w[i];
      }
    else for (let i = 0; i < nFft; i++) buf[2 * i] = l[at + i] * w[i];
    z.set(fft.run(), f * n2);
  }
  return z;
}

/** Σ_k w[j + k·hop]² for each phase j of the hop: the overlap-add gain wherever every frame is present. */
function olaGain(w: Float64Array, hop: number): Float64Array {
  const g = new Float64Array(hop);
  for (let i = 0; i < w.length; i++) g[i % hop] += w[i] * w[i];
  return g;
}

/**
 * Masks Z (a mask symmetric in k and N−k keeps l and r apart), inverse-transforms and overlap-adds into
 * outL/outR. The inverse is a forward FFT of conj(M·Z) (= N·conj(l + i·r)), with 1/N folded into the
 * synthesis window. Normalisation uses the steady-state overlap-add gain, exact wherever all frames
 * overlapping a sample exist: everywhere but the first and last nFft − hop samples, which lie in the
 * segment margins that the chunk engine discards. With `keep` = [from, to), only the frames that overlap
 * those samples are inverted (the rest of the output is left 0): the same bytes there, less work where the
 * margins are long.
 */
export function inversePair(
  z: Float32Array,
  mask: Float32Array,
  frames: number,
  nFft: number,
  hop: number,
  outL: Float32Array,
  outR: Float32Array | null,
  keep?: readonly [number, number],
): void {
  const w = window(nFft);
  const fft = complexFft(nFft);
  const n2 = 2 * nFft;
  const bins = (nFft >> 1) + 1;
  const len = outL.length;
  const spec = fft.inputBuffer;
  const ws = synthesisWindow(nFft);
  const [from, to] = keep ?? [0, len];
  const first = Math.max(0, Math.floor((from - nFft) / hop) + 1);
  const last = Math.min(frames, Math.ceil(to / hop)); // frames [first, last) overlap [from, to)
  const [accL, accR] = accumulators(len, Math.min(from, first * hop), Math.max(to, Math.min(len, (last - 1) * hop + nFft)));
  for (let f = first; f < last; f++) {
    const zo = f * n2;
    const mo = f * bins;
    let m = mask[mo];
    spec[0] = z[zo] * m;
    spec[1] = -z[zo + 1] * m;
    m = mask[mo + bins - 1];
    spec[nFft] = z[zo + nFft] * m;
    spec[nFft + 1] = -z[zo + nFft + 1] * m;
    for (let k = 1; k < bins - 1; k++) {
      m = mask[mo + k];
      const a = 2 * k;
      const b = n2 - a;
      spec[a] = z[zo + a] * m;
      spec[a + 1] = -z[zo + a + 1] * m;
      spec[b] = z[zo + b] * m;
      spec[b + 1] = -z[zo + b + 1] * m;
    }
    const time = fft.run();
    const at = f * hop;
    for (let i = 0; i < nFft; i++) {
      accL[at + i] += time[2 * i] * ws[i];
      accR[at + i] -= time[2 * i + 1] * ws[i];
    }
  }
  normalise(accL, accR, outL, outR, olaGain(w, hop), from, to);
}

/** out[i] = acc[i] / gain[i mod hop] over [from, to). */
function normalise(
  accL: Float64Array,
  accR: Float64Array,
  outL: Float32Array,
  outR: Float32Array | null,
  gain: Float64Array,
  from: number,
  to: number,
): void {
  const hop = gain.length;
  const inverse = Float64Array.from(gain, (g) => 1 / g);
  for (let i = from, p = from % hop; i < to; i++) {
    const g = inverse[p];
    outL[i] = accL[i] * g;
    if (outR) outR[i] = accR[i] * g;
    if (++p === hop) p = 0;
  }
}

const synthesisWindows = new Map<number, Float64Array>();
/** The analysis window with the inverse FFT's 1/N folded in. */
function synthesisWindow(n: number): Float64Array {
  let ws = synthesisWindows.get(n);
  if (!ws) {
    const w = window(n);
    synthesisWindows.set(n, (ws = Float64Array.from(w, (x) => x / n)));
  }
  return ws;
}

let accBuffers: [Float64Array, Float64Array] | undefined;
/**
 * Overlap-add accumulators of at least `len`, zero over [from, to) (the span the frames reach): reused
 * from segment to segment, since fresh ones of a 10-s segment's size cost page faults on every call.
 */
function accumulators(len: number, from: number, to: number): [Float64Array, Float64Array] {
  if (!accBuffers || accBuffers[0].length < len) accBuffers = [new Float64Array(len), new Float64Array(len)];
  for (const a of accBuffers) a.fill(0, from, Math.max(from, to));
  return accBuffers;
}

/** The mean of a segment's channels (the signal a mask is made from when the song is not stereo). */
export function channelMean(segment: Float32Array[]): Float32Array {
  const len = segment[0].length;
  const mean = new Float32Array(len);
  for (const ch of segment) for (let i = 0; i < len; i++) mean[i] += ch[i] / segment.length;
  return mean;
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
    mask = vocalMask(forwardPair(channelMean(segment), null, frames, nFft, hop), frames, nFft, sampleRate, false, o);
  }
  pairs.forEach(([, r], p) => inversePair(spectra[p], mask, frames, nFft, hop, out[2 * p], r ? out[2 * p + 1] : null));
  return out;
}
