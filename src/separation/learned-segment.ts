import type { InferenceSession } from 'onnxruntime-node';
import { ort } from '../runtime';
import { channelMean, forwardPair, inversePair } from './mask-segment';

/**
 * The learned separator's work on one segment (44.1 kHz, 1 or 2 channels), free of state so that it runs
 * the same in the main thread and in a worker (learned-worker.ts): the built-in separator's transform
 * (4096-point periodic Hann, hop 1024, one complex FFT per stereo pair) around the graph, which takes
 * [1, 4, T, 2048] (L re, L im, R re, R im) and returns the vocal mask [1, T, 2048]; the Nyquist bin gets 0.
 */
export const LEARNED_NFFT = 4096;
export const LEARNED_HOP = 1024;
export const LEARNED_BINS = 2048;

/**
 * The graph's input from the pair spectrum Z = FFT(l + i·r): planes L re, L im, R re, R im of bins 0…BINS−1,
 * with L = (Z[k] + conj Z[N−k])/2 and R = (Z[k] − conj Z[N−k])/(2i) (bin 0 pairs with itself). A function of
 * its own: inside the async segment function the same loop ran 6× slower.
 */
function splitPair(z: Float32Array, frames: number, x: Float32Array): void {
  const BINS = LEARNED_BINS;
  const n2 = 2 * LEARNED_NFFT;
  const plane = frames * BINS;
  const lr = x.subarray(0, plane);
  const li = x.subarray(plane, 2 * plane);
  const rr = x.subarray(2 * plane, 3 * plane);
  const ri = x.subarray(3 * plane, 4 * plane);
  for (let f = 0; f < frames; f++) {
    const zo = f * n2;
    const row = f * BINS;
    for (let k = 0, b = zo; k < BINS; k++, b = zo + n2 - 2 * k) {
      const ar = z[zo + 2 * k];
      const ai = z[zo + 2 * k + 1];
      const br = z[b];
      const bi = -z[b + 1];
      lr[row + k] = 0.5 * (ar + br);
      li[row + k] = 0.5 * (ai + bi);
      rr[row + k] = 0.5 * (ai - bi);
      ri[row + k] = -0.5 * (ar - br);
    }
  }
}

/** Spare buffers by length: a segment's spectra are ~20 MB each, and fresh ones cost page faults and GC. */
const spare = new Map<number, Float32Array[]>();
function take(n: number): Float32Array {
  return spare.get(n)?.pop() ?? new Float32Array(n);
}
function give(b: Float32Array): void {
  const list = spare.get(b.length) ?? [];
  if (list.length < 2) list.push(b); // a thread holds at most a couple of segments in flight
  spare.set(b.length, list);
}

/** The graph's mask for the pair spectrum z, with the Nyquist bin (0) added: frames × (BINS + 1), a spare buffer. */
async function graphMask(session: InferenceSession, z: Float32Array, frames: number): Promise<Float32Array> {
  const BINS = LEARNED_BINS;
  const x = take(4 * frames * BINS);
  splitPair(z, frames, x);
  const O = ort();
  const res = await session.run({ stft: new O.Tensor('float32', x, [1, 4, frames, BINS]) });
  give(x);
  const m = res.mask.data as Float32Array;
  const mask = take(frames * (BINS + 1)); // a spare: give it back after the inverse
  for (let f = 0; f < frames; f++) {
    mask.set(m.subarray(f * BINS, (f + 1) * BINS), f * (BINS + 1));
    mask[f * (BINS + 1) + BINS] = 0; // the Nyquist bin
  }
  return mask;
}

/**
 * The vocals of one segment. `keep` = [from, to) limits the inverse transform to the frames that reach
 * those samples (the chunk engine keeps only the core): identical bytes there, the rest of the output 0.
 * Mono goes in as L = R; more than two channels (5.1, …) get the mask of their mean (as L = R), applied to
 * each pair of channels.
 */
export async function learnedSegment(
  session: InferenceSession,
  segment: Float32Array[],
  keep?: readonly [number, number],
): Promise<Float32Array[]> {
  const NFFT = LEARNED_NFFT;
  const HOP = LEARNED_HOP;
  const len = segment[0].length;
  const frames = len >= NFFT ? Math.floor((len - NFFT) / HOP) + 1 : 0;
  if (segment.length > 2) {
    const out = segment.map(() => new Float32Array(len));
    if (frames === 0) return out;
    const mean = channelMean(segment);
    const mask = await graphMask(session, forwardPair(mean, mean, frames, NFFT, HOP), frames);
    for (let c = 0; c < segment.length; c += 2) {
      const r = segment[c + 1] ?? null;
      const z = forwardPair(segment[c], r, frames, NFFT, HOP);
      inversePair(z, mask, frames, NFFT, HOP, out[c], r ? out[c + 1] : null, keep);
    }
    give(mask);
    return out;
  }
  const l = segment[0];
  const r = segment[1] ?? segment[0];
  const outL = new Float32Array(len);
  const outR = new Float32Array(len);
  if (frames > 0) {
    const z = forwardPair(l, r, frames, NFFT, HOP);
    const mask = await graphMask(session, z, frames);
    inversePair(z, mask, frames, NFFT, HOP, outL, outR, keep);
    give(mask);
  }
  if (segment.length === 2) return [outL, outR];
  for (let i = 0; i < len; i++) outL[i] = 0.5 * (outL[i] + outR[i]);
  return [outL];
}
