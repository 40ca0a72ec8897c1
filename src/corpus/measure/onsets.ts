import { type PhoneRow, isSilence } from '../singer/phone-table';
import { withDefaults } from '../../runtime';
import type { Defaults } from '../../runtime';

/**
 * Independent checks of the corpus labels against its audio: where does the sound actually start?
 * Used by the tests and by `musicface corpus check`.
 */

export interface VocalOnsetOptions {
  /** Only phrase starts count: a sung phone after at least this much silence, seconds. */
  minRest?: number;
  /** The onset is where the 10 ms RMS first reaches this level relative to the phrase's first 300 ms peak, dB. */
  thresholdDb?: number;
}

export const VOCAL_ONSET_DEFAULTS: Defaults<VocalOnsetOptions> = Object.freeze({ minRest: 0.15, thresholdDb: -20 });

/** RMS over `win` samples, one value per `hop` samples, time-stamped at the window centre. */
function rmsEnvelope(x: Float32Array, win: number, hop: number): Float32Array {
  const pre = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) pre[i + 1] = pre[i] + x[i] * x[i];
  const frames = Math.max(0, Math.floor((x.length - win) / hop) + 1);
  const out = new Float32Array(frames);
  for (let k = 0; k < frames; k++) out[k] = Math.sqrt((pre[k * hop + win] - pre[k * hop]) / win);
  return out;
}

/**
 * For every phrase start in the phone table (a sung phone after a rest of `minRest` or more): the
 * time the vocal stem's energy actually rises, minus the phone's labelled start, in seconds.
 * Positive = the sound starts after the label.
 * Example: `const errs = vocalOnsetErrors(vocalMono, 44100, phones)`
 */
export function vocalOnsetErrors(
  vocal: Float32Array,
  sampleRate: number,
  phones: readonly PhoneRow[],
  options: VocalOnsetOptions = {},
): number[] {
  const o = withDefaults(VOCAL_ONSET_DEFAULTS, options);
  const hop = Math.round(sampleRate / 1000); // 1 ms
  const win = Math.round(sampleRate / 100); // 10 ms
  const env = rmsEnvelope(vocal, win, hop);
  const timeOf = (k: number) => (k * hop + win / 2) / sampleRate;
  const frameAt = (t: number) => Math.max(0, Math.min(env.length - 1, Math.round((t * sampleRate - win / 2) / hop)));
  const errors: number[] = [];
  for (let i = 1; i < phones.length; i++) {
    const prev = phones[i - 1];
    const p = phones[i];
    if (isSilence(p) || !isSilence(prev) || prev.end - prev.start < o.minRest) continue;
    let peak = 0;
    for (let k = frameAt(p.start); k <= frameAt(p.start + 0.3); k++) peak = Math.max(peak, env[k]);
    if (peak <= 0) continue;
    const threshold = peak * Math.pow(10, o.thresholdDb / 20);
    for (let k = frameAt(Math.max(prev.start, p.start - 0.1)); k <= frameAt(p.start + 0.3); k++) {
      if (env[k] >= threshold) {
        errors.push(timeOf(k) - p.start);
        break;
      }
    }
  }
  return errors;
}

/**
 * Onsets of an accompaniment: peaks of the rise in log energy between 11.6 ms windows hopped by
 * 2.9 ms (at 44.1 kHz), time-stamped where the new sound enters the window — found both in the signal
 * (kicks, bass) and in its pre-emphasised copy (snares, hats, plucks: attacks are broadband, held pads
 * are not). Returns seconds, sorted.
 * Example: `const onsets = energyOnsets(accMono, 44100)`
 */
export function energyOnsets(x: Float32Array, sampleRate: number, riseDb = 6): number[] {
  const y = new Float32Array(x.length);
  for (let i = 1; i < x.length; i++) y[i] = x[i] - 0.97 * x[i - 1];
  const all = [...riseOnsets(x, sampleRate, riseDb), ...riseOnsets(y, sampleRate, riseDb)].sort((a, b) => a - b);
  return all.filter((t, i) => i === 0 || t - all[i - 1] > 0.01);
}

function riseOnsets(x: Float32Array, sampleRate: number, riseDb: number): number[] {
  const hop = Math.round(sampleRate * 0.0029);
  const win = 4 * hop;
  const env = rmsEnvelope(x, win, hop);
  const db = new Float32Array(env.length);
  for (let k = 0; k < env.length; k++) db[k] = 20 * Math.log10(env[k] + 1e-6);
  const onsets: number[] = [];
  for (let k = 1; k < db.length - 1; k++) {
    // A rise over three hops (one window's worth of new sound), at its steepest point.
    const rise = db[k] - db[Math.max(0, k - 3)];
    const before = db[k - 1] - db[Math.max(0, k - 4)];
    const after = db[k + 1] - db[Math.max(0, k - 2)];
    if (rise >= riseDb && rise >= before && rise > after) onsets.push((k * hop + win) / sampleRate - (1.5 * hop) / sampleRate);
  }
  return onsets;
}

/** For each time in `targets`, the signed distance to the nearest of `onsets` (NaN when none within `reach`). */
export function nearestErrors(targets: readonly number[], onsets: readonly number[], reach = 0.05): number[] {
  return targets.map((t) => {
    let best = NaN;
    for (const o of onsets) if (Math.abs(o - t) <= reach && !(Math.abs(o - t) >= Math.abs(best))) best = o - t;
    return best;
  });
}

/** The q-quantile (0 … 1) of the finite values, by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(v.length - 1, lo + 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
