import type { Score } from '../composer/score';
import type { Rng } from '../random';
import type { Style } from './styles';
import type { Timeline } from './timeline';

/** Paper section 3.3.3: blink interval B_i ~ U(1.2, 2.0) s and duration B_d ~ U(0.10, 0.45) s. */
export const BLINK_INTERVAL: readonly [number, number] = [1.2, 2.0];
export const BLINK_DURATION: readonly [number, number] = [0.1, 0.45];
/** The paper's threshold between a blink and a long eye closing (section 4.2). */
export const LONG_CLOSING_MIN_SECONDS = 0.5;
/** Sigma, in frames, of the temporal Gaussian applied to the composite eye state. */
export const EYE_SMOOTH_SIGMA_FRAMES = 1;

export interface Eyes {
  /** Composite closure per frame (paper eq. 9, then the Gaussian), 0 open … 1 closed. */
  closure: Float32Array;
  /** The long-closing state alone, 0 … 1 (closings of LONG_CLOSING_MIN_SECONDS or more). */
  long: Float32Array;
  /** Random blinks as [startFrame, endFrame) — those not hidden under a long closing. */
  blinks: [number, number][];
  /** Long closings as [startFrame, endFrame). */
  closings: [number, number][];
}

/**
 * Random blinks as a 0/1 state per frame, drawn exactly as the paper does: the next blink starts an
 * interval ~U(1.2, 2.0) s after the last one started and lasts ~U(0.10, 0.45) s. Nothing in the
 * audio predicts them.
 * Example: `const { state, blinks } = sampleBlinks(rng, 900, 30)`
 */
export function sampleBlinks(rng: Rng, frameCount: number, fps: number): { state: Float32Array; blinks: [number, number][] } {
  const state = new Float32Array(frameCount);
  const blinks: [number, number][] = [];
  let t = rng.uniform(0, BLINK_INTERVAL[1]);
  while (t * fps < frameCount) {
    const d = rng.uniform(BLINK_DURATION[0], BLINK_DURATION[1]);
    const a = Math.round(t * fps);
    const b = Math.min(frameCount, Math.max(a + 1, Math.round((t + d) * fps)));
    for (let i = a; i < b; i++) state[i] = 1;
    blinks.push([a, b]);
    t += rng.uniform(BLINK_INTERVAL[0], BLINK_INTERVAL[1]);
  }
  return { state, blinks };
}

/**
 * Paper eq. 9 and the temporal Gaussian: where the long-closing state is above zero it wins,
 * elsewhere the blink state shows; the result is smoothed with a Gaussian of `sigma` frames.
 * Example: `const closure = composeEyeState(long, blinkState)`
 */
export function composeEyeState(long: Float32Array, blink: Float32Array, sigma = EYE_SMOOTH_SIGMA_FRAMES): Float32Array {
  const n = long.length;
  const raw = new Float32Array(n);
  for (let i = 0; i < n; i++) raw[i] = long[i] > 0 ? long[i] : blink[i];
  if (sigma <= 0) return raw;
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-0.5 * ((k - radius) / sigma) ** 2));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let w = 0;
    for (let k = -radius; k <= radius; k++) {
      const j = i + k;
      if (j < 0 || j >= n) continue;
      s += kernel[k + radius] * raw[j];
      w += kernel[k + radius];
    }
    out[i] = Math.min(1, Math.max(0, s / w));
  }
  return out;
}

/**
 * Long eye closings — the part the generator must learn from the music: the singer closes the eyes
 * through held high notes (top 40 % of the song's sung range, 0.6 s or longer) and the climax note, with
 * the style's probability (half again for the climax). The eyes close over 0.12 s shortly after the
 * note starts, stay nearly shut, and open over 0.18 s near its end; closings shorter than
 * LONG_CLOSING_MIN_SECONDS are not made.
 */
export function longClosings(score: Score, tl: Timeline, style: Style, rng: Rng): { long: Float32Array; closings: [number, number][] } {
  const long = new Float32Array(tl.frameCount);
  const closings: [number, number][] = [];
  const sung = score.notes.map((n) => n.midi);
  const lo = Math.min(...sung);
  const hi = Math.max(...sung);
  for (const n of score.notes) {
    const height = hi > lo ? (n.midi - lo) / (hi - lo) : 0.5;
    const candidate = n.climax || (n.held && height >= 0.6 && n.end - n.start >= 0.6);
    const p = n.climax ? Math.min(1, style.longClosing * 1.5) : style.longClosing;
    if (!candidate) continue;
    // Always draw, so one note's choice does not shift every later draw.
    const draw = rng.next();
    const start = n.start + rng.uniform(0.05, 0.2);
    const end = n.end - rng.uniform(0, 0.1);
    const level = rng.uniform(0.85, 1);
    if (draw >= p || end - start < LONG_CLOSING_MIN_SECONDS) continue;
    const a = Math.max(0, Math.floor(start * tl.fps));
    const b = Math.min(tl.frameCount, Math.ceil(end * tl.fps));
    for (let i = a; i < b; i++) {
      const t = tl.times[i];
      const up = Math.min(1, (t - start) / 0.12);
      const down = Math.min(1, (end - t) / 0.18);
      long[i] = Math.max(long[i], level * smoothstep(Math.max(0, Math.min(up, down))));
    }
    closings.push([a, b]);
  }
  return { long, closings };
}

/**
 * The whole eye track: long closings composed over random blinks (eq. 9), smoothed.
 * Example: `const eyes = eyeMotion(score, timeline, STYLES['theatrical'], rngLong, rngBlink)`
 */
export function eyeMotion(score: Score, tl: Timeline, style: Style, rngLong: Rng, rngBlink: Rng): Eyes {
  const { long, closings } = longClosings(score, tl, style, rngLong);
  const { state, blinks } = sampleBlinks(rngBlink, tl.frameCount, tl.fps);
  const closure = composeEyeState(long, state);
  const visible = blinks.filter(([a, b]) => {
    for (let i = a; i < b; i++) if (long[i] <= 0) return true;
    return false;
  });
  return { closure, long, blinks: visible, closings };
}

function smoothstep(x: number): number {
  return x * x * (3 - 2 * x);
}
