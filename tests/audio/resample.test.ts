import * as fs from 'node:fs';
import * as path from 'node:path';
import { designResampleFilter, resample, Resampler } from '../../src/audio/resample';
import { toMono16k } from '../../src/audio/to-mono-16k';

/** Bit-for-bit equality of two float arrays (jest's deep equality is slow on large arrays). */
const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const DIR = path.join(__dirname, '../fixtures/audio/resample');
interface Case {
  from: number;
  to: number;
  up: number;
  down: number;
  taps: number;
  samples: number;
  input_offset: number;
  output_samples: number;
  output_offset: number;
}
const meta = JSON.parse(fs.readFileSync(path.join(DIR, 'resample-fixture.json'), 'utf8')) as { cases: Case[] };
const f32 = (file: string) => {
  const b = fs.readFileSync(path.join(DIR, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
};
const input = f32('input.f32');
const expected = f32('expected.f32');

const sine = (hz: number, rate: number, seconds: number, amp = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate));

/** Amplitude of the `hz` component over the middle of `y` (least squares on sin and cos). */
function amplitudeAt(y: Float32Array, rate: number, hz: number): number {
  const a = Math.floor(y.length * 0.25);
  const b = Math.floor(y.length * 0.75);
  let ss = 0,
    cc = 0,
    sc = 0,
    ys = 0,
    yc = 0;
  for (let i = a; i < b; i++) {
    const s = Math.sin((2 * Math.PI * hz * i) / rate);
    const c = Math.cos((2 * Math.PI * hz * i) / rate);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y[i] * s;
    yc += y[i] * c;
  }
  const det = ss * cc - sc * sc;
  const ks = (ys * cc - yc * sc) / det;
  const kc = (yc * ss - ys * sc) / det;
  return Math.hypot(ks, kc);
}

function rms(y: Float32Array): number {
  const a = Math.floor(y.length * 0.25);
  const b = Math.floor(y.length * 0.75);
  let s = 0;
  for (let i = a; i < b; i++) s += y[i] * y[i];
  return Math.sqrt(s / (b - a));
}

describe('resample against scipy.signal.resample_poly (fixture by training/fixtures/make_resample_fixture.py)', () => {
  // Tolerance 1e-5 absolute on signals of magnitude ~1: scipy sums in float64, the kernel in float32 over at
  // most 605 taps (float32 step 6e-8; the errors are mostly independent, so ~1e-6 is typical).
  test.each(meta.cases.map((c) => [`${c.from} → ${c.to}`, c] as const))('%s', (_l, c) => {
    const x = input.subarray(c.input_offset, c.input_offset + c.samples);
    const ref = expected.subarray(c.output_offset, c.output_offset + c.output_samples);
    const f = designResampleFilter(c.from, c.to);
    expect([f.up, f.down, f.prototype.length]).toEqual([c.up, c.down, c.taps]);
    const y = resample(x, c.from, c.to);
    expect(y.length).toBe(ref.length);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('anti-aliasing', () => {
  test.each([
    [44100, 16000, 1000],
    [44100, 16000, 6500],
    [48000, 16000, 3000],
    [96000, 16000, 7000],
    [22050, 16000, 5000],
    [8000, 16000, 3000],
    [16000, 44100, 7000],
  ])('%i → %i Hz: a %i Hz tone keeps its amplitude within 0.1 dB', (from, to, hz) => {
    const y = resample(sine(hz, from, 0.5), from, to);
    const db = 20 * Math.log10(amplitudeAt(y, to, hz) / 0.5);
    expect(Math.abs(db)).toBeLessThan(0.1);
  });

  test.each([
    [44100, 16000, 8100],
    [44100, 16000, 9000],
    [44100, 16000, 15000],
    [44100, 16000, 21000],
    [48000, 16000, 8200],
    [96000, 16000, 30000],
    [22050, 16000, 10000],
  ])('%i → %i Hz: a %i Hz tone (above the new Nyquist) is at least 60 dB down', (from, to, hz) => {
    const y = resample(sine(hz, from, 0.5), from, to);
    const db = 20 * Math.log10(rms(y) / (0.5 / Math.SQRT2));
    expect(db).toBeLessThan(-60);
  });

  test('linear interpolation would fail the same check (the test can tell the difference)', () => {
    const x = sine(9000, 44100, 0.5);
    const n = Math.ceil((x.length * 160) / 441);
    const lin = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = (i * 44100) / 16000;
      const k = Math.floor(t);
      lin[i] = x[k] + (t - k) * ((x[k + 1] ?? 0) - x[k]);
    }
    expect(20 * Math.log10(rms(lin) / (0.5 / Math.SQRT2))).toBeGreaterThan(-20);
  });
});

describe('streaming', () => {
  test.each([
    [44100, 16000],
    [48000, 16000],
    [8000, 16000],
    [16000, 16000],
  ])('%i → %i: chunks of any size concatenate to the whole-signal result, bit for bit', (from, to) => {
    const x = Float32Array.from({ length: 70001 }, (_, i) => Math.sin(i * 0.01) * 0.5 + Math.sin(i * 1.3) * 0.2);
    const whole = resample(x, from, to);
    const r = new Resampler(from, to);
    const parts: Float32Array[] = [];
    const sizes = [0, 1, 2, 100, 4097, 70000, 3, 65536 + 5];
    for (let i = 0, k = 0; i < x.length; k++) {
      const n = sizes[k % sizes.length];
      parts.push(r.push(x.subarray(i, i + n)));
      i += n;
    }
    parts.push(r.flush());
    const joined = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    expect(joined.length).toBe(Math.ceil((x.length * to) / from));
    expect(sameBits(joined, whole)).toBe(true);
  });

  test('push after flush is refused', () => {
    const r = new Resampler(44100, 16000);
    r.flush();
    expect(() => r.push(new Float32Array(10))).toThrow(/after flush/);
  });

  test('bad rates are refused with a sentence', () => {
    expect(() => resample(new Float32Array(4), 44100.5, 16000)).toThrow(/positive integer/);
    expect(() => resample(new Float32Array(4), 44100, 0)).toThrow(/positive integer/);
  });
});

describe('toMono16k', () => {
  test('averages the channels and resamples to 16 kHz', () => {
    const left = sine(440, 44100, 0.5, 0.6);
    const right = sine(2000, 44100, 0.5, 0.4);
    const y = toMono16k({ sampleRate: 44100, channels: [left, right] });
    expect(y.length).toBe(Math.ceil((left.length * 16000) / 44100));
    expect(amplitudeAt(y, 16000, 440)).toBeCloseTo(0.3, 3);
    expect(amplitudeAt(y, 16000, 2000)).toBeCloseTo(0.2, 3);
  });

  test('opposite channels cancel; 16 kHz mono passes through unchanged', () => {
    const a = sine(440, 48000, 0.2);
    const silent = toMono16k({ sampleRate: 48000, channels: [a, a.map((v) => -v)] });
    expect(Math.max(...silent.map(Math.abs))).toBe(0);
    const m = sine(300, 16000, 0.1);
    expect(Array.from(toMono16k({ sampleRate: 16000, channels: [m] }))).toEqual(Array.from(m));
  });
});

describe('options given as undefined', () => {
  // Callers pass optional settings straight through (`{ rolloff: opts.rolloff }`); before, an undefined
  // rolloff replaced the default and the design refused it ("rolloff must be in (0, 1), got undefined").
  test('keep their defaults: the same samples as no options', () => {
    const x = sine(1000, 44100, 0.1);
    expect(sameBits(resample(x, 44100, 16000, { rolloff: undefined, attenuationDb: undefined }), resample(x, 44100, 16000))).toBe(true);
  });
});
