import type { Score } from '../composer/score';
import type { PhoneRow } from './phone-table';
import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';

export interface DynamicsOptions {
  /** dB of gain per unit of note velocity (velocity 0.7 is 0 dB). */
  dbPerVelocity?: number;
  /** Swell over a held note, dB at its middle. */
  heldSwellDb?: number;
  /** Crossfade between syllables, seconds. */
  smoothSeconds?: number;
}

export const DYNAMICS_DEFAULTS: Defaults<DynamicsOptions> = Object.freeze({ dbPerVelocity: 16, heldSwellDb: 2.5, smoothSeconds: 0.03 });

/** Gain in dB Festival's flat-level output gets for a note of this velocity (before the mix gain). */
export function velocityGainDb(velocity: number, options: DynamicsOptions = {}): number {
  const { dbPerVelocity } = withDefaults(DYNAMICS_DEFAULTS, options);
  return (velocity - 0.7) * dbPerVelocity;
}

/**
 * Festival sings every note at one level; a singer does not. Gives each sung syllable the loudness of
 * its note (section energy, phrase arc, accents; see compose-melody.ts) and a swell on held notes, so
 * that loudness is in the audio and the teacher can open the jaw wider where the voice is louder.
 * Works in place on Festival's mono output.
 * Example: `applyVocalDynamics(vocal.audio.channels[0], 16000, score, vocal.phones)`
 */
export function applyVocalDynamics(
  x: Float32Array,
  sampleRate: number,
  score: Score,
  phones: readonly PhoneRow[],
  options: DynamicsOptions = {},
): void {
  const o = withDefaults(DYNAMICS_DEFAULTS, options);
  const gainDb = new Float32Array(x.length);
  let last = 0;
  for (const row of phones) {
    const a = Math.max(0, Math.round(row.start * sampleRate));
    const b = Math.min(x.length, Math.round(row.end * sampleRate));
    if (row.note < 0) {
      for (let i = a; i < b; i++) gainDb[i] = last; // hold through silences: nothing to scale there
      continue;
    }
    const note = score.notes[row.note];
    const base = velocityGainDb(note.velocity, o);
    const span = Math.max(1e-3, note.end - note.start);
    for (let i = a; i < b; i++) {
      const t = i / sampleRate;
      const u = Math.min(1, Math.max(0, (t - note.start) / span));
      gainDb[i] = base + (note.held ? o.heldSwellDb * Math.sin(Math.PI * u) : 0);
    }
    last = gainDb[Math.max(a, b - 1)] ?? last;
  }
  for (let i = Math.round((phones[phones.length - 1]?.end ?? 0) * sampleRate); i < x.length; i++) gainDb[i] = last;
  // Two passes of a moving average: a smooth crossfade, no clicks at syllable boundaries.
  const w = Math.max(1, Math.round((o.smoothSeconds * sampleRate) / 2));
  const smooth = boxcar(boxcar(gainDb, w), w);
  for (let i = 0; i < x.length; i++) x[i] *= Math.pow(10, smooth[i] / 20);
}

function boxcar(x: Float32Array, half: number): Float32Array {
  const n = x.length;
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + x[i];
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n, i + half + 1);
    y[i] = (pre[b] - pre[a]) / (b - a);
  }
  return y;
}
