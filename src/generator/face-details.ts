import type { Rng } from '../runtime';
import { ARKIT_COUNT, arkitIndex, type FaceTrack } from '../track';
import type { MusicCues } from './music-cues';

/**
 * The small shapes a singer uses that the generator never moves (its teacher does not write them):
 *  - jaw sideways (jawLeft/Right): the mandible wanders a little sideways as it opens — a slow seeded
 *    random sway scaled by jawOpen, at most 0.05;
 *  - jawForward: a touch with wide, loud opening, at most 0.04;
 *  - mouth corners sideways (mouthLeft/Right): a slow seeded wander while singing, at most 0.06;
 *  - frowns (mouthFrownLeft/Right): in quiet passages without a smile (the generator lowers the smile in
 *    minor, sad songs), and with knitted brows, at most 0.12;
 *  - cheek puff: the air pressure behind a stop closure (the voice dips, then bursts — music-cues.ts),
 *    at most 0.12, where the lips are near closed.
 * All are ≤ the teacher's subtlest shapes (its noseSneer reaches 0.3 × knit, its dimples 0.2 × smile),
 * scaled by the style's `details`. Adds onto the track's expression in place, clamped to 0 … 1.
 */
export function addFaceDetails(track: FaceTrack, cues: MusicCues, rng: Rng, scale: number): void {
  const T = track.frameCount;
  const fps = track.fps;
  const e = track.expression;
  const col = (n: string) => arkitIndex(n);
  const jawOpen = col('jawOpen');
  const smileL = col('mouthSmileLeft');
  const smileR = col('mouthSmileRight');
  const knitL = col('browDownLeft');
  const add = (t: number, name: string, v: number) => {
    const k = t * ARKIT_COUNT + col(name);
    e[k] = Math.min(1, Math.max(0, e[k] + v));
  };
  // Ornstein–Uhlenbeck wanders, unit std.
  const wander = (tau: number) => {
    const a = Math.exp(-1 / (tau * fps));
    const k = Math.sqrt(1 - a * a);
    const out = new Float32Array(T);
    let x = rng.normal();
    for (let t = 0; t < T; t++) {
      x = a * x + k * rng.normal();
      out[t] = x;
    }
    return out;
  };
  const jawSway = wander(1.2);
  const corner = wander(2.0);
  // Singing, eased over 0.3 s so the corners do not snap.
  const sing = new Float32Array(T);
  const ease = 1 - Math.exp(-1 / (0.3 * fps));
  let s = 0;
  for (let t = 0; t < T; t++) {
    s += ((cues.singing[t] ? 1 : 0) - s) * ease;
    sing[t] = s;
  }
  // Cheek puff: rises through the closure, peaks at the release, gone 80 ms later.
  const puff = new Float32Array(T);
  for (const st of cues.stops) {
    const a = Math.floor(st.start * fps);
    const r = st.release * fps;
    for (let t = Math.max(0, a); t < Math.min(T, Math.ceil(r + 0.08 * fps)); t++) {
      const v = t <= r ? (t - a + 1) / (r - a + 1) : 1 - (t - r) / (0.08 * fps);
      puff[t] = Math.max(puff[t], Math.max(0, Math.min(1, v)));
    }
  }
  for (let t = 0; t < T; t++) {
    const row = t * ARKIT_COUNT;
    const open = e[row + jawOpen];
    const j = scale * 0.05 * Math.max(-1, Math.min(1, jawSway[t] / 2)) * Math.min(1, open / 0.3);
    add(t, j > 0 ? 'jawLeft' : 'jawRight', Math.abs(j));
    add(t, 'jawForward', scale * 0.04 * Math.min(1, open / 0.4) * cues.loud[t]);
    const m = scale * 0.06 * Math.max(-1, Math.min(1, corner[t] / 2)) * sing[t];
    add(t, m > 0 ? 'mouthLeft' : 'mouthRight', Math.abs(m));
    const smile = 0.5 * (e[row + smileL] + e[row + smileR]);
    const quiet = Math.max(0, Math.min(1, (0.45 - cues.loud[t]) / 0.45));
    const frown = scale * Math.min(0.12, 0.1 * quiet * Math.max(0, 1 - smile / 0.25) * sing[t] + 0.3 * e[row + knitL]);
    add(t, 'mouthFrownLeft', frown);
    add(t, 'mouthFrownRight', frown);
    add(t, 'cheekPuff', scale * 0.12 * puff[t] * Math.max(0, 1 - open / 0.15));
  }
}
