import { hannWindow } from './stft';
import { type VocalMaskOptions, vocalMask } from './vocal-mask';
import { spectraWorkspace } from './spectra-workspace';
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

/** The spectrum and the mask buffer handed out last in this thread: inversePair reads them in place. */
let current: { z?: Float32Array; zAt?: number; mask?: Float32Array } = {};

/**
 * Z[f] = FFT(w·(l + i·r)) for every frame, complex interleaved, frames × 2·nFft (r = null: silence). The
 * spectrum lives in the FFT's WebAssembly heap (spectra-workspace.ts), windowed and transformed there
 * frame by frame (kernels/spectra.wat): the returned view is valid until the next forwardPair of this
 * thread — copy it (`slice`) to keep more than one.
 */
export function forwardPair(l: Float32Array, r: Float32Array | null, frames: number, nFft: number, hop: number): Float32Array {
  return transformPair(l, r, frames, nFft, hop, 0).z;
}

/**
 * forwardPair, and the channels apart while each frame is hot: planes L re, L im, R re, R im of bins
 * 0 … bins − 1 (frames × bins each), L = (Z[k] + conj Z[N−k])/2, R = (Z[k] − conj Z[N−k])/(2i), bin 0 paired
 * with itself. Both views valid until the next transform of this thread.
 */
export function forwardPairSplit(
  l: Float32Array,
  r: Float32Array | null,
  frames: number,
  nFft: number,
  hop: number,
  bins: number,
): { z: Float32Array; planes: Float32Array } {
  return transformPair(l, r, frames, nFft, hop, bins);
}

function transformPair(l: Float32Array, r: Float32Array | null, frames: number, nFft: number, hop: number, bins: number) {
  if (bins > nFft / 2) throw new Error(`forwardPairSplit: ${bins} bins of a ${nFft}-point transform`);
  const fft = complexFft(nFft);
  const ws = spectraWorkspace(fft.heap);
  const n2 = 2 * nFft;
  const len = l.length;
  const at = ws.reserve(len, frames, nFft, bins);
  ws.f32(at.l, len).set(l);
  if (r) ws.f32(at.r, len).set(r.subarray(0, len));
  else ws.f32(at.zeros, nFft).fill(0);
  ws.f64(at.window, nFft).set(window(nFft));
  const stride = frames * bins * 4;
  for (let f = 0; f < frames; f++) {
    const zf = at.z + f * n2 * 4;
    ws.kernels.window_pair(at.l + f * hop * 4, r ? at.r + f * hop * 4 : at.zeros, at.window, fft.inputAt, nFft);
    fft.runInto(zf);
    if (bins) ws.kernels.split_pair(zf, at.planes + f * bins * 4, stride, bins, nFft);
  }
  const z = ws.f32(at.z, frames * n2);
  current = { z, zAt: at.z };
  return { z, planes: ws.f32(at.planes, 4 * frames * bins) };
}

/**
 * A frames × (nFft/2 + 1) mask buffer in the heap, for the mask of the spectrum forwardPair just made
 * (inversePair then reads it in place). Valid until the next transform of this thread.
 */
export function pairMaskBuffer(frames: number, nFft: number): Float32Array {
  const fft = complexFft(nFft);
  const ws = spectraWorkspace(fft.heap);
  const bins = (nFft >> 1) + 1;
  const at = ws.reserve(0, frames, nFft);
  current.mask = ws.f32(at.mask, frames * bins);
  return current.mask;
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
  const ws = spectraWorkspace(fft.heap);
  const n2 = 2 * nFft;
  const bins = (nFft >> 1) + 1;
  const len = outL.length;
  const at = ws.reserve(len, frames, nFft);
  if (z !== current.z) ws.f32(at.z, frames * n2).set(z.subarray(0, frames * n2));
  else if (current.zAt !== at.z) throw new Error('inversePair: the spectrum was made for a shorter segment');
  if (mask !== current.mask) ws.f32(at.mask, frames * bins).set(mask.subarray(0, frames * bins));
  const synthesis = ws.f64(at.synthesis, nFft);
  for (let i = 0; i < nFft; i++) synthesis[i] = w[i] / nFft;
  const [from, to] = keep ?? [0, len];
  const first = Math.max(0, Math.floor((from - nFft) / hop) + 1);
  const last = Math.min(frames, Math.ceil(to / hop)); // frames [first, last) overlap [from, to)
  // the sums start at 0 over every sample the frames reach or the output reads
  const lo = Math.min(from, first * hop);
  const hi = Math.max(to, Math.min(len, (last - 1) * hop + nFft));
  const accL = ws.f64(at.accL, len);
  const accR = ws.f64(at.accR, len);
  accL.fill(0, lo, Math.max(lo, hi));
  accR.fill(0, lo, Math.max(lo, hi));
  for (let f = first; f < last; f++) {
    ws.kernels.mask_conj(at.z + f * n2 * 4, at.mask + f * bins * 4, fft.inputAt, nFft);
    fft.runInto(fft.outputAt);
    ws.kernels.overlap_add(fft.outputAt, at.synthesis, at.accL + f * hop * 8, at.accR + f * hop * 8, nFft);
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
  // forwardPair's spectrum is a view it reuses: kept as copies when more than one transform is made
  const spectra = pairs.map(([l, r]) =>
    segment.length === 2 ? forwardPair(l, r, frames, nFft, hop) : forwardPair(l, r, frames, nFft, hop).slice(),
  );
  // The mask comes from the pair when the song is stereo; otherwise from the channel mean.
  let mask: Float32Array;
  if (segment.length === 2) mask = vocalMask(spectra[0], frames, nFft, sampleRate, true, o);
  else {
    mask = vocalMask(forwardPair(channelMean(segment), null, frames, nFft, hop), frames, nFft, sampleRate, false, o);
  }
  pairs.forEach(([, r], p) => inversePair(spectra[p], mask, frames, nFft, hop, out[2 * p], r ? out[2 * p + 1] : null));
  return out;
}
