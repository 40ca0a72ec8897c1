import * as fs from 'node:fs';
import * as path from 'node:path';
import { animateSong } from '../../src/animate';
import { decodeAudio } from '../../src/audio/decode';
import type { Audio } from '../../src/audio/audio';
import { LIP_ARTICULATORS } from '../../src/emotion/emotions';
import { performEmotion, type EmotionOptions } from '../../src/emotion/perform-emotion';
import { ARKIT_COUNT, arkitIndex } from '../../src/track/arkit';
import { type FaceTrack, weightCurve } from '../../src/track/face-track';

// 20 s of a real song (../shared/data, not shipped): the generator runs twice, the rest is the layer.
const SONG = path.join(__dirname, '../../../shared/data/audio/francium-55-115s-mixture.flac');
const SECONDS = 20;
const maybe = fs.existsSync(SONG) ? describe : describe.skip;
if (!fs.existsSync(SONG)) console.warn(`emotion real-song test skipped: ${SONG} is absent`);

const copy = (t: FaceTrack): FaceTrack => ({
  ...t,
  expression: t.expression.slice(),
  pose: t.pose.slice(),
  eyes: t.eyes.slice(),
  meta: { ...t.meta },
});
const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;
const smile = (t: FaceTrack) => (mean(weightCurve(t, 'mouthSmileLeft')) + mean(weightCurve(t, 'mouthSmileRight'))) / 2;
const brow = (t: FaceTrack) => mean(weightCurve(t, 'browInnerUp'));
/** Head motion energy: mean squared angular velocity of pitch, yaw, roll, (rad/s)². */
const headEnergy = (t: FaceTrack) => {
  let s = 0;
  for (let i = 1; i < t.frameCount; i++) for (let k = 0; k < 3; k++) s += ((t.pose[i * 6 + k] - t.pose[(i - 1) * 6 + k]) * t.fps) ** 2;
  return s / (t.frameCount - 1);
};
const corr = (a: Float32Array, b: Float32Array) => {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
};

maybe('emotion on a real song', () => {
  let audio: Audio;
  let neutral: FaceTrack;
  const as = (o: EmotionOptions) => {
    const t = copy(neutral);
    performEmotion(t, undefined, o);
    return t;
  };
  beforeAll(async () => {
    const full = await decodeAudio(SONG);
    const n = SECONDS * full.sampleRate;
    audio = { sampleRate: full.sampleRate, channels: full.channels.map((c) => c.slice(0, n)) };
    neutral = await animateSong(audio, { seed: 0, emotion: 'neutral' });
  }, 180000);

  it('reaches the track through animateSong: joy at full intensity is the layer on the neutral face', async () => {
    const joy = await animateSong(audio, { seed: 0, emotion: 'joy', intensity: 1 });
    const layered = as({ emotion: 'joy', intensity: 1 });
    let worst = 0;
    for (let i = 0; i < joy.expression.length; i++) worst = Math.max(worst, Math.abs(joy.expression[i] - layered.expression[i]));
    for (let i = 0; i < joy.pose.length; i++) worst = Math.max(worst, Math.abs(joy.pose[i] - layered.pose[i]));
    expect(worst).toBeLessThan(1e-6);
    expect((joy.meta.emotion as { emotion: string }).emotion).toBe('joy');
  }, 180000);

  it('joy and sadness differ as FACS and the head-motion studies say', () => {
    const joy = as({ emotion: 'joy', intensity: 1 });
    const sad = as({ emotion: 'sadness', intensity: 1 });
    const numbers = {
      smile: [smile(neutral), smile(joy), smile(sad)],
      browInnerUp: [brow(neutral), brow(joy), brow(sad)],
      headEnergy: [headEnergy(neutral), headEnergy(joy), headEnergy(sad)],
    };
    console.log(
      'neutral / joy / sadness at intensity 1:',
      JSON.stringify(numbers, (_, v) => (typeof v === 'number' ? Number(v.toFixed(4)) : v)),
    );
    // AU12 (lip corner puller) is joy's, AU15 takes it away in sadness (Ekman & Friesen 1978).
    expect(smile(joy)).toBeGreaterThan(smile(neutral));
    expect(smile(sad)).toBeLessThan(smile(neutral));
    // AU1 (inner brow raiser) is sadness's.
    expect(brow(sad)).toBeGreaterThan(brow(neutral));
    expect(brow(sad)).toBeGreaterThan(brow(joy));
    // Busso et al. 2007: happy heads move more than neutral, sad heads less.
    expect(headEnergy(joy)).toBeGreaterThan(headEnergy(neutral));
    expect(headEnergy(sad)).toBeLessThan(headEnergy(neutral));
  });

  it('intensity 0 is the neutral face, and no emotion moves the lips: jawOpen correlates ≥ 0.9 (here exactly)', () => {
    for (const e of ['joy', 'sadness', 'anger', 'tenderness', 'surprise', 'fear'] as const) {
      const zero = as({ emotion: e, intensity: 0 });
      let worst = 0;
      for (let i = 0; i < zero.expression.length; i++) worst = Math.max(worst, Math.abs(zero.expression[i] - neutral.expression[i]));
      for (let i = 0; i < zero.pose.length; i++) worst = Math.max(worst, Math.abs(zero.pose[i] - neutral.pose[i]));
      expect(worst).toBeLessThanOrEqual(0.02);
      const full = as({ emotion: e, intensity: 1 });
      expect(corr(weightCurve(full, 'jawOpen'), weightCurve(neutral, 'jawOpen'))).toBeGreaterThanOrEqual(0.9);
      const moved = LIP_ARTICULATORS.filter((name) => {
        const k = arkitIndex(name);
        for (let t = 0; t < full.frameCount; t++)
          if (full.expression[t * ARKIT_COUNT + k] !== neutral.expression[t * ARKIT_COUNT + k]) return true;
        return false;
      });
      expect(moved).toEqual([]);
    }
  });

  it('a direction crossfades: joy in the first part, sadness in the second, a blend between', () => {
    const t = as({
      emotion: 'neutral',
      direction: {
        crossfade: 2,
        sections: [
          { start: 0, end: 9, emotion: 'joy' },
          { start: 11, end: 20, emotion: 'sadness' },
        ],
      },
    });
    const at = (s: number) =>
      t.expression[Math.round(s * 30) * ARKIT_COUNT + arkitIndex('mouthSmileLeft')] -
      neutral.expression[Math.round(s * 30) * ARKIT_COUNT + arkitIndex('mouthSmileLeft')];
    const browAt = (s: number) =>
      t.expression[Math.round(s * 30) * ARKIT_COUNT + arkitIndex('browInnerUp')] -
      neutral.expression[Math.round(s * 30) * ARKIT_COUNT + arkitIndex('browInnerUp')];
    expect(at(4)).toBeGreaterThan(0.2);
    expect(browAt(15)).toBeGreaterThan(0.2);
    // At 10 s both ranges are outside their fades (9 + 1, 11 − 1): the neutral base.
    expect(Math.abs(at(10))).toBeLessThan(1e-6);
    // Half way through joy's fade-out (9 s) half of joy shows.
    expect(at(9)).toBeGreaterThan(0.3 * at(4));
    expect(at(9)).toBeLessThan(0.7 * at(4));
  });

  it('channel gains scale their channel only, and mouth-only leaves just the mouth', () => {
    const loud = as({ emotion: 'neutral', gains: { lips: 1.5, head: 0, brows: 0 } });
    expect(corr(weightCurve(loud, 'jawOpen'), weightCurve(neutral, 'jawOpen'))).toBeGreaterThan(0.99);
    expect(mean(weightCurve(loud, 'jawOpen'))).toBeGreaterThan(1.3 * mean(weightCurve(neutral, 'jawOpen')));
    expect(loud.pose.every((v) => v === 0)).toBe(true);
    expect(brow(loud)).toBe(0);
    const mouth = as({ emotion: 'joy', mouthOnly: true });
    expect(mouth.pose.every((v) => v === 0) && mouth.eyes.every((v) => v === 0)).toBe(true);
    expect(mean(weightCurve(mouth, 'cheekSquintLeft')) + mean(weightCurve(mouth, 'eyeLookOutLeft')) + brow(mouth)).toBe(0);
    expect(smile(mouth)).toBeGreaterThan(smile(neutral));
    expect(Array.from(weightCurve(mouth, 'jawOpen'))).toEqual(Array.from(weightCurve(neutral, 'jawOpen')));
  });
});
