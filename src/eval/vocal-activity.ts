import { type Audio, toMono } from '../audio';
import type { Defaults } from '../runtime';
import { withDefaults } from '../runtime';

/** Per video frame k, the RMS of audio [k/fps, (k+1)/fps) in dB re full scale (−∞ for digital silence). */
export function frameRmsDb(audio: Audio, frameCount: number, fps: number): Float64Array {
  const x = toMono(audio);
  const hop = audio.sampleRate / fps;
  const out = new Float64Array(frameCount);
  for (let t = 0; t < frameCount; t++) {
    const a = Math.floor(t * hop);
    const b = Math.min(x.length, Math.floor((t + 1) * hop));
    let s = 0;
    for (let i = a; i < b; i++) s += x[i] * x[i];
    out[t] = b > a && s > 0 ? 10 * Math.log10(s / (b - a)) : -Infinity;
  }
  return out;
}

export function percentile(xs: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(xs).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * (sorted.length - 1)))] : NaN;
}

export interface ActivityOptions {
  /** A frame is active when within this many dB of the stem's 95th-percentile frame level … */
  relativeDb?: number;
  /** … and at least this loud (dBFS), so a near-silent stem never counts as singing. */
  floorDb?: number;
}

export const ACTIVITY_DEFAULTS: Defaults<ActivityOptions> = Object.freeze({ relativeDb: 40, floorDb: -50 });

/**
 * Where a stem sings, per video frame: frame RMS ≥ max(floorDb, its 95th percentile − relativeDb). The
 * threshold follows the stem's own level, so a quiet mix and a loud one mark the same frames.
 */
export function activeFrames(stem: Audio, frameCount: number, fps: number, options: ActivityOptions = {}): boolean[] {
  const o = withDefaults(ACTIVITY_DEFAULTS, options);
  const db = frameRmsDb(stem, frameCount, fps);
  const threshold = Math.max(o.floorDb, percentile(db, 95) - o.relativeDb);
  return Array.from(db, (d) => d >= threshold);
}
