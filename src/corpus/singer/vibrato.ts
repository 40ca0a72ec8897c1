import type { Score } from '../composer/score';

/**
 * Vibrato on the sung notes. Festival sings each note at one flat pitch; trained singers add a
 * periodic pitch wobble of about 5–7 Hz and ±20–70 cents on held notes, starting a little after the
 * note begins (Sundberg, "The Science of the Singing Voice", 1987). Done as a modulated delay:
 * y(t) = x(t − d(t)) with d(t) = D·a(t)·sin(2πft) changes the pitch by the factor 1 − d'(t), so a
 * depth of c cents needs D = (2^(c/1200) − 1)/(2πf) — under 2 ms, so no phone moves measurably.
 */
export interface VibratoParams {
  /** Rate, Hz. */
  rate: number;
  /** Peak pitch deviation, cents. */
  depthCents: number;
  /** Seconds into a note before the vibrato starts to grow. */
  onset: number;
  /** Notes shorter than this get none, seconds. */
  minNote: number;
}

/**
 * Applies vibrato to the notes of `score` in Festival's output `x` (mono, `sampleRate`); returns a new array.
 * Example: `y = applyVibrato(x, 16000, score, { rate: 5.5, depthCents: 40, onset: 0.2, minNote: 0.4 })`
 */
export function applyVibrato(x: Float32Array, sampleRate: number, score: Pick<Score, 'notes'>, p: VibratoParams): Float32Array {
  const amp = new Float32Array(x.length); // a(t), 0 … 1
  const ramp = 0.25; // seconds for the vibrato to grow to full depth, and to fade at the note's end
  for (const n of score.notes) {
    if (n.end - n.start < p.minNote) continue;
    const a = Math.max(0, Math.floor((n.start + p.onset) * sampleRate));
    const b = Math.min(x.length, Math.ceil(n.end * sampleRate));
    for (let i = a; i < b; i++) {
      const t = i / sampleRate;
      const up = Math.min(1, (t - n.start - p.onset) / ramp);
      const down = Math.min(1, (n.end - t) / 0.08);
      amp[i] = Math.max(amp[i], Math.max(0, Math.min(up, down)));
    }
  }
  const d = (Math.pow(2, p.depthCents / 1200) - 1) / (2 * Math.PI * p.rate); // seconds
  const y = new Float32Array(x.length);
  const w = 2 * Math.PI * p.rate;
  for (let i = 0; i < x.length; i++) {
    if (amp[i] === 0) {
      y[i] = x[i];
      continue;
    }
    const pos = i - d * sampleRate * amp[i] * Math.sin((w * i) / sampleRate);
    y[i] = cubicAt(x, pos);
  }
  return y;
}

/** Catmull-Rom interpolation of x at fractional index `pos`. */
function cubicAt(x: Float32Array, pos: number): number {
  const j = Math.floor(pos);
  const u = pos - j;
  const at = (k: number) => x[Math.max(0, Math.min(x.length - 1, k))];
  const p0 = at(j - 1);
  const p1 = at(j);
  const p2 = at(j + 1);
  const p3 = at(j + 2);
  return p1 + 0.5 * u * (p2 - p0 + u * (2 * p0 - 5 * p1 + 4 * p2 - p3 + u * (3 * (p1 - p2) + p3 - p0)));
}
