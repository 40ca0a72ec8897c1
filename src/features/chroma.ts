import { FEATURE_PARAMS } from './feature-params';
import { FftJs } from './fft-js';

/**
 * Pitch-class energy (a chroma vector: C, C#, … B) ten times a second, row-major `frames × 12`; row k is
 * centred on k / 10 s. Small on purpose (≈1.7 MB per stream per hour): it crosses stage boundaries
 * beside the MFCC rows for the emotion layer's key/mode cue, which 13 cepstra cannot carry.
 */
export interface Chroma {
  rate: 10;
  frames: number;
  dim: 12;
  data: Float32Array;
}

/**
 * 4096-point Hann frames at 16 kHz (256 ms: bins 3.9 Hz apart, under a semitone above ~66 Hz), one per
 * 100 ms, bins from 65 Hz (C2) to 2.1 kHz (C7) folded onto the nearest equal-tempered pitch (A4 = 440 Hz).
 */
export const CHROMA_PARAMS = { rate: 10, window: 4096, hop: 1600, fmin: 65, fmax: 2100 } as const;

const W = CHROMA_PARAMS.window;
const HOP = CHROMA_PARAMS.hop;
const NBINS = W / 2 + 1;

interface Tables {
  hann: Float64Array;
  /** Per FFT bin: pitch class, or −1 outside fmin … fmax. */
  pc: Int8Array;
  /** Per FFT bin: cos²(π·distance to the nearest semitone), so bins between two semitones count little. */
  weight: Float64Array;
}

let tables: Tables | undefined;
function getTables(): Tables {
  if (tables) return tables;
  const hann = Float64Array.from({ length: W }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / W));
  const pc = new Int8Array(NBINS).fill(-1);
  const weight = new Float64Array(NBINS);
  for (let b = 1; b < NBINS; b++) {
    const f = (b * FEATURE_PARAMS.sampleRate) / W;
    if (f < CHROMA_PARAMS.fmin || f > CHROMA_PARAMS.fmax) continue;
    const midi = 69 + 12 * Math.log2(f / 440);
    const nearest = Math.round(midi);
    pc[b] = ((nearest % 12) + 12) % 12;
    weight[b] = Math.cos(Math.PI * (midi - nearest)) ** 2;
  }
  tables = { hann, pc, weight };
  return tables;
}

/**
 * Streams 16 kHz mono samples in, chroma rows out: push chunks of any size, then `finish()`. The same
 * rows as one push of the whole signal.
 * Example: `const c = new ChromaExtractor(); c.push(x16k); const { frames, data } = c.finish()`
 */
export class ChromaExtractor {
  private readonly fft = new FftJs(W);
  private readonly frame = new Float64Array(W);
  private readonly spectrum = new Float64Array(2 * W);
  /** Samples not yet consumed; starts with W/2 zeros so that row 0 is centred on the first sample. */
  private pending = new Float32Array(W);
  private pendingLength = W / 2;
  private total = 0;
  private rows: Float32Array[] = [];
  private current = new Float32Array(12 * 256);
  private currentRows = 0;

  push(x: Float32Array): void {
    this.total += x.length;
    if (this.pendingLength + x.length > this.pending.length) {
      const grown = new Float32Array(Math.max(this.pending.length * 2, this.pendingLength + x.length));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(x, this.pendingLength);
    this.pendingLength += x.length;
    this.drain();
  }

  /** Analyses every frame whose window is complete, then drops the samples no later frame needs. */
  private drain(): void {
    let used = 0;
    while (used + W <= this.pendingLength) {
      this.analyse(used);
      used += HOP;
    }
    if (used) {
      this.pending.copyWithin(0, used, this.pendingLength);
      this.pendingLength -= used;
    }
  }

  private analyse(start: number): void {
    const { hann, pc, weight } = getTables();
    for (let i = 0; i < W; i++) this.frame[i] = this.pending[start + i] * hann[i];
    this.fft.realTransform(this.spectrum, this.frame);
    if (this.currentRows * 12 === this.current.length) {
      this.rows.push(this.current);
      this.current = new Float32Array(this.current.length);
      this.currentRows = 0;
    }
    const row = this.current.subarray(this.currentRows * 12, this.currentRows * 12 + 12);
    const s = this.spectrum;
    for (let b = 1; b < NBINS; b++) {
      const k = pc[b];
      if (k < 0) continue;
      row[k] += (s[2 * b] * s[2 * b] + s[2 * b + 1] * s[2 * b + 1]) * weight[b];
    }
    this.currentRows++;
  }

  /** Rows up to the end of the pushed signal (at least one), its tail zero-padded. */
  finish(): Chroma {
    const frames = Math.max(1, Math.ceil(this.total / HOP));
    const done = () => this.rows.length * (this.current.length / 12) + this.currentRows;
    const zeros = new Float32Array(HOP);
    while (done() < frames) this.push(zeros);
    const data = new Float32Array(frames * 12);
    let o = 0;
    for (const r of this.rows) {
      data.set(r.subarray(0, Math.min(r.length, data.length - o)), o);
      o += r.length;
    }
    if (o < data.length) data.set(this.current.subarray(0, data.length - o), o);
    this.rows = [];
    return { rate: 10, frames, dim: 12, data };
  }
}

/** Chroma of a whole 16 kHz mono signal. */
export function computeChroma(samples16k: Float32Array): Chroma {
  const c = new ChromaExtractor();
  c.push(samples16k);
  return c.finish();
}
