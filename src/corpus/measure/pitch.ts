import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';

/**
 * Fundamental frequency of a monophonic voice, YIN (de Cheveigné & Kawahara 2002): the cumulative-
 * mean-normalised difference function, the first dip under `threshold`, parabolic refinement. Used to
 * check what the synthetic singers actually sing (tests, docs/corpus/voices.md), not in the product.
 */
export interface PitchOptions {
  /** Lowest and highest f0 searched, Hz. */
  minHz?: number;
  maxHz?: number;
  /** Analysis window, seconds (must hold two periods of minHz). */
  windowSeconds?: number;
  /** YIN's aperiodicity threshold: frames whose best dip is above it are unvoiced (NaN). */
  threshold?: number;
}

export const PITCH_DEFAULTS: Defaults<PitchOptions> = Object.freeze({ minHz: 60, maxHz: 1000, windowSeconds: 0.04, threshold: 0.15 });

/**
 * f0 of the window centred at `t` seconds, Hz, or NaN where the frame is unvoiced or silent.
 * Example: `pitchAt(vocal, 16000, 1.25)` → 220.3
 */
export function pitchAt(x: Float32Array, sampleRate: number, t: number, options: PitchOptions = {}): number {
  const o = withDefaults(PITCH_DEFAULTS, options);
  const maxLag = Math.ceil(sampleRate / o.minHz);
  const minLag = Math.max(2, Math.floor(sampleRate / o.maxHz));
  const w = Math.max(maxLag, Math.round(o.windowSeconds * sampleRate));
  const start = Math.round(t * sampleRate - (w + maxLag) / 2);
  if (start < 0 || start + w + maxLag > x.length) return NaN;
  let energy = 0;
  for (let i = 0; i < w; i++) energy += x[start + i] * x[start + i];
  if (energy / w < 1e-10) return NaN;
  const d = new Float64Array(maxLag + 1);
  for (let lag = 1; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i < w; i++) {
      const e = x[start + i] - x[start + i + lag];
      s += e * e;
    }
    d[lag] = s;
  }
  // Cumulative-mean normalisation.
  const dn = new Float64Array(maxLag + 1);
  dn[0] = 1;
  let running = 0;
  for (let lag = 1; lag <= maxLag; lag++) {
    running += d[lag];
    dn[lag] = running > 0 ? (d[lag] * lag) / running : 1;
  }
  let best = -1;
  for (let lag = minLag; lag < maxLag; lag++) {
    if (dn[lag] < o.threshold) {
      while (lag + 1 < maxLag && dn[lag + 1] < dn[lag]) lag++;
      best = lag;
      break;
    }
  }
  if (best < 0) return NaN;
  const a = dn[best - 1];
  const b = dn[best];
  const c = dn[best + 1];
  const den = a - 2 * b + c;
  const shift = den !== 0 ? (0.5 * (a - c)) / den : 0;
  return sampleRate / (best + Math.max(-1, Math.min(1, shift)));
}

/** f0 track every `hop` seconds from 0 to the end (NaN where unvoiced). */
export function pitchTrack(x: Float32Array, sampleRate: number, hop = 0.01, options: PitchOptions = {}): Float32Array {
  const n = Math.floor(x.length / sampleRate / hop);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = pitchAt(x, sampleRate, k * hop, options);
  return out;
}

/** Cents from `ref` to `hz`. */
export function cents(hz: number, ref: number): number {
  return 1200 * Math.log2(hz / ref);
}
