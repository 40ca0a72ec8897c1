/** Behaviour of the feature path that a user of the animation would notice, checked from first principles. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeLogMel, computeMfcc } from '../../src/features/mfcc';
import { computeFeatures, videoFrameCount, windowFeatures } from '../../src/features/video-windows';
import { FEATURE_PARAMS } from '../../src/features/feature-params';

/** Bit-for-bit equality of two float arrays (jest's deep equality is slow on large arrays). */
const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const RATE = 16000;
const tone = (hz: number[], seconds: number, amp = 0.3) => {
  const x = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < x.length; i++) for (const f of hz) x[i] += amp * Math.sin((2 * Math.PI * f * i) / RATE);
  return x;
};

describe('mel bands', () => {
  // Centre of band j (0-based) written out from the HTK mel formula, independently of the code:
  // 27 equal mel steps from 0 to mel(8000); band j peaks at step j + 1.
  const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const centre = (j: number) => hz(((j + 1) * mel(8000)) / 27);

  test.each([2, 7, 12, 18, 24])('a pure tone at the centre of band %i puts most energy in that band', (band) => {
    const { frames, bands, data } = computeLogMel(tone([centre(band)], 0.5));
    const mean = new Float64Array(bands);
    for (let t = 0; t < frames - 3; t++) for (let j = 0; j < bands; j++) mean[j] += data[t * bands + j];
    const loudest = mean.indexOf(Math.max(...mean));
    expect(loudest).toBe(band);
  });

  test("doubling a tone's amplitude adds ln 4 to c0 (log frame energy)", () => {
    // Energy is quadratic in amplitude, so c0 (natural log of frame energy) moves by exactly ln(4).
    const a = computeMfcc(tone([440], 0.5, 0.1));
    const b = computeMfcc(tone([440], 0.5, 0.2));
    for (const t of [5, 20, 40]) expect(b.data[t * 26] - a.data[t * 26]).toBeCloseTo(Math.log(4), 6);
  });
});

describe('deltas', () => {
  test('a stationary signal has deltas ~0 away from the end, and non-trivial cepstra', () => {
    // Partials at multiples of 100 Hz repeat every 160 samples = one hop, so every full frame sees the same samples.
    const x = tone([200, 700, 3100], 1.0, 0.2);
    const m = computeMfcc(x);
    const fullFrames = Math.floor((x.length - 400) / 160) + 1;
    let maxDelta = 0;
    let cepSpread = 0;
    for (let t = 3; t < fullFrames - 2; t++) {
      // frame 0 differs: pre-emphasis has no x[−1]
      for (let k = 0; k < 13; k++) {
        maxDelta = Math.max(maxDelta, Math.abs(m.data[t * 26 + 13 + k]));
        cepSpread = Math.max(cepSpread, Math.abs(m.data[t * 26 + k]));
      }
    }
    expect(maxDelta).toBeLessThan(1e-5);
    expect(cepSpread).toBeGreaterThan(1);
    // The last frame is 20 % zero padding, so its energy falls and its energy delta is clearly negative:
    // the same measurement does see change where there is some.
    expect(m.data[(m.frames - 1) * 26 + 13]).toBeLessThan(-0.05);
  });

  test('a rising level gives positive energy deltas', () => {
    const x = tone([1000], 1.0, 1);
    for (let i = 0; i < x.length; i++) x[i] *= 0.01 + i / x.length;
    const m = computeMfcc(x);
    for (let t = 10; t < 80; t += 10) expect(m.data[t * 26 + 13]).toBeGreaterThan(0);
  });
});

describe('frame counts and 30 fps windows', () => {
  // Counts from the definitions: MFCC frames 1 + ceil((n − 400) / 160) (1 if n ≤ 400); video max(1, round(s · 30)).
  test.each([
    ['1.01 s', 16160, 100, 30],
    ['0.5 s', 8000, 49, 15],
    ['7 samples', 7, 1, 1],
    ['1.0100625 s (odd)', 16161, 100, 30],
    ['0.0505 s', 808, 4, 2],
    ['empty', 0, 1, 1],
  ])('%s: %i samples → %i MFCC frames, %i video frames', (_label, n, mfccFrames, videoFrames) => {
    const x = tone([300], n / RATE);
    const m = computeMfcc(x);
    expect(m.frames).toBe(mfccFrames);
    expect(videoFrameCount(n / RATE)).toBe(videoFrames);
    const f = computeFeatures(x);
    expect([f.frameCount, f.window, f.dim, f.data.length]).toEqual([videoFrames, 39, 26, videoFrames * 39 * 26]);
    expect(f.data.every(Number.isFinite)).toBe(true);
  });

  test.each([16000, 16161])("a click at video frame 15 (0.5 s) sits at the centre of that frame's window (%i samples)", (n) => {
    const x = new Float32Array(n);
    x[8000] = 0.9; // t = 0.5 s = frame 15 at 30 fps; MFCC frames 48, 49 and 50 contain it
    const f = computeFeatures(x);
    const c0 = (frame: number, w: number) => f.data[(frame * 39 + w) * 26];
    const loud: number[] = [];
    for (let w = 0; w < 39; w++) if (c0(15, w) > -20) loud.push(w);
    expect(loud).toEqual([18, 19, 20]); // symmetric around the window's centre row 19
    // One video frame later (+33 ms ≈ 3.3 MFCC frames) the click has moved 3 rows earlier in the window.
    const loudNext: number[] = [];
    for (let w = 0; w < 39; w++) if (c0(16, w) > -20) loudNext.push(w);
    expect(loudNext).toEqual([15, 16, 17]);
  });

  test('edge windows repeat the first and last MFCC rows', () => {
    const x = tone([500, 1500], 0.3);
    for (let i = 0; i < x.length; i++) x[i] *= i / x.length; // rows differ, so a wrong index would show
    const m = computeMfcc(x);
    const f = computeFeatures(x);
    const row = (j: number) => Array.from(m.data.subarray(j * 26, (j + 1) * 26));
    const win = (i: number, w: number) => Array.from(f.data.subarray((i * 39 + w) * 26, (i * 39 + w + 1) * 26));
    // Frame 0 is at t = 0: centre row round(−1.25) = −1, so rows −20 … −1 are row 0 repeated, then rows 0 … 18.
    for (let w = 0; w <= 20; w++) expect(win(0, w)).toEqual(row(0));
    expect(win(0, 21)).toEqual(row(1));
    const last = f.frameCount - 1;
    expect(win(last, 38)).toEqual(row(m.frames - 1));
  });

  test('windows computed in chunks equal the whole-song windows', () => {
    const x = tone([220, 330], 2.345);
    const m = computeMfcc(x);
    const T = videoFrameCount(x.length / RATE);
    const whole = windowFeatures(m, 0, T);
    const parts = [windowFeatures(m, 0, 17), windowFeatures(m, 17, 30), windowFeatures(m, 47, T - 47)];
    const joined = new Float32Array(whole.data.length);
    let o = 0;
    for (const p of parts) {
      joined.set(p.data, o);
      o += p.data.length;
    }
    expect(sameBits(joined, whole.data)).toBe(true);
  });

  test('bad arguments are refused with a sentence', () => {
    const m = computeMfcc(tone([300], 0.1));
    expect(() => windowFeatures(m, -1, 3)).toThrow(/start and count/);
    expect(() => windowFeatures(m, 0, 3, 0)).toThrow(/fps/);
    expect(() => videoFrameCount(NaN)).toThrow(/duration/);
  });
});

describe('FEATURE_PARAMS', () => {
  test("equals the training side's feature_params.json (what model cards carry) and is frozen", () => {
    const file = path.join(__dirname, '../../training/feature_params.json');
    const training = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect({ ...FEATURE_PARAMS }).toEqual(training);
    expect(Object.isFrozen(FEATURE_PARAMS)).toBe(true);
  });
});
