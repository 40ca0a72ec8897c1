import { FEATURE_PARAMS, FRAME_LENGTH, FRAME_STEP, MFCC_DIM, MFCC_RATE } from './feature-params';
import { melFilterbank } from './mel-filterbank';
import type { Chroma } from './chroma';
import { FftJs } from './fft-js';

/** 13 cepstra + 13 deltas per 10 ms frame, row-major `frames × 26`. */
export interface Mfcc {
  rate: 100;
  frames: number;
  dim: 26;
  data: Float32Array;
}

/** numpy.finfo(float).eps: python_speech_features' floor before the logarithm. */
const EPS = 2.220446049250313e-16;
const NUMCEP = FEATURE_PARAMS.numCep;
const NFILT = FEATURE_PARAMS.numFilters;
const NFFT = FEATURE_PARAMS.nfft;
const NBINS = NFFT / 2 + 1;
const PUSH_BLOCK = 1 << 14;

/** Tables shared by every extractor: filterbank, orthonormal DCT-II rows 0…12 with the lifter folded in. */
interface Tables {
  /** Filter j covers FFT bins filterStart[j] … filterEnd[j] − 1 with weights at filterWeights[j · 257 + (bin − start)]. */
  filterStart: Int32Array;
  filterEnd: Int32Array;
  filterWeights: Float64Array;
  dct: Float64Array;
}
let tables: Tables | undefined;
function getTables(): Tables {
  if (tables) return tables;
  const filters = melFilterbank();
  const filterStart = new Int32Array(NFILT);
  const filterEnd = new Int32Array(NFILT);
  const filterWeights = new Float64Array(NFILT * NBINS);
  filters.forEach((f, j) => {
    filterStart[j] = f.start;
    filterEnd[j] = f.start + f.weights.length;
    filterWeights.set(f.weights, j * NBINS);
  });
  const dct = new Float64Array(NUMCEP * NFILT);
  const L = FEATURE_PARAMS.cepLifter;
  for (let k = 0; k < NUMCEP; k++) {
    // scipy.fftpack.dct(type=2, norm='ortho'): sqrt(1/N) for k = 0, sqrt(2/N) otherwise.
    const scale = Math.sqrt((k === 0 ? 1 : 2) / NFILT);
    const lift = L > 0 ? 1 + (L / 2) * Math.sin((Math.PI * k) / L) : 1;
    for (let n = 0; n < NFILT; n++) dct[k * NFILT + n] = lift * scale * Math.cos((Math.PI * k * (2 * n + 1)) / (2 * NFILT));
  }
  tables = { filterStart, filterEnd, filterWeights, dct };
  return tables;
}

/**
 * Streaming MFCC extraction for 16 kHz mono: push samples in any chunking, `finish()` returns exactly what
 * `computeMfcc` gives for the whole signal. Holds only the last frame's samples plus the 13-D rows, so a
 * 60-minute song never keeps its PCM (360 k frames ≈ 37 MB).
 * Example:
 * ```ts
 * const ex = new MfccExtractor();
 * for await (const c of streamAudio(file, { sampleRate: 16000, channels: 1 })) ex.push(c.channels[0]);
 * const mfcc = ex.finish();
 * ```
 */
export class MfccExtractor {
  private readonly fft = new FftJs(NFFT);
  private readonly frame = new Float64Array(NFFT);
  private readonly spectrum = new Float64Array(2 * NFFT);
  private readonly power = new Float64Array(NBINS);
  private readonly bandLog = new Float64Array(NFILT);
  /** Pre-emphasised samples not yet fully consumed; `pendingStart` is the absolute index of pending[0]. */
  private pending = new Float64Array(4096);
  private pendingLen = 0;
  private pendingStart = 0;
  private total = 0;
  private previous = 0;
  /** 13 cepstra per frame, grown as needed. */
  private ceps = new Float64Array(NUMCEP * 1024);
  private frames = 0;
  private finished = false;
  /** Log mel energies per frame, kept only on request (tests and diagnostics). */
  private readonly mel?: number[];

  constructor(options: { keepLogMel?: boolean } = {}) {
    if (options.keepLogMel) this.mel = [];
  }

  /** Adds 16 kHz mono samples (values as decoded, about [-1, 1]). */
  push(samples: Float32Array): void {
    if (this.finished) throw new Error('MfccExtractor: push() after finish()');
    // In blocks, so a whole song pushed at once still needs only a small history buffer.
    for (let i = 0; i < samples.length; i += PUSH_BLOCK) this.pushBlock(samples.subarray(i, i + PUSH_BLOCK));
  }

  private pushBlock(samples: Float32Array): void {
    if (this.pendingLen + samples.length > this.pending.length) {
      const grown = new Float64Array(Math.max(this.pending.length * 2, this.pendingLen + samples.length));
      grown.set(this.pending.subarray(0, this.pendingLen));
      this.pending = grown;
    }
    const coef = FEATURE_PARAMS.preemph;
    let prev = this.previous;
    const first = this.total === 0;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      // y[0] = x[0]; y[n] = x[n] − 0.97 · x[n − 1]
      this.pending[this.pendingLen + i] = first && i === 0 ? x : x - coef * prev;
      prev = x;
    }
    this.previous = prev;
    this.pendingLen += samples.length;
    this.total += samples.length;
    // Every frame that lies wholly inside the samples seen so far is final.
    while (this.frames * FRAME_STEP + FRAME_LENGTH <= this.total) this.analyse(this.frames * FRAME_STEP - this.pendingStart, FRAME_LENGTH);
    this.compact();
  }

  /** Pads the end with zeros as python_speech_features' `framesig` and returns cepstra + deltas. */
  finish(): Mfcc {
    if (this.finished) throw new Error('MfccExtractor: finish() called twice');
    this.finished = true;
    const len = this.total;
    const count = len <= FRAME_LENGTH ? 1 : 1 + Math.ceil((len - FRAME_LENGTH) / FRAME_STEP);
    while (this.frames < count) {
      const start = this.frames * FRAME_STEP - this.pendingStart;
      this.analyse(start, Math.max(0, Math.min(FRAME_LENGTH, this.pendingLen - start)));
    }
    return { rate: MFCC_RATE, frames: count, dim: MFCC_DIM, data: withDeltas(this.ceps, count) };
  }

  /** The 26 log mel-filterbank energies of every frame (`frames × 26`), when constructed with `keepLogMel`. */
  logMel(): Float32Array {
    if (!this.mel || !this.finished) throw new Error('MfccExtractor: logMel() needs { keepLogMel: true } and finish()');
    return Float32Array.from(this.mel);
  }

  /** One frame: `avail` samples from pending[start], the rest of the 400 zero, FFT padded to 512. */
  private analyse(start: number, avail: number): void {
    const { filterStart, filterEnd, filterWeights, dct } = getTables();
    const frame = this.frame;
    const pending = this.pending;
    frame.set(pending.subarray(start, start + avail));
    frame.fill(0, avail);
    this.fft.realTransform(this.spectrum, frame);
    const s = this.spectrum;
    const power = this.power;
    let energy = 0;
    for (let b = 0; b < NBINS; b++) {
      const re = s[2 * b];
      const im = s[2 * b + 1];
      const p = (re * re + im * im) / NFFT;
      power[b] = p;
      energy += p;
    }
    const bandLog = this.bandLog;
    for (let j = 0; j < NFILT; j++) {
      const b0 = filterStart[j];
      let e = 0;
      for (let i = b0, w = j * NBINS; i < filterEnd[j]; i++, w++) e += power[i] * filterWeights[w];
      bandLog[j] = Math.log(e === 0 ? EPS : e);
    }
    if (this.mel) for (let j = 0; j < NFILT; j++) this.mel.push(bandLog[j]);
    if (this.ceps.length < (this.frames + 1) * NUMCEP) {
      const grown = new Float64Array(this.ceps.length * 2);
      grown.set(this.ceps);
      this.ceps = grown;
    }
    const ceps = this.ceps;
    const row = this.frames * NUMCEP;
    for (let k = 0; k < NUMCEP; k++) {
      let c = 0;
      for (let n = 0, d = k * NFILT; n < NFILT; n++, d++) c += dct[d] * bandLog[n];
      ceps[row + k] = c;
    }
    if (FEATURE_PARAMS.appendEnergy) ceps[row] = Math.log(energy === 0 ? EPS : energy);
    this.frames++;
  }

  /** Drops samples no future frame reads. */
  private compact(): void {
    const keepFrom = this.frames * FRAME_STEP - this.pendingStart;
    if (keepFrom <= 0) return;
    const drop = Math.min(keepFrom, this.pendingLen);
    this.pending.copyWithin(0, drop, this.pendingLen);
    this.pendingLen -= drop;
    this.pendingStart += drop;
  }
}

/** Rows of [13 cepstra, 13 deltas]; deltas as python_speech_features `delta(feat, N)`, edges repeated. */
function withDeltas(ceps: Float64Array, frames: number): Float32Array {
  const N = FEATURE_PARAMS.deltaN;
  let denom = 0;
  for (let n = 1; n <= N; n++) denom += n * n;
  denom *= 2;
  const out = new Float32Array(frames * MFCC_DIM);
  const clamp = (t: number) => (t < 0 ? 0 : t >= frames ? frames - 1 : t);
  for (let t = 0; t < frames; t++) {
    const o = t * MFCC_DIM;
    for (let k = 0; k < NUMCEP; k++) {
      out[o + k] = ceps[t * NUMCEP + k];
      let d = 0;
      // numpy.dot(arange(-N, N+1), padded[t : t+2N+1]): summed from −N up, as numpy does.
      for (let n = -N; n <= N; n++) d += n * ceps[clamp(t + n) * NUMCEP + k];
      out[o + NUMCEP + k] = d / denom;
    }
  }
  return out;
}

/**
 * MFCCs of a whole 16 kHz mono signal: python_speech_features `mfcc()` defaults (25 ms rectangular frames,
 * 10 ms hop, 512-point FFT, 26 mel filters 0–8 kHz, pre-emphasis 0.97, lifter 22, c0 = log energy) and
 * `delta(N=2)`, 100 rows per second. An empty signal gives one frame of silence, like a short one.
 * Example: `const { frames, data } = computeMfcc(toMono16k(audio))`
 */
export function computeMfcc(samples16k: Float32Array): Mfcc {
  const ex = new MfccExtractor();
  ex.push(samples16k);
  return ex.finish();
}

/**
 * The log mel-filterbank energies the cepstra are made from (`frames × 26`, python_speech_features `logfbank`
 * on the same frames), for checks of where a sound's energy lies.
 * Example: `const bands = computeLogMel(x16k) // row t, band j at bands[t * 26 + j]`
 */
export function computeLogMel(samples16k: Float32Array): { frames: number; bands: number; data: Float32Array } {
  const ex = new MfccExtractor({ keepLogMel: true });
  ex.push(samples16k);
  const { frames } = ex.finish();
  return { frames, bands: NFILT, data: ex.logMel() };
}

/** The streams a model can read. */
export type StreamName = 'vocals' | 'accompaniment' | 'mixture';

/** The 100 fps MFCC+delta rows of each stream the model reads. */
export interface StreamFeatures {
  vocals?: Mfcc;
  accompaniment?: Mfcc;
  /** Only single-stream models read the unseparated mixture. */
  mixture?: Mfcc;
  /** 10 Hz pitch-class rows of the same streams, for the emotion layer's mode cue (features/chroma.ts). */
  chroma?: Partial<Record<StreamName, Chroma>>;
}
