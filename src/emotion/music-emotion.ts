import type { Mfcc, StreamFeatures } from '../features';
import { gaussianSmooth, percentile } from '../track';
import { AUTO_EMOTION_MODEL } from './auto-emotion-model';
import { ModelError } from '../runtime';
import { modeCue } from './key-mode';

/**
 * What the music says about its mood, per video frame, from the generator's own feature streams (the
 * vocal and band MFCC rows; nothing is decoded again). The cues are those music psychology found to
 * carry emotion (Juslin & Laukka 2003, Table 11; Gabrielsson & Lindström 2010): tempo and event density,
 * loudness and its place in the song, timbre brightness (spectral slope), and the voice's level and
 * brightness over the band (register). Mode, the strongest valence cue, is not in 13 cepstra (they
 * smooth away the harmonic fine structure where a minor or major third lives), so it comes from the
 * streams' 10 Hz chroma rows (features/chroma.ts) through a Krumhansl–Schmuckler key fit (key-mode.ts).
 */
export const EMOTION_FEATURES = [
  'loudRel', // band+voice level within the song, 0 … 1 (10th … 95th percentile)
  'loudTop', // level below the song's loud parts, nats (≤ 0)
  'onsets', // band onsets per second (level jumps ≥ 1 nat in 30 ms)
  'tempo', // beat period from the band's onset autocorrelation, (BPM − 115) / 45
  'pulse', // strength of that periodicity, 0 … 1
  'bandBright', // band MFCC c1 (spectral slope; lower = brighter), z-scored over the corpus
  'voiceBright', // voice MFCC c1 while singing
  'voiceOverBand', // voice minus band level while singing, nats
  'flux', // mean |Δ cepstrum| of the band (spectral change)
  'singing', // share of the window that is sung
  'mode', // major − minor key-profile fit of the band's chroma over a gaussian window (σ 20 s)
] as const;

/**
 * A key holds for a song or a long section. Fitted beside a whole-song cue, a 6 s window's got no weight
 * (test valence r 0.89 with both); one 20 s window alone gives 0.87 and still follows a modulation.
 */
const MODE_WINDOW_SECONDS = 20;

const WINDOW_SECONDS = 2; // σ of the gaussian window each cue is averaged over
const ROWS = 100; // MFCC rows per second

function col(m: Mfcc, c: number): Float32Array {
  const out = new Float32Array(m.frames);
  for (let r = 0; r < m.frames; r++) out[r] = m.data[r * m.dim + c];
  return out;
}

const BLOCK = 10; // rows per block: the cues are averaged at 10 Hz before the window

/** Weighted gaussian average of x where `w` (0/1 or soft), sampled at each video frame. */
function windowed(x: Float32Array, w: Float32Array | null, frameCount: number, fps: number, fallback: number): Float32Array {
  const blocks = Math.ceil(x.length / BLOCK);
  const xs = new Float32Array(blocks);
  const ws = new Float32Array(blocks);
  for (let i = 0; i < x.length; i++) {
    const wi = w ? w[i] : 1;
    xs[Math.floor(i / BLOCK)] += x[i] * wi;
    ws[Math.floor(i / BLOCK)] += wi;
  }
  const sigma = (WINDOW_SECONDS * ROWS) / BLOCK;
  const num = gaussianSmooth(xs, sigma);
  const den = gaussianSmooth(ws, sigma);
  const out = new Float32Array(frameCount);
  for (let t = 0; t < frameCount; t++) {
    const b = Math.min(blocks - 1, Math.floor(((t / fps) * ROWS) / BLOCK));
    out[t] = b >= 0 && den[b] > 0.05 * BLOCK ? num[b] / den[b] : fallback;
  }
  return out;
}

/**
 * Major-versus-minor per video frame from the band's chroma rows: each
 * row's amplitudes (√ energy) scaled to sum 1, so every moment counts alike whatever its loudness (rows
 * 30 dB under the song's loud ones are left out), summed over the window, then `modeCue`. The voice's
 * rows are not used: on the corpus, adding them lowered the song-level major/minor agreement from 96 % to
 * 85 % (a voice's harmonics put thirds and fifths on every note). Without chroma rows (streams made by
 * other code) the cue is 0: no evidence either way.
 */
function bandModeCue(streams: StreamFeatures, frameCount: number, fps: number): Float32Array {
  const c = streams.chroma?.accompaniment ?? streams.chroma?.mixture;
  const out = new Float32Array(frameCount);
  if (!c || c.frames < 1) return out;
  const rows = c.frames;
  const totals = new Float32Array(rows);
  for (let r = 0; r < rows; r++) for (let k = 0; k < 12; k++) totals[r] += Math.sqrt(c.data[r * 12 + k]);
  const floor = 10 ** (-30 / 20) * percentile(totals, 95);
  const norm = Array.from({ length: 12 }, () => new Float32Array(rows));
  for (let r = 0; r < rows; r++) {
    if (!(totals[r] > floor) || !(totals[r] > 0)) continue;
    for (let k = 0; k < 12; k++) norm[k][r] = Math.sqrt(c.data[r * 12 + k]) / totals[r];
  }
  const smoothed = norm.map((x) => gaussianSmooth(x, MODE_WINDOW_SECONDS * c.rate));
  const perRow = Float32Array.from({ length: rows }, (_, r) => modeCue(smoothed.map((x) => x[r])));
  for (let t = 0; t < frameCount; t++) out[t] = perRow[Math.min(rows - 1, Math.round((t / fps) * c.rate))];
  return out;
}

/** The cues per video frame: frameCount × EMOTION_FEATURES.length, row-major. */
export function emotionFeatures(streams: StreamFeatures, frameCount: number, fps: number): Float32Array {
  const F = EMOTION_FEATURES.length;
  const out = new Float32Array(frameCount * F);
  const voice = streams.vocals ?? streams.mixture;
  const band = streams.accompaniment ?? streams.mixture;
  if (!voice || !band || voice.frames < 2 || band.frames < 2) return out;
  const n = Math.min(voice.frames, band.frames);
  const ev = col(voice, 0).subarray(0, n);
  const eb = col(band, 0).subarray(0, n);
  const total = Float32Array.from(ev, (v, i) => Math.log(Math.exp(v) + Math.exp(eb[i])));
  const top = percentile(total, 95);
  const smooth = windowed(total, null, n, ROWS, 0);
  const lo = percentile(smooth, 10);
  const hi = percentile(smooth, 95);
  const loudRel = Float32Array.from(smooth, (v) => (hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5));
  const loudTop = Float32Array.from(smooth, (v) => Math.min(0, v - top));
  // Onsets: the band's level jumps ≥ 1 nat over 3 rows, counted once per rise.
  const onset = new Float32Array(n);
  const strength = new Float32Array(n);
  for (let r = 3; r < n; r++) {
    const d = eb[r] - eb[r - 3];
    strength[r] = Math.max(0, d);
    if (d >= 1 && !(onset[r - 1] || onset[r - 2])) onset[r] = ROWS;
  }
  // Tempo: the best lag of the onset strength's autocorrelation in 70–160 BPM over 6 s, every 0.5 s.
  const tempoRow = new Float32Array(n);
  const pulseRow = new Float32Array(n);
  const minLag = Math.round((60 / 160) * ROWS);
  const maxLag = Math.round((60 / 70) * ROWS);
  const half = 3 * ROWS;
  for (let c = 0; c < n; c += ROWS / 2) {
    const a = Math.max(0, c - half);
    const b = Math.min(n, c + half);
    let mean = 0;
    for (let r = a; r < b; r++) mean += strength[r];
    mean /= Math.max(1, b - a);
    let e0 = 0;
    for (let r = a; r < b; r++) e0 += (strength[r] - mean) ** 2;
    let best = 0;
    let bestLag = Math.round((60 / 115) * ROWS);
    for (let lag = minLag; lag <= maxLag; lag++) {
      let s = 0;
      for (let r = a; r + lag < b; r++) s += (strength[r] - mean) * (strength[r + lag] - mean);
      if (s > best) {
        best = s;
        bestLag = lag;
      }
    }
    const bpm = (60 * ROWS) / bestLag;
    for (let r = c; r < Math.min(n, c + ROWS / 2); r++) {
      tempoRow[r] = (bpm - 115) / 45;
      pulseRow[r] = e0 > 0 ? best / e0 : 0;
    }
  }
  const voiceTop = percentile(ev, 95);
  const sung = Float32Array.from(ev, (v) => (v > voiceTop - 3 ? 1 : 0));
  const flux = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 13; c < 26; c++) s += Math.abs(band.data[r * band.dim + c]);
    flux[r] = s / 13;
  }
  const voiceOverBand = Float32Array.from(ev, (v, i) => v - eb[i]);
  const cols = [
    windowed(loudRel, null, frameCount, fps, 0.5),
    windowed(loudTop, null, frameCount, fps, -3),
    windowed(onset, null, frameCount, fps, 0),
    windowed(tempoRow, null, frameCount, fps, 0),
    windowed(pulseRow, null, frameCount, fps, 0),
    windowed(col(band, 1).subarray(0, n), null, frameCount, fps, 0),
    windowed(col(voice, 1).subarray(0, n), sung, frameCount, fps, 0),
    windowed(voiceOverBand, sung, frameCount, fps, 0),
    windowed(flux, null, frameCount, fps, 0),
    windowed(sung, null, frameCount, fps, 0),
    bandModeCue(streams, frameCount, fps),
  ];
  for (let t = 0; t < frameCount; t++) for (let f = 0; f < F; f++) out[t * F + f] = cols[f][t];
  return out;
}

/** A linear head on the cues: z-score with the corpus' mean/std, then weights + bias, squashed by tanh. */
export interface LinearEmotionModel {
  features: readonly string[];
  mean: number[];
  std: number[];
  valence: { weights: number[]; bias: number };
  arousal: { weights: number[]; bias: number };
  /** How it was fitted and how well it did (for the README and the record). */
  fitted: Record<string, unknown>;
}

/**
 * The song's valence and arousal per video frame, −1 … 1, smoothed over a few seconds (a mood, not a
 * beat). Example: `const { valence, arousal } = estimateValenceArousal(streams, track.frameCount, 30)`
 */
export function estimateValenceArousal(
  streams: StreamFeatures,
  frameCount: number,
  fps: number,
  model: LinearEmotionModel = AUTO_EMOTION_MODEL,
): { valence: Float32Array; arousal: Float32Array } {
  const F = EMOTION_FEATURES.length;
  if (model.features.join() !== EMOTION_FEATURES.join())
    throw new ModelError('the auto-emotion model was fitted on other cues; refit it (training/emotion/fit-auto-emotion.ts)');
  const x = emotionFeatures(streams, frameCount, fps);
  const head = (h: { weights: number[]; bias: number }) => {
    const out = new Float32Array(frameCount);
    for (let t = 0; t < frameCount; t++) {
      let s = h.bias;
      for (let f = 0; f < F; f++) s += h.weights[f] * ((x[t * F + f] - model.mean[f]) / (model.std[f] || 1));
      out[t] = Math.tanh(s);
    }
    return out;
  };
  return { valence: head(model.valence), arousal: head(model.arousal) };
}
