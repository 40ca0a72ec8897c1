import type { Score } from '../composer/score';
import type { Rng } from '../../runtime';
import type { Style } from './styles';
import type { Timeline } from './timeline';

export { BLINK_INTERVAL, BLINK_DURATION, LONG_CLOSING_MIN_SECONDS, EYE_SMOOTH_SIGMA_FRAMES, sampleBlinks } from '../../track';
import { composeEyeState as compose, LONG_CLOSING_MIN_SECONDS, sampleBlinks } from '../../track';

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

/** Paper eq. 9 and the temporal gaussian with exact labels: the long state wins wherever it is above 0. */
export function composeEyeState(long: Float32Array, blink: Float32Array, sigma?: number): Float32Array {
  return compose(long, blink, { threshold: 0, sigma });
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
