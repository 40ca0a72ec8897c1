import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeSong, VOICES } from '../../src/corpus/composer/compose-song';
import { pitchAt } from '../../src/corpus/measure/pitch';
import { biquads } from '../../src/corpus/production/biquad';
import { chooseProduction } from '../../src/corpus/production/choose-production';
import { compress } from '../../src/corpus/production/compressor';
import { harmonise } from '../../src/corpus/production/backing-score';
import { vocalStem } from '../../src/corpus/production/vocal-stem';
import { midiToFreq } from '../../src/corpus/composer/theory';
import { shiftFormants } from '../../src/corpus/singer/formant-shift';
import { applyVibrato } from '../../src/corpus/singer/vibrato';
import { realFft } from '../../src/separation/fft';
import { VOWEL_VISEMES, phoneVisemes } from '../../src/corpus/teacher/visemes';
import { missingCorpusTools } from './helpers/tools';

const SR = 16000;

/** A vowel-like test signal: a 150 Hz pulse train through two resonators (formants) at f1 and f2. */
function vowel(f0: number, f1: number, f2: number, seconds: number): Float32Array {
  const n = Math.round(seconds * SR);
  const x = new Float32Array(n);
  const period = SR / f0;
  for (let k = 0; k * period < n; k++) x[Math.round(k * period)] = 1;
  for (const f of [f1, f2]) biquads(x, SR, [{ kind: 'peak', hz: f, q: 6, gainDb: 30 }]);
  biquads(x, SR, [{ kind: 'lowpass', hz: 4000, q: 0.707 }]);
  return x;
}

/** Frequency of the strongest harmonic between lo and hi Hz (a 4096-point spectrum of the middle). */
function peakHz(x: Float32Array, lo: number, hi: number): number {
  const N = 4096;
  const frame = new Float64Array(N);
  const at = (x.length - N) >> 1;
  for (let i = 0; i < N; i++) frame[i] = x[at + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
  const re = new Float64Array(N / 2 + 1);
  const im = new Float64Array(N / 2 + 1);
  realFft(N).forward(frame, re, im);
  let best = 0;
  let bestK = 0;
  for (let k = Math.ceil((lo * N) / SR); k <= Math.floor((hi * N) / SR); k++) {
    const m = re[k] * re[k] + im[k] * im[k];
    if (m > best) [best, bestK] = [m, k];
  }
  return (bestK * SR) / N;
}

describe('singer transformations', () => {
  it('formant shift moves the resonances by the factor and keeps the pitch', () => {
    const x = vowel(150, 600, 1800, 1);
    const y = shiftFormants(x, SR, 1.2, { f0At: () => 150 });
    // Harmonics of 150 Hz nearest 720 and 2160 Hz are 750 and 2100/2250: the peak moves to a harmonic
    // within half a harmonic spacing of the shifted formant.
    expect(Math.abs(peakHz(x, 300, 1000) - 600)).toBeLessThanOrEqual(75);
    expect(Math.abs(peakHz(y, 300, 1000) - 720)).toBeLessThanOrEqual(75);
    expect(Math.abs(peakHz(y, 1400, 3000) - 2160)).toBeLessThanOrEqual(75);
    expect(pitchAt(y, SR, 0.5)).toBeCloseTo(150, 0);
    // Factor 1 is the identity.
    expect(shiftFormants(x, SR, 1)).toEqual(x);
  });

  it('vibrato swings the pitch by the asked depth and rate on long notes only', () => {
    const tone = Float32Array.from({ length: 2 * SR }, (_, i) => Math.sin((2 * Math.PI * 220 * i) / SR));
    const notes = [{ start: 0, end: 2 } as never];
    const y = applyVibrato(tone, SR, { notes }, { rate: 5, depthCents: 50, onset: 0.2, minNote: 0.4 });
    const f0: number[] = [];
    for (let t = 0.8; t < 1.8; t += 0.005) f0.push(pitchAt(y, SR, t, { windowSeconds: 0.02 }));
    const cents = f0.map((f) => 1200 * Math.log2(f / 220));
    expect(Math.max(...cents)).toBeGreaterThan(40);
    expect(Math.max(...cents)).toBeLessThan(60);
    expect(Math.min(...cents)).toBeLessThan(-40);
    // Before the onset the tone is untouched.
    expect(pitchAt(y, SR, 0.1)).toBeCloseTo(220, 0);
    const short = applyVibrato(
      tone,
      SR,
      { notes: [{ start: 0, end: 0.3 } as never] },
      { rate: 5, depthCents: 50, onset: 0.05, minNote: 0.4 },
    );
    expect(short).toEqual(tone);
  });

  it('compressor: a 20 dB step above threshold comes out 20/ratio dB up', () => {
    const x = Float32Array.from({ length: SR }, (_, i) => (i < SR / 2 ? 0.01 : 0.1) * Math.sin((2 * Math.PI * 440 * i) / SR));
    compress(x, SR, { thresholdDb: -30, ratio: 4, attack: 0.005, release: 0.05, kneeDb: 0 });
    const rms = (a: number, b: number) => Math.sqrt(x.slice(a, b).reduce((s, v) => s + v * v, 0) / (b - a));
    // Input RMS -43 dB and -23 dB: the first below threshold, the second 7 dB above → 1.75 dB above.
    const step = 20 * Math.log10(rms(SR * 0.8, SR) / rms(SR * 0.3, SR * 0.5));
    expect(step).toBeCloseTo(13 + 7 / 4, 0);
  });

  it('production is deterministic per seed and varies across songs', () => {
    const a = Array.from({ length: 40 }, (_, i) => chooseProduction(5, i, VOICES[i % VOICES.length], VOICES));
    expect(chooseProduction(5, 7, VOICES[7 % VOICES.length], VOICES)).toEqual(a[7]);
    expect(a.filter((p) => p.reverb).length).toBeGreaterThan(20);
    expect(a.filter((p) => p.backing.some((b) => b.role === 'harmony')).length).toBeGreaterThan(5);
    expect(a.filter((p) => p.backing.some((b) => b.role === 'double')).length).toBeGreaterThan(5);
    expect(new Set(a.map((p) => p.peakDb)).size).toBe(40);
  });
});

const missing = missingCorpusTools();
const maybe = missing ? describe.skip : describe;

maybe('female singers (Festival)', () => {
  let tmp: string;
  beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mf-singers-'))));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("a female singer's sung f0 median is in the female range, a male one's in the male range", () => {
    const female = VOICES.filter((v) => v.sex === 'female').map((v) => v.name);
    expect(female.length).toBeGreaterThanOrEqual(3);
    for (const [k, voice] of ['kal-alto', 'kal'].entries()) {
      const score = composeSong({ seconds: 12, seed: 4, index: k, voice });
      const production = { ...chooseProduction(4, k, score.voice, VOICES), backing: [], reverb: null };
      const sr = 44100;
      const v = vocalStem(score, production, { workDir: path.join(tmp, voice), sampleRate: sr, length: 12 * sr, seed: 4, index: k });
      const f0: number[] = [];
      for (const p of v.phones) {
        if (p.note < 0 || p.end - p.start < 0.15) continue;
        const f = pitchAt(v.lead, sr, (p.start + p.end) / 2);
        if (f > 0) f0.push(f);
      }
      f0.sort((a, b) => a - b);
      const median = f0[f0.length >> 1];
      // Singing ranges (Titze 1994): alto F3–F5 (centre F4, 349 Hz), baritone G2–G4 (centre G3, 196 Hz);
      // C4 (262 Hz) lies halfway between the centres on a log scale. Measured: kal-alto 471 Hz, kal 196 Hz.
      if (voice === 'kal-alto') expect(median).toBeGreaterThan(262);
      else expect(median).toBeLessThan(262);
    }
  });

  it("a harmony song: the vocal stem holds a second singer a third or sixth away, the phone table (the face's input) is the lead's", () => {
    // Seed 11, song 0: mv (Finnish) with lj singing a harmony in the chorus.
    const score = composeSong({ seconds: 20, seed: 11, index: 0 });
    const production = chooseProduction(11, 0, score.voice, VOICES);
    const harmony = production.backing.find((b) => b.role === 'harmony')!;
    expect(harmony).toBeDefined();
    const sr = 44100;
    const opts = { sampleRate: sr, length: 20 * sr, seed: 11, index: 0 };
    const alone = vocalStem(score, { ...production, backing: [], reverb: null }, { ...opts, workDir: path.join(tmp, 'alone') });
    const dryBoth = vocalStem(score, { ...production, reverb: null }, { ...opts, workDir: path.join(tmp, 'dry') });
    expect(dryBoth.phones).toEqual(alone.phones);
    expect(dryBoth.lead).toEqual(alone.lead);
    // What the harmony adds: sung on the harmony note, not the lead's.
    const added = dryBoth.stereo[0].map((v, i) => (v + dryBoth.stereo[1][i]) / 2 - alone.lead[i]);
    let checked = 0;
    // Notes whose syllable has one vowel: Festival stretches both halves of a diphthong ("tai": a: + i:)
    // from diphones, and its second half is often unvoiced.
    const isVowel = (phone: string) => phoneVisemes(phone, score.voice.language).some((v) => VOWEL_VISEMES.has(v));
    const vowelsIn = (syl: number) => alone.phones.filter((q) => q.syllable === syl && isVowel(q.phone)).length;
    for (const p of alone.phones) {
      const n = score.notes[p.note];
      if (
        p.note < 0 ||
        vowelsIn(p.syllable) !== 1 ||
        p.end - p.start < 0.3 ||
        !score.sections.some((s) => s.name === 'chorus' && n.start >= s.start && n.start < s.end)
      )
        continue;
      // Median f0 over the middle half of the note (a diphone join can fool any one frame).
      const f0: number[] = [];
      for (let t = p.start + 0.25 * (p.end - p.start); t < p.end - 0.25 * (p.end - p.start); t += 0.01) {
        const f = pitchAt(added, sr, t);
        if (f > 0) f0.push(f);
      }
      const f = f0.sort((a, b) => a - b)[f0.length >> 1];
      const want = midiToFreq(harmonise(score, n.midi, harmony.steps));
      if (!(f > 0)) continue;
      expect(Math.abs(1200 * Math.log2(f / want))).toBeLessThan(50);
      expect(Math.abs(1200 * Math.log2(f / n.freq))).toBeGreaterThan(200); // not the lead's note
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
