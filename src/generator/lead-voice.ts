import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mfcc, StreamFeatures } from '../features';
import { ModelError } from '../runtime';
import { modelsDir } from './model-card';
import { ARKIT_COUNT, arkitIndex, type FaceTrack, gaussianSmooth, percentile } from '../track';
import { LIP_ARTICULATORS } from '../emotion';

/**
 * Is the lead singing? A logistic detector over the separated streams' MFCC rows, and the gate it puts on
 * the lips. Why: the built-in separator hands centred synths and backing vocals to the vocal stream at
 * about the sung level (measured on Francium: a synth passage's separated "voice" sits within 13 dB of loud
 * singing), so no level threshold can tell them apart; their timbre can. The face follows the lead.
 *
 * Features per video frame (all cepstra from the generator's own MFCC rows; the energy column is taken
 * relative to the song's loud singing, its vocal 95th percentile, so the song's gain cancels): the vocal
 * row at the frame, the mean and standard deviation of the vocal rows over ±WINDOW_ROWS, the band's mean
 * over the same window, and the vocal-minus-band mean cepstrum.
 */
export const WINDOW_ROWS = 25;
const DIM = 26;
const CEPS = 13;
export const LEAD_VOICE_FEATURE_COUNT = DIM + DIM + DIM + DIM + CEPS;

/**
 * The detector, `models/lead-voice.json` (trained by training/lead_voice/train_lead_voice.py): standardise,
 * one hidden ReLU layer, a logistic output; then the gate's threshold and smoothing.
 */
export interface LeadVoiceModel {
  format: 'musicface.lead-voice';
  mean: number[];
  std: number[];
  /** hidden × LEAD_VOICE_FEATURE_COUNT, row-major, and its bias. */
  hiddenWeights: number[];
  hiddenBias: number[];
  outputWeights: number[];
  outputBias: number;
  /** Lips close fully below threshold/2 of the smoothed probability, and are untouched above it. */
  threshold: number;
  /** σ of the temporal smoothing of the probability, frames at 30 fps. */
  smoothFrames: number;
  /** What it learned from and how the held-out song scored. */
  card: Record<string, unknown>;
}

export const LEAD_VOICE_FILE = 'lead-voice.json';
let shipped: LeadVoiceModel | undefined;

/** The shipped detector (read once). */
export function leadVoiceModel(file = path.join(modelsDir(), LEAD_VOICE_FILE)): LeadVoiceModel {
  if (shipped && file === path.join(modelsDir(), LEAD_VOICE_FILE)) return shipped;
  let m: LeadVoiceModel;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as LeadVoiceModel;
  } catch (e) {
    throw new ModelError(`${file}: cannot read the lead-voice detector (${(e as Error).message})`, { cause: e });
  }
  const F = LEAD_VOICE_FEATURE_COUNT;
  const h = m.hiddenBias?.length ?? 0;
  if (
    m.format !== 'musicface.lead-voice' ||
    m.mean?.length !== F ||
    m.std?.length !== F ||
    m.hiddenWeights?.length !== h * F ||
    m.outputWeights?.length !== h
  )
    throw new ModelError(`${file}: not a lead-voice detector for ${F} features`);
  if (file === path.join(modelsDir(), LEAD_VOICE_FILE)) shipped = m;
  return m;
}

/** The 95th percentile of the energy column (c0). */
function percentile95(m: Mfcc): number {
  const c0 = new Float32Array(m.frames);
  for (let r = 0; r < m.frames; r++) c0[r] = m.data[r * m.dim];
  return percentile(c0, 95);
}

/** Prefix sums of the rows (and of their squares) with the energy column shifted by `shift`. */
function prefixSums(m: Mfcc, shift: number, squares: boolean): { sum: Float64Array; sq?: Float64Array } {
  const sum = new Float64Array((m.frames + 1) * DIM);
  const sq = squares ? new Float64Array((m.frames + 1) * DIM) : undefined;
  for (let r = 0; r < m.frames; r++) {
    for (let k = 0; k < DIM; k++) {
      const x = m.data[r * m.dim + k] - (k === 0 ? shift : 0);
      sum[(r + 1) * DIM + k] = sum[r * DIM + k] + x;
      if (sq) sq[(r + 1) * DIM + k] = sq[r * DIM + k] + x * x;
    }
  }
  return { sum, sq };
}

/**
 * frames × LEAD_VOICE_FEATURE_COUNT features, or undefined when the streams carry no separated vocal.
 * Example: `const x = leadVoiceFeatures(streams, track.frameCount, 30)`
 */
export function leadVoiceFeatures(streams: StreamFeatures, frameCount: number, fps: number): Float32Array | undefined {
  const v = streams.vocals;
  const a = streams.accompaniment;
  if (!v || !a || v.frames < 1 || a.frames < 1) return undefined;
  const top = percentile95(v);
  const V = prefixSums(v, top, true);
  const A = prefixSums(a, top, false);
  const F = LEAD_VOICE_FEATURE_COUNT;
  const out = new Float32Array(frameCount * F);
  for (let t = 0; t < frameCount; t++) {
    const r = Math.min(v.frames - 1, Math.max(0, Math.round((t / fps) * v.rate)));
    const o = t * F;
    for (let k = 0; k < DIM; k++) out[o + k] = v.data[r * v.dim + k] - (k === 0 ? top : 0);
    const lo = Math.max(0, r - WINDOW_ROWS);
    const hi = Math.min(v.frames, r + WINDOW_ROWS + 1);
    const ra = Math.min(a.frames - 1, r);
    const loA = Math.max(0, ra - WINDOW_ROWS);
    const hiA = Math.min(a.frames, ra + WINDOW_ROWS + 1);
    for (let k = 0; k < DIM; k++) {
      const mean = (V.sum[hi * DIM + k] - V.sum[lo * DIM + k]) / (hi - lo);
      const meanSq = (V.sq![hi * DIM + k] - V.sq![lo * DIM + k]) / (hi - lo);
      const meanA = (A.sum[hiA * DIM + k] - A.sum[loA * DIM + k]) / (hiA - loA);
      out[o + DIM + k] = mean;
      out[o + 2 * DIM + k] = Math.sqrt(Math.max(0, meanSq - mean * mean));
      out[o + 3 * DIM + k] = meanA;
      if (k < CEPS) out[o + 4 * DIM + k] = mean - meanA;
    }
  }
  return out;
}

/** The detector's probability per frame, smoothed. */
export function leadVoiceProbability(model: LeadVoiceModel, features: Float32Array, frameCount: number): Float32Array {
  const F = LEAD_VOICE_FEATURE_COUNT;
  const H = model.hiddenBias.length;
  const z = new Float64Array(F);
  const p = new Float32Array(frameCount);
  for (let t = 0; t < frameCount; t++) {
    for (let k = 0; k < F; k++) z[k] = (features[t * F + k] - model.mean[k]) / model.std[k];
    let o = model.outputBias;
    const W = model.hiddenWeights;
    for (let j = 0; j < H; j++) {
      // four partial sums: a single running sum is a chain of dependent additions (the time went there)
      let a0 = model.hiddenBias[j];
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      const w = j * F;
      let k = 0;
      for (; k + 3 < F; k += 4) {
        a0 += W[w + k] * z[k];
        a1 += W[w + k + 1] * z[k + 1];
        a2 += W[w + k + 2] * z[k + 2];
        a3 += W[w + k + 3] * z[k + 3];
      }
      for (; k < F; k++) a0 += W[w + k] * z[k];
      const a = a0 + a1 + a2 + a3;
      if (a > 0) o += model.outputWeights[j] * a;
    }
    p[t] = 1 / (1 + Math.exp(-o));
  }
  return gaussianSmooth(p, model.smoothFrames);
}

const LIPS = LIP_ARTICULATORS.map((n) => arkitIndex(n));

/**
 * Scales the lips' articulation toward rest where the lead is not singing: weight × clamp((p − θ/2)/(θ/2), 0, 1).
 * Returns the gate per frame. It only ever closes: where the lead sings (p ≥ θ) nothing changes.
 */
export function gateLips(track: FaceTrack, probability: Float32Array, threshold: number): Float32Array {
  const half = threshold / 2;
  const gate = new Float32Array(track.frameCount).fill(1);
  if (!(threshold > 0)) return gate;
  for (let t = 0; t < track.frameCount; t++) {
    const g = Math.min(1, Math.max(0, (probability[t] - half) / half));
    gate[t] = g;
    if (g === 1) continue;
    for (const i of LIPS) track.expression[t * ARKIT_COUNT + i] *= g;
  }
  return gate;
}
