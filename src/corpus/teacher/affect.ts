import { ARKIT_COUNT, arkitIndex } from '../../track';
import type { Score } from '../composer/score';
import type { Rng } from '../../runtime';
import type { Style } from './styles';
import { type Timeline, smoothExp } from './timeline';

/**
 * Brows, cheeks, smile and the shapes that go with them, from pitch height, loudness and section:
 *  - smile: the style's resting smile (less in a minor key), more in choruses, eased over half a second;
 *    it gives way where the lips pucker or funnel for a vowel;
 *  - brows rise on high and loud notes and at the climax (style.brows), and knit with energy and
 *    loudness for intense styles (style.browDown), which also squint the eyes and sneer the nose;
 *  - cheeks and eye squint follow the smile;
 *  - left and right differ by a small per-song asymmetry.
 * Adds onto `expression` (frameCount × 52, already holding the mouth) in place.
 * Example: `addAffect(expression, score, timeline, STYLES['theatrical'], rng)`
 */
export function addAffect(expression: Float32Array, score: Score, tl: Timeline, style: Style, rng: Rng): void {
  const T = tl.frameCount;
  const asym = rng.uniform(-style.asymmetry, style.asymmetry);
  const modeSmile = score.key.mode === 'major' ? 1 : 0.7;
  const smileRaw = new Float32Array(T);
  const browRaw = new Float32Array(T);
  const knitRaw = new Float32Array(T);
  const loud = smoothExp(tl.velocity, tl.fps, 0.15);
  const singing = smoothExp(Float32Array.from(tl.singing), tl.fps, 0.2);
  for (let i = 0; i < T; i++) {
    smileRaw[i] = style.smile * modeSmile + style.smileChorus * tl.chorus[i];
    const high = Math.max(0, (tl.height[i] - 0.35) / 0.65) * singing[i];
    browRaw[i] = style.brows * (0.45 * high + 0.2 * loud[i] + 0.15 * tl.climax[i]);
    knitRaw[i] = style.browDown * tl.energy[i] * (0.4 + 0.6 * loud[i]);
  }
  const smile = smoothExp(smileRaw, tl.fps, 0.5);
  const brow = smoothExp(browRaw, tl.fps, 0.2);
  const knit = smoothExp(knitRaw, tl.fps, 0.2);
  const col = (n: string) => arkitIndex(n);
  const pucker = col('mouthPucker');
  const funnel = col('mouthFunnel');
  const add = (row: number, name: string, v: number) => {
    const k = row + col(name);
    expression[k] = Math.min(1, Math.max(0, expression[k] + v));
  };
  const pair = (row: number, base: string, v: number) => {
    add(row, base + 'Left', v * (1 + asym));
    add(row, base + 'Right', v * (1 - asym));
  };
  for (let i = 0; i < T; i++) {
    const r = i * ARKIT_COUNT;
    const round = Math.min(1, expression[r + pucker] + expression[r + funnel]);
    const s = smile[i] * (1 - 0.7 * round);
    pair(r, 'mouthSmile', s);
    pair(r, 'cheekSquint', 0.5 * s);
    pair(r, 'mouthDimple', 0.2 * s);
    pair(r, 'eyeSquint', 0.3 * s + 0.3 * knit[i]);
    add(r, 'browInnerUp', brow[i]);
    pair(r, 'browOuterUp', 0.6 * brow[i]);
    pair(r, 'eyeWide', 0.25 * brow[i]);
    pair(r, 'browDown', knit[i]);
    pair(r, 'noseSneer', 0.3 * knit[i] * loud[i]);
  }
}
