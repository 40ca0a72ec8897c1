import type { InferenceSession } from 'onnxruntime-node';
import { ort } from '../runtime';
import { forwardPair, inversePair } from './mask-segment';

/**
 * The learned separator's work on one segment (44.1 kHz, 1 or 2 channels), free of state so that it runs
 * the same in the main thread and in a worker (learned-worker.ts): the built-in separator's transform
 * (4096-point periodic Hann, hop 1024, one complex FFT per stereo pair) around the graph, which takes
 * [1, 4, T, 2048] (L re, L im, R re, R im) and returns the vocal mask [1, T, 2048]; the Nyquist bin gets 0.
 */
export const LEARNED_NFFT = 4096;
export const LEARNED_HOP = 1024;
export const LEARNED_BINS = 2048;

export async function learnedSegment(session: InferenceSession, segment: Float32Array[]): Promise<Float32Array[]> {
  const NFFT = LEARNED_NFFT;
  const HOP = LEARNED_HOP;
  const BINS = LEARNED_BINS;
  const len = segment[0].length;
  const frames = len >= NFFT ? Math.floor((len - NFFT) / HOP) + 1 : 0;
  const l = segment[0];
  const r = segment[1] ?? segment[0];
  const outL = new Float32Array(len);
  const outR = new Float32Array(len);
  if (frames > 0) {
    const z = forwardPair(l, r, frames, NFFT, HOP);
    const plane = frames * BINS;
    const x = new Float32Array(4 * plane);
    const n2 = 2 * NFFT;
    for (let f = 0; f < frames; f++) {
      const zo = f * n2;
      const row = f * BINS;
      for (let k = 0; k < BINS; k++) {
        // Z = FFT(l + i·r): L = (Z[k] + conj Z[N−k])/2, R = (Z[k] − conj Z[N−k])/(2i)
        const j = k === 0 ? 0 : NFFT - k;
        const ar = z[zo + 2 * k];
        const ai = z[zo + 2 * k + 1];
        const br = z[zo + 2 * j];
        const bi = -z[zo + 2 * j + 1];
        x[row + k] = 0.5 * (ar + br);
        x[plane + row + k] = 0.5 * (ai + bi);
        x[2 * plane + row + k] = 0.5 * (ai - bi);
        x[3 * plane + row + k] = -0.5 * (ar - br);
      }
    }
    const O = ort();
    const res = await session.run({ stft: new O.Tensor('float32', x, [1, 4, frames, BINS]) });
    const m = res.mask.data as Float32Array;
    const mask = new Float32Array(frames * (BINS + 1)); // the Nyquist bin stays 0
    for (let f = 0; f < frames; f++) mask.set(m.subarray(f * BINS, (f + 1) * BINS), f * (BINS + 1));
    inversePair(z, mask, frames, NFFT, HOP, outL, outR);
  }
  if (segment.length === 2) return [outL, outR];
  for (let i = 0; i < len; i++) outL[i] = 0.5 * (outL[i] + outR[i]);
  return [outL];
}
