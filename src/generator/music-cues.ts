import type { Mfcc, StreamFeatures } from '../features';
import { gaussianSmooth, percentile } from '../track';

/**
 * What the eyes and the head take from the music besides the generator's outputs, per 30 fps frame.
 * Read from column 0 of the MFCC rows the generator already has (python_speech_features' appended log
 * frame energy, natural log of power), so nothing is decoded twice.
 */
export interface MusicCues {
  fps: number;
  frameCount: number;
  /** Vocal level 0 … 1 relative to this song's loud singing. */
  vocal: Float32Array;
  /** 1 where the singer sings (with hysteresis and short gaps bridged), else 0. */
  singing: Uint8Array;
  /** Overall loudness 0 … 1 within this song, smoothed over ~1.5 s (quiet verse … loud chorus). */
  loud: Float32Array;
  /** Sung phrases as frame runs [start, end) of at least `MIN_PHRASE_SECONDS`. */
  phrases: { start: number; end: number }[];
  /** Stop closures inside singing: the voice dips ≥ 8.7 dB for 40–200 ms, then bursts back (seconds of the dip and the release). */
  stops: { start: number; release: number }[];
}

/** Energies within this many nats (13 dB) of the song's loud singing (95th percentile) count as singing. */
const SINGING_RANGE_NATS = 3;
/** Gaps shorter than this inside singing are a consonant or a vibrato dip, not a breath. */
const BRIDGE_SECONDS = 0.12;
export const MIN_PHRASE_SECONDS = 0.8;

/** Column 0 (log energy) of the MFCC rows at each video frame's centre. */
function energyAt(m: Mfcc, frameCount: number, fps: number): Float32Array {
  const out = new Float32Array(frameCount);
  for (let t = 0; t < frameCount; t++) {
    const r = Math.min(m.frames - 1, Math.round((t / fps) * m.rate));
    out[t] = r >= 0 ? m.data[r * m.dim] : 0;
  }
  return out;
}

/**
 * Vocal level, singing, phrases and loudness of a song from its feature streams.
 * Example: `const cues = musicCues(streams, track.frameCount, 30)`
 */
export function musicCues(streams: StreamFeatures, frameCount: number, fps: number): MusicCues {
  const voice = streams.vocals ?? streams.mixture;
  const band = streams.accompaniment;
  const vocal = new Float32Array(frameCount);
  const singing = new Uint8Array(frameCount);
  const loud = new Float32Array(frameCount);
  const phrases: { start: number; end: number }[] = [];
  const stops: { start: number; release: number }[] = [];
  if (!voice || voice.frames < 1 || frameCount < 1) return { fps, frameCount, vocal, singing, loud, phrases, stops };
  const ev = energyAt(voice, frameCount, fps);
  const top = percentile(ev, 95);
  for (let t = 0; t < frameCount; t++)
    vocal[t] = Math.min(1, Math.max(0, (ev[t] - (top - 2 * SINGING_RANGE_NATS)) / (2 * SINGING_RANGE_NATS)));
  // Hysteresis: on at 13 dB below loud singing, off 4 dB further down.
  let on = false;
  for (let t = 0; t < frameCount; t++) {
    const e = ev[t] - top;
    on = on ? e > -SINGING_RANGE_NATS - 1 : e > -SINGING_RANGE_NATS;
    singing[t] = on ? 1 : 0;
  }
  const bridge = Math.round(BRIDGE_SECONDS * fps);
  let last = -1;
  for (let t = 0; t < frameCount; t++) {
    if (!singing[t]) continue;
    if (last >= 0 && t - last > 1 && t - last <= bridge + 1) for (let k = last + 1; k < t; k++) singing[k] = 1;
    last = t;
  }
  for (let t = 0; t < frameCount; ) {
    if (!singing[t]) {
      t++;
      continue;
    }
    let e = t;
    while (e < frameCount && singing[e]) e++;
    if (e - t >= MIN_PHRASE_SECONDS * fps) phrases.push({ start: t, end: e });
    t = e;
  }
  // Loudness of the whole song: voice and band powers summed, smoothed, placed between its 10th and 95th percentiles.
  const eb = band ? energyAt(band, frameCount, fps) : undefined;
  const total = Float32Array.from(ev, (v, t) => (eb ? Math.log(Math.exp(v) + Math.exp(eb[t])) : v));
  const smooth = gaussianSmooth(total, 0.75 * fps);
  const lo = percentile(smooth, 10);
  const hi = percentile(smooth, 95);
  for (let t = 0; t < frameCount; t++) loud[t] = hi > lo ? Math.min(1, Math.max(0, (smooth[t] - lo) / (hi - lo))) : 0.5;
  findStops(voice, top, stops);
  return { fps, frameCount, vocal, singing, loud, phrases, stops };
}

/**
 * Stop consonants in the voice: a plosive is a closure (near silence, 40–200 ms) between voiced sounds,
 * then a burst. Found at the MFCC rate as a dip of ≥ 2 nats (8.7 dB) under both neighbours, with singing
 * (within `SINGING_RANGE_NATS` of loud singing) on each side.
 */
function findStops(voice: Mfcc, top: number, out: { start: number; release: number }[]): void {
  const e = (r: number) => voice.data[r * voice.dim];
  const loudEnough = (v: number) => v > top - SINGING_RANGE_NATS;
  const minRows = 4;
  const maxRows = 20;
  let r = 1;
  while (r < voice.frames - 1) {
    if (!(loudEnough(e(r - 1)) && e(r) < e(r - 1) - 2)) {
      r++;
      continue;
    }
    const before = e(r - 1);
    let k = r;
    while (k < voice.frames && k - r <= maxRows && e(k) < before - 2) k++;
    const rows = k - r;
    if (k < voice.frames && rows >= minRows && rows <= maxRows && loudEnough(e(k)) && e(k) > e(k - 1) + 2) {
      out.push({ start: r / voice.rate, release: k / voice.rate });
    }
    r = k + 1;
  }
}
