import type { InferenceSession } from 'onnxruntime-node';
import { ort } from '../runtime';
import { channelMean, forwardPair, forwardPairSplit, inversePair, pairMaskBuffer } from './mask-segment';

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
 * The pair (l, r)'s spectrum z (as forwardPair gives it) and the graph's mask for it, with the Nyquist bin
 * (0) added: frames × (BINS + 1), in the transform's mask buffer (pairMaskBuffer: inversePair reads both in
 * place). The graph's input — planes L re, L im, R re, R im of bins 0…BINS−1 — is split off each frame of
 * the spectrum as it is transformed.
 */
async function graphMask(
  session: InferenceSession,
  l: Float32Array,
  r: Float32Array,
  frames: number,
): Promise<{ z: Float32Array; mask: Float32Array }> {
  const BINS = LEARNED_BINS;
  const { z, planes } = forwardPairSplit(l, r, frames, LEARNED_NFFT, LEARNED_HOP, BINS);
  const O = ort();
  const res = await session.run({ stft: new O.Tensor('float32', planes, [1, 4, frames, BINS]) });
  const m = res.mask.data as Float32Array;
  const mask = pairMaskBuffer(frames, LEARNED_NFFT);
  for (let f = 0; f < frames; f++) {
    mask.set(m.subarray(f * BINS, (f + 1) * BINS), f * (BINS + 1));
    mask[f * (BINS + 1) + BINS] = 0; // the Nyquist bin
  }
  return { z, mask };
}

/**
 * The vocals of one segment. `keep` = [from, to) limits the inverse transform to the frames that reach
 * those samples (the chunk engine keeps only the core): identical bytes there, the rest of the output 0.
 * Mono goes in as L = R; more than two channels (5.1, …) get the mask of their mean (as L = R), applied to
 * each pair of channels.
 */
export function learnedSegment(
  session: InferenceSession,
  segment: Float32Array[],
  keep?: readonly [number, number],
): Promise<Float32Array[]> {
  // One segment at a time per thread: the transform's buffers are the thread's (spectra-workspace.ts), and
  // a segment waiting on its graph must not find them overwritten by the next one (ONNX Runtime runs on
  // this thread anyway, so nothing is lost).
  const run = queue.then(() => segmentVocals(session, segment, keep));
  queue = run.catch(() => {});
  return run;
}
let queue: Promise<unknown> = Promise.resolve();

async function segmentVocals(
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
    // a copy: every pair's transform below reuses the buffer the mask is in
    const mask = (await graphMask(session, mean, mean, frames)).mask.slice();
    for (let c = 0; c < segment.length; c += 2) {
      const r = segment[c + 1] ?? null;
      const z = forwardPair(segment[c], r, frames, NFFT, HOP);
      inversePair(z, mask, frames, NFFT, HOP, out[c], r ? out[c + 1] : null, keep);
    }
    return out;
  }
  const l = segment[0];
  const r = segment[1] ?? segment[0];
  const outL = new Float32Array(len);
  const outR = new Float32Array(len);
  if (frames > 0) {
    const { z, mask } = await graphMask(session, l, r, frames);
    inversePair(z, mask, frames, NFFT, HOP, outL, outR, keep);
  }
  if (segment.length === 2) return [outL, outR];
  for (let i = 0; i < len; i++) outL[i] = 0.5 * (outL[i] + outR[i]);
  return [outL];
}
