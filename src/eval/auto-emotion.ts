import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Score, emotionTruthFrames } from '../corpus';
import { EMOTION_FEATURES, emotionFeatures, type LinearEmotionModel } from '../emotion';
import { videoFrameCount } from '../features';
import type { Separator } from '../separation';
import { songFeatures } from '../song-features';

/** One corpus song's emotion cues and the composer's truth, every `step` video frames. */
export interface EmotionSamples {
  song: string;
  x: Float32Array; // n × F
  valence: Float32Array;
  arousal: Float32Array;
}

const FPS = 30;

/**
 * Reads a corpus song (its stems, or the mixture through `separator` as at inference) and samples the
 * cues and the truth every `step` frames (default 15: twice a second).
 */
export async function emotionSamples(
  songDir: string,
  options: { separator?: string | Separator; step?: number } = {},
): Promise<EmotionSamples> {
  const step = options.step ?? 15;
  const score = JSON.parse(fs.readFileSync(path.join(songDir, 'score.json'), 'utf8')) as Score;
  const mixture = path.join(songDir, 'mixture.wav');
  const streams = options.separator
    ? await songFeatures(mixture, false, { separator: options.separator })
    : await songFeatures(mixture, false, { stems: [path.join(songDir, 'vocals.wav'), path.join(songDir, 'accompaniment.wav')] });
  const T = videoFrameCount(streams.duration, FPS);
  const full = emotionFeatures(streams, T, FPS);
  const truth = emotionTruthFrames(score, T, FPS);
  const F = EMOTION_FEATURES.length;
  const n = Math.ceil(T / step);
  const s: EmotionSamples = {
    song: score.id,
    x: new Float32Array(n * F),
    valence: new Float32Array(n),
    arousal: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const t = i * step;
    s.x.set(full.subarray(t * F, (t + 1) * F), i * F);
    s.valence[i] = truth.valence[t];
    s.arousal[i] = truth.arousal[t];
  }
  return s;
}

/** Pearson correlation. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    for (let r = i + 1; r < n; r++) {
      const f = M[r][i] / M[i][i];
      for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let c = i + 1; c < n; c++) s -= M[i][c] * x[c];
    x[i] = s / M[i][i];
  }
  return x;
}

/**
 * Ridge regression of atanh(truth) on the z-scored cues (so the model's tanh lands on the truth's scale):
 * the linear head `estimateValenceArousal` applies.
 */
export function fitLinearEmotion(samples: EmotionSamples[], lambda = 1): LinearEmotionModel {
  const F = EMOTION_FEATURES.length;
  const rows: number[][] = [];
  const yv: number[] = [];
  const ya: number[] = [];
  for (const s of samples) {
    for (let i = 0; i < s.valence.length; i++) {
      rows.push(Array.from(s.x.subarray(i * F, (i + 1) * F)));
      yv.push(Math.atanh(Math.max(-0.95, Math.min(0.95, s.valence[i]))));
      ya.push(Math.atanh(Math.max(-0.95, Math.min(0.95, s.arousal[i]))));
    }
  }
  const n = rows.length;
  const mean = Array.from({ length: F }, (_, f) => rows.reduce((a, r) => a + r[f], 0) / n);
  const std = Array.from({ length: F }, (_, f) => Math.sqrt(rows.reduce((a, r) => a + (r[f] - mean[f]) ** 2, 0) / n) || 1);
  const Z = rows.map((r) => [...r.map((v, f) => (v - mean[f]) / std[f]), 1]);
  const fitOne = (y: number[]) => {
    const A = Array.from({ length: F + 1 }, (_, i) =>
      Array.from({ length: F + 1 }, (_, j) => Z.reduce((a, z) => a + z[i] * z[j], 0) + (i === j && i < F ? lambda * n * 1e-3 : 0)),
    );
    const b = Array.from({ length: F + 1 }, (_, i) => Z.reduce((a, z, k) => a + z[i] * y[k], 0));
    const w = solve(A, b);
    return { weights: w.slice(0, F).map((v) => Math.round(v * 1e5) / 1e5), bias: Math.round(w[F] * 1e5) / 1e5 };
  };
  const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    features: [...EMOTION_FEATURES],
    mean: mean.map(r5),
    std: std.map(r5),
    valence: fitOne(yv),
    arousal: fitOne(ya),
    fitted: { samples: n, songs: samples.length, lambda },
  };
}

/** Applies a model to samples' cues (for scoring a fit before it is installed). */
export function predict(model: LinearEmotionModel, s: EmotionSamples): { valence: Float32Array; arousal: Float32Array } {
  const F = EMOTION_FEATURES.length;
  const n = s.valence.length;
  const head = (h: { weights: number[]; bias: number }) =>
    Float32Array.from({ length: n }, (_, i) => {
      let v = h.bias;
      for (let f = 0; f < F; f++) v += h.weights[f] * ((s.x[i * F + f] - model.mean[f]) / (model.std[f] || 1));
      return Math.tanh(v);
    });
  return { valence: head(model.valence), arousal: head(model.arousal) };
}
