import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Score } from '../../src/corpus/composer/score';
import { rngFor } from '../../src/runtime/random';
import { phonesFromCsv } from '../../src/corpus/singer/phone-table';
import { BLINK_DURATION, BLINK_INTERVAL, composeEyeState, sampleBlinks } from '../../src/corpus/teacher/eyes';
import { performSong } from '../../src/corpus/teacher/perform-song';
import { STYLE_NAMES, type StyleName } from '../../src/corpus/teacher/styles';
import { buildTimeline } from '../../src/corpus/teacher/timeline';
import { arkitIndex } from '../../src/track/arkit';
import { validateTrack } from '../../src/track/validate';

// A real song's score and Festival phone table (tests/fixtures/corpus/README.md): the teacher runs
// without Festival.
const fixture = path.join(__dirname, '../fixtures/corpus');
const score = JSON.parse(fs.readFileSync(path.join(fixture, 'score.json'), 'utf8')) as Score;
const phones = phonesFromCsv(fs.readFileSync(path.join(fixture, 'phones.csv'), 'utf8'));
const tl = buildTimeline(score, phones, 30);
const FPS = 30;

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    s += (a[i] - ma) * (b[i] - mb);
    sa += (a[i] - ma) ** 2;
    sb += (b[i] - mb) ** 2;
  }
  return s / Math.sqrt(sa * sb);
}
/** Angular head speed per frame, rad/s (sum over pitch, yaw, roll). */
function headSpeed(pose: Float32Array): Float32Array {
  const T = pose.length / 6;
  const v = new Float32Array(T);
  for (let t = 1; t < T; t++) for (let a = 0; a < 3; a++) v[t] += Math.abs(pose[t * 6 + a] - pose[(t - 1) * 6 + a]) * FPS;
  return v;
}
/** Share of the speed's variance explained by the position within the beat (1 = perfectly beat-locked). */
function beatLocking(v: Float32Array): number {
  const period = 60 / score.tempo;
  const bins = 12;
  const bin = (t: number) => Math.floor(((t / FPS / period) % 1) * bins);
  const sum = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let t = 0; t < v.length; t++) {
    sum[bin(t)] += v[t];
    count[bin(t)]++;
  }
  const m = mean(v);
  let explained = 0;
  let total = 0;
  for (let t = 0; t < v.length; t++) {
    explained += (sum[bin(t)] / count[bin(t)] - m) ** 2;
    total += (v[t] - m) ** 2;
  }
  return explained / total;
}
function column(track: { expression: Float32Array; frameCount: number }, name: string): Float32Array {
  const k = arkitIndex(name);
  return Float32Array.from({ length: track.frameCount }, (_, t) => track.expression[t * 52 + k]);
}
const perform = (style: StyleName, id = score.id) => performSong({ ...score, id }, phones, style);

describe('teacher face model', () => {
  const runs = Object.fromEntries(STYLE_NAMES.map((s) => [s, perform(s)])) as Record<StyleName, ReturnType<typeof perform>>;

  it('writes valid tracks with small, plausible head motion for every style and seed', () => {
    for (const style of STYLE_NAMES) {
      for (const id of ['a', 'b', 'c']) {
        const { track, labels } = perform(style, id);
        expect(validateTrack(track)).toEqual([]);
        expect(track.frameCount).toBe(Math.round(score.seconds * FPS));
        let rot = 0;
        let move = 0;
        for (let i = 0; i < track.pose.length; i++) {
          if (i % 6 < 3) rot = Math.max(rot, Math.abs(track.pose[i]));
          else move = Math.max(move, Math.abs(track.pose[i]));
        }
        expect(rot).toBeLessThan(0.5); // radians
        expect(move).toBeLessThan(0.06); // metres
        expect(labels.eyeLong.every((v) => v >= 0 && v <= 1)).toBe(true);
        // The expression's eye blink columns are the eye track.
        const blink = column(track, 'eyeBlinkLeft');
        expect(blink.every((v, t) => Math.abs(v - track.eyes[t * 2]) < 1e-6)).toBe(true);
      }
    }
  });

  it('is deterministic: same song, style and id give the same track', () => {
    const a = perform('theatrical');
    const b = perform('theatrical');
    expect(Buffer.from(a.track.expression.buffer).equals(Buffer.from(b.track.expression.buffer))).toBe(true);
    expect(Buffer.from(a.track.pose.buffer).equals(Buffer.from(b.track.pose.buffer))).toBe(true);
    expect(a.labels).toEqual(b.labels);
  });

  it('closes the mouth in rests and opens it while singing', () => {
    for (const style of STYLE_NAMES) {
      const { track, labels } = runs[style];
      const jaw = column(track, 'jawOpen');
      const sung = Array.from(jaw).filter((_, t) => labels.vocalActive[t]);
      const rest = Array.from(jaw).filter((_, t) => !labels.vocalActive[t]);
      expect(rest.length).toBeGreaterThan(0);
      expect(Math.max(...rest)).toBeLessThan(0.05);
      expect(mean(sung)).toBeGreaterThan(0.2);
    }
    // vocalActive comes from the phone table: frames inside sung phones are active.
    for (const p of phones.filter((r) => r.note >= 0)) {
      const mid = Math.floor(((p.start + p.end) / 2) * FPS);
      expect(runs.shy.labels.vocalActive[mid]).toBe(1);
    }
  });

  it('closes the lips on p, b and m', () => {
    const { track } = runs.energetic;
    const jaw = column(track, 'jawOpen');
    const bilabials = phones.filter((p) => ['p', 'b', 'm'].includes(p.phone) && p.end - p.start >= 2 / FPS);
    expect(bilabials.length).toBeGreaterThan(0);
    for (const p of bilabials) {
      const mid = Math.round(((p.start + p.end) / 2) * FPS);
      expect(jaw[mid]).toBeLessThan(0.15);
    }
  });

  it('styles differ in ways a metric sees: head speed, beat locking, jaw, smile, long closings', () => {
    const speed = (s: StyleName) => mean(headSpeed(runs[s].track.pose));
    const lock = (s: StyleName) => beatLocking(headSpeed(runs[s].track.pose));
    const jaw = (s: StyleName) => mean(Array.from(column(runs[s].track, 'jawOpen')).filter((_, t) => tl.singing[t]));
    const smile = (s: StyleName) => mean(column(runs[s].track, 'mouthSmileLeft'));
    // Speed: shy is the stillest, the calm ballad next; head-banger and energetic move most.
    expect(speed('shy')).toBeLessThan(speed('calm-ballad'));
    expect(speed('calm-ballad')).toBeLessThan(speed('rhythmic-nodder'));
    expect(Math.min(speed('energetic'), speed('head-banger'))).toBeGreaterThan(2 * speed('calm-ballad'));
    // Beat locking: the beat-driven styles fold onto the beat far better than the free ones.
    const locked = Math.min(lock('head-banger'), lock('energetic'), lock('rhythmic-nodder'));
    expect(locked).toBeGreaterThan(Math.max(lock('calm-ballad'), lock('theatrical')));
    expect(lock('calm-ballad')).toBeLessThan(0.1);
    // Jaw follows the style's jaw scale; smile the style's smile.
    expect(jaw('shy')).toBeLessThan(jaw('calm-ballad'));
    expect(jaw('calm-ballad')).toBeLessThan(jaw('head-banger'));
    expect(smile('energetic')).toBeGreaterThan(3 * smile('head-banger'));
    // Long closings: counted over 20 performances (teacher seeds) of the song.
    const closings = (s: StyleName) =>
      Array.from({ length: 20 }, (_, k) => perform(s, `run${k}`).labels.longClosings.length).reduce((a, b) => a + b, 0);
    expect(closings('theatrical')).toBeGreaterThan(2 * closings('shy'));
    expect(closings('calm-ballad')).toBeGreaterThan(closings('energetic'));
  });

  it('head speed follows the music, direction does not (paper Fig. 4)', () => {
    // Two performances of the same song by the same beat-driven singer, different teacher seeds.
    const a = perform('energetic', 'take1');
    const b = perform('energetic', 'take2');
    expect(corr(headSpeed(a.track.pose), headSpeed(b.track.pose))).toBeGreaterThan(0.75);
    let agree = 0;
    let n = 0;
    for (let t = 1; t < a.track.frameCount; t++) {
      const da = a.track.pose[t * 6 + 1] - a.track.pose[(t - 1) * 6 + 1];
      const db = b.track.pose[t * 6 + 1] - b.track.pose[(t - 1) * 6 + 1];
      if (Math.abs(da) > 1e-5 && Math.abs(db) > 1e-5) {
        n++;
        if (Math.sign(da) === Math.sign(db)) agree++;
      }
    }
    // Yaw moves the same way in only about half the frames: a coin, not a copy.
    expect(agree / n).toBeGreaterThan(0.25);
    expect(agree / n).toBeLessThan(0.75);
  });

  it('long closings last at least 0.5 s and sit on held high notes or the climax', () => {
    for (const style of ['theatrical', 'calm-ballad'] as StyleName[]) {
      for (let k = 0; k < 5; k++) {
        const { labels } = perform(style, `lc${k}`);
        for (const [a, b] of labels.longClosings) {
          expect(b - a).toBeGreaterThanOrEqual(0.5 * FPS);
          const t = (a + b) / 2 / FPS;
          const note = score.notes.find((n) => t >= n.start && t < n.end);
          expect(note && (note.held || note.climax)).toBeTruthy();
        }
      }
    }
  });
});

// Songs in the Italian and Finnish voices' own phone sets (tests/fixtures/corpus/README.md).
const OTHER_LANGUAGES = [
  { language: 'italian', vowel: /^[ieEaoOu]1?$/, rounded: /^[ouO]1?$/, spread: /^[aeEi]1?$/, open: /^[aEO]1?$/, close: /^[iu]1?$/ },
  { language: 'finnish', vowel: /^[ieaouy&]:?$/, rounded: /^[ouy]:?$/, spread: /^[aei&]:?$/, open: /^[a&]:?$/, close: /^[iuy]:?$/ },
];
for (const { language, vowel, rounded: roundedRe, spread: spreadRe, open, close } of OTHER_LANGUAGES) {
  describe(`teacher on a ${language} song (the voice's own phone set)`, () => {
    const dir = path.join(fixture, language);
    const itScore = JSON.parse(fs.readFileSync(path.join(dir, 'score.json'), 'utf8')) as Score;
    const itPhones = phonesFromCsv(fs.readFileSync(path.join(dir, 'phones.csv'), 'utf8'));
    const { track, labels } = performSong(itScore, itPhones, 'shy');
    const jaw = column(track, 'jawOpen');
    const pucker = column(track, 'mouthPucker');
    const at = (p: { start: number; end: number }, x: Float32Array) => x[Math.round(((p.start + p.end) / 2) * FPS)];

    it('opens on the vowels, closes in rests and on b/m', () => {
      expect(itScore.voice.language).toBe(language);
      const rest = Array.from(jaw).filter((_, t) => !labels.vocalActive[t]);
      expect(Math.max(...rest)).toBeLessThan(0.05);
      const vowels = itPhones.filter((p) => vowel.test(p.phone) && p.end - p.start >= 0.15);
      expect(vowels.length).toBeGreaterThan(10);
      // Every long vowel opens the jaw past the rest ceiling, and open vowels (a, open e/o, ä) wider than
      // close ones (i, u, y): the viseme shapes differ about threefold (AA 0.72 against IY 0.26, UW 0.22).
      for (const v of vowels) expect(at(v, jaw)).toBeGreaterThan(0.05);
      const openJaw = mean(vowels.filter((v) => open.test(v.phone)).map((v) => at(v, jaw)));
      const closeJaw = mean(vowels.filter((v) => close.test(v.phone)).map((v) => at(v, jaw)));
      expect(openJaw).toBeGreaterThan(1.5 * closeJaw);
      const bilabials = itPhones.filter((p) => ['p', 'b', 'm'].includes(p.phone) && p.end - p.start >= 2 / FPS);
      expect(bilabials.length).toBeGreaterThan(0);
      for (const p of bilabials) expect(at(p, jaw)).toBeLessThan(0.15);
    });

    it('rounds the lips on the rounded vowels, not on the spread ones', () => {
      const long = itPhones.filter((p) => p.end - p.start >= 0.2);
      const rounded = long.filter((p) => roundedRe.test(p.phone)).map((p) => at(p, pucker));
      const spread = long.filter((p) => spreadRe.test(p.phone)).map((p) => at(p, pucker));
      expect(rounded.length).toBeGreaterThan(2);
      expect(spread.length).toBeGreaterThan(2);
      expect(Math.min(...rounded)).toBeGreaterThan(0.1);
      expect(Math.max(...spread)).toBeLessThan(0.1);
    });
  });
}

describe('random blinks (paper 3.3.3)', () => {
  it('draw intervals from U(1.2, 2.0) s and durations from U(0.10, 0.45) s', () => {
    const { blinks, state } = sampleBlinks(rngFor('blink-test'), 30 * 600, FPS);
    const starts = blinks.map(([a]) => a / FPS);
    const durs = blinks.map(([a, b]) => (b - a) / FPS);
    const gaps = starts.slice(1).map((s, i) => s - starts[i]);
    const frame = 1 / FPS;
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(BLINK_INTERVAL[0] - frame);
      expect(g).toBeLessThanOrEqual(BLINK_INTERVAL[1] + frame);
    }
    for (const d of durs) {
      expect(d).toBeGreaterThanOrEqual(BLINK_DURATION[0] - frame);
      expect(d).toBeLessThanOrEqual(BLINK_DURATION[1] + frame);
    }
    // Uniform draws: the means sit in the middle of the ranges (10 minutes ≈ 375 blinks).
    expect(mean(gaps)).toBeCloseTo(1.6, 1);
    expect(mean(durs)).toBeCloseTo(0.275, 1);
    expect(Math.max(...state)).toBe(1);
  });

  it('composite eye state: a long closing overrides blinks (eq. 9), then a Gaussian smooths it', () => {
    const long = new Float32Array(60);
    const blink = new Float32Array(60);
    for (let i = 10; i < 14; i++) blink[i] = 1;
    for (let i = 30; i < 50; i++) long[i] = 0.9;
    for (let i = 35; i < 38; i++) blink[i] = 1; // hidden under the closing
    const e = composeEyeState(long, blink);
    expect(e[12]).toBeGreaterThan(0.9);
    expect(e[40]).toBeCloseTo(0.9, 5);
    expect(e[36]).toBeCloseTo(0.9, 5);
    expect(e[0]).toBe(0);
    expect(e[9]).toBeGreaterThan(0); // smoothed edge
  });
});
