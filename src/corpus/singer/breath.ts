import type { Rng } from '../../runtime';
import { biquads } from '../production/biquad';
import { type PhoneRow, isSilence } from './phone-table';

/**
 * Breath in the vocal, which Festival's diphones lack: an audible inhale in the rest before a phrase,
 * and aspiration noise under the voiced sound (a breathy voice). Both are band-limited noise; the
 * aspiration follows the voice's own 10 ms envelope, so it is there only while the singer sings and
 * it also fills the band above Festival's 8 kHz with "air", as a real vocal has.
 */
export interface BreathParams {
  /** Chance that a phrase after a rest of ≥ 0.4 s starts with an audible inhale. */
  inhaleChance: number;
  /** Inhale level relative to the sung vocal's RMS, dB. */
  inhaleDb: number;
  /** Aspiration noise level relative to the voice envelope, dB (−60: none). */
  breathinessDb: number;
}

/**
 * Adds breath to `x` (the lead vocal at `sampleRate`, after resampling) in place.
 * Example: `addBreath(lead, 44100, sung.phones, { inhaleChance: 0.6, inhaleDb: -24, breathinessDb: -22 }, rng)`
 */
export function addBreath(x: Float32Array, sampleRate: number, phones: readonly PhoneRow[], p: BreathParams, rng: Rng): Float32Array {
  const n = x.length;
  let sum = 0;
  let count = 0;
  for (const r of phones) {
    if (isSilence(r)) continue;
    for (let i = Math.round(r.start * sampleRate); i < Math.min(n, Math.round(r.end * sampleRate)); i++) {
      sum += x[i] * x[i];
      count++;
    }
  }
  const voiceRms = count ? Math.sqrt(sum / count) : 0;
  if (voiceRms === 0) return x;

  // Aspiration: white noise, high-passed above the voice's harmonics' strongest region, shaped by the
  // voice envelope.
  if (p.breathinessDb > -60) {
    const noise = new Float32Array(n);
    for (let i = 0; i < n; i++) noise[i] = rng.next() * 2 - 1;
    biquads(noise, sampleRate, [
      { kind: 'highpass', hz: 1800, q: 0.707 },
      { kind: 'highpass', hz: 1800, q: 0.707 },
      { kind: 'lowpass', hz: 14000, q: 0.707 },
    ]);
    const noiseRms = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / n) || 1;
    const env = envelope(x, Math.round(0.01 * sampleRate));
    const g = Math.pow(10, p.breathinessDb / 20) / noiseRms;
    for (let i = 0; i < n; i++) x[i] += g * env[i] * noise[i];
  }

  // Inhales: in the rest before a phrase, ending 40–80 ms before its first phone.
  const inhaleGain = voiceRms * Math.pow(10, p.inhaleDb / 20);
  for (let k = 1; k < phones.length; k++) {
    const rest = phones[k - 1];
    if (!isSilence(rest) || isSilence(phones[k])) continue;
    const restLen = rest.end - rest.start;
    if (restLen < 0.4 || !rng.chance(p.inhaleChance)) continue;
    const len = Math.min(0.45, restLen * 0.5) * rng.uniform(0.6, 1);
    const end = phones[k].start - rng.uniform(0.04, 0.08);
    const a = Math.max(0, Math.round((end - len) * sampleRate));
    const b = Math.min(n, Math.round(end * sampleRate));
    if (b - a < 16) continue;
    const burst = new Float32Array(b - a);
    for (let i = 0; i < burst.length; i++) burst[i] = rng.next() * 2 - 1;
    // An inhale is a broad hiss with a resonance of the open vocal tract around 1–2 kHz.
    biquads(burst, sampleRate, [
      { kind: 'highpass', hz: 400, q: 0.707 },
      { kind: 'lowpass', hz: 7000, q: 0.707 },
      { kind: 'peak', hz: rng.uniform(1000, 2200), q: 1.2, gainDb: 8 },
    ]);
    const rms = Math.sqrt(burst.reduce((s, v) => s + v * v, 0) / burst.length) || 1;
    for (let i = 0; i < burst.length; i++) {
      const u = i / burst.length;
      // Swells in, ends quicker: sin² rise over 70 %, a faster fall.
      const shape = u < 0.7 ? Math.sin((Math.PI / 2) * (u / 0.7)) ** 2 : Math.cos((Math.PI / 2) * ((u - 0.7) / 0.3)) ** 2;
      x[a + i] += (inhaleGain / rms) * shape * burst[i];
    }
  }
  return x;
}

/** RMS over a centred window of `win` samples, every sample. */
function envelope(x: Float32Array, win: number): Float32Array {
  const pre = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) pre[i + 1] = pre[i] + x[i] * x[i];
  const h = win >> 1;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(x.length, i + h + 1);
    out[i] = Math.sqrt(Math.max(0, pre[b] - pre[a]) / (b - a));
  }
  return out;
}
