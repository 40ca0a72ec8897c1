import { bestKey, modeCue } from '../../src/emotion/key-mode';
import { ChromaExtractor, computeChroma } from '../../src/features';

// Reference answers from music theory, not from the code: A4 is 440 Hz (pitch class 9 with C = 0);
// I–IV–V–I is the cadence that establishes a major key, i–iv–V–i (harmonic minor, raised leading tone)
// a minor one (Piston, Harmony, ch. 4–5). Notes are harmonic tones (partials 1–6 at 1/k), as instruments
// are: their 3rd and 5th partials add a fifth and a major third the key fit has to see through.
const RATE = 16000;
const freq = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

function chords(progression: number[][], seconds: number): Float32Array {
  const n = Math.round(seconds * RATE);
  const x = new Float32Array(n * progression.length);
  progression.forEach((notes, c) => {
    for (let i = 0; i < n; i++) {
      const t = i / RATE;
      const env = Math.min(1, t / 0.02) * Math.exp(-t / 1.5);
      let v = 0;
      for (const m of notes) for (let k = 1; k <= 6; k++) v += Math.sin(2 * Math.PI * k * freq(m) * t) / k;
      x[c * n + i] = 0.05 * env * v;
    }
  });
  return x;
}

function profile(x: Float32Array): number[] {
  const c = computeChroma(x);
  const p = new Array<number>(12).fill(0);
  for (let r = 0; r < c.frames; r++) for (let k = 0; k < 12; k++) p[k] += Math.sqrt(c.data[r * 12 + k]);
  return p;
}

// C4 = 60. Triads in close position over a bass an octave below the root.
const C_MAJOR_CADENCE = [
  [48, 60, 64, 67], // I   C E G
  [53, 60, 65, 69], // IV  F A C
  [43, 59, 62, 67], // V   G B D
  [48, 60, 64, 67], // I
];
const A_MINOR_CADENCE = [
  [45, 57, 60, 64], // i   A C E
  [50, 57, 62, 65], // iv  D F A
  [40, 56, 59, 64], // V   E G# B
  [45, 57, 60, 64], // i
];

describe('chroma (pitch-class energy, 10 rows per second)', () => {
  it('puts a 440 Hz harmonic tone on A, one row per 100 ms', () => {
    const x = chords([[69]], 2);
    const c = computeChroma(x);
    expect(c.frames).toBe(20);
    const p = profile(x);
    const total = p.reduce((a, b) => a + b, 0);
    // The 3rd and 5th partials land on E and C#; the fundamental's class still carries the most.
    expect(p.indexOf(Math.max(...p))).toBe(9);
    expect(p[9] / total).toBeGreaterThan(0.4);
  });

  it('gives the same rows streamed in uneven chunks as in one push', () => {
    const x = chords(C_MAJOR_CADENCE, 1.3);
    const whole = computeChroma(x);
    const ex = new ChromaExtractor();
    for (let i = 0, k = 0; i < x.length; k++) {
      const n = [1, 999, 4096, 317, 20000][k % 5];
      ex.push(x.subarray(i, i + n));
      i += n;
    }
    const streamed = ex.finish();
    expect(streamed.frames).toBe(whole.frames);
    let worst = 0;
    for (let i = 0; i < whole.data.length; i++)
      worst = Math.max(worst, Math.abs(streamed.data[i] - whole.data[i]) / (1e-9 + whole.data[i]));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('key and mode (Krumhansl–Schmuckler with the Krumhansl–Kessler profiles)', () => {
  it('hears I–IV–V–I in C as C major and i–iv–V–i in A as A minor', () => {
    const major = bestKey(profile(chords(C_MAJOR_CADENCE, 1)));
    const minor = bestKey(profile(chords(A_MINOR_CADENCE, 1)));
    console.log(
      `C cadence → ${major.tonic} ${major.mode} (r ${major.r.toFixed(2)}); A cadence → ${minor.tonic} ${minor.mode} (r ${minor.r.toFixed(2)})`,
    );
    expect(major).toMatchObject({ tonic: 0, mode: 'major' });
    expect(minor).toMatchObject({ tonic: 9, mode: 'minor' });
  });

  it('follows a transposition (the same cadences a tritone up: F# major, D# minor)', () => {
    const up = (prog: number[][]) => prog.map((c) => c.map((m) => m + 6));
    expect(bestKey(profile(chords(up(C_MAJOR_CADENCE), 1)))).toMatchObject({ tonic: 6, mode: 'major' });
    expect(bestKey(profile(chords(up(A_MINOR_CADENCE), 1)))).toMatchObject({ tonic: 3, mode: 'minor' });
  });

  it('scores the major cadence as major (> 0) and the parallel minor one as minor (< 0)', () => {
    const cMinor = A_MINOR_CADENCE.map((c) => c.map((m) => m + 3)); // i–iv–V–i in C
    expect(modeCue(profile(chords(C_MAJOR_CADENCE, 1)))).toBeGreaterThan(0);
    expect(modeCue(profile(chords(cMinor, 1)))).toBeLessThan(0);
    expect(modeCue(new Array(12).fill(1))).toBe(0);
  });
});
