/**
 * computeMfcc against python_speech_features 0.6 (an independent implementation): fixture made by
 * training/fixtures/make_mfcc_fixture.py from committed float32 inputs.
 *
 * Tolerance: |ours − ref| ≤ 1e-5 · max(1, |ref|). Both sides compute in float64 and round the result to
 * float32 (relative step 6e-8); the remaining differences are summation order in the FFT, the energy sum and
 * the DCT (measured worst: 1.3e-12). Cepstra are O(1–40): 1e-5 relative on the large ones, 1e-5 absolute near zero,
 * where a relative bound is meaningless (a delta of a flat signal is ~0).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeMfcc, MfccExtractor } from '../../src/features/mfcc';
import { windowFeatures } from '../../src/features/video-windows';

/** Bit-for-bit equality of two float arrays (jest's deep equality is slow on large arrays). */
const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const DIR = path.join(__dirname, '../fixtures/mfcc');
interface Case {
  name: string;
  samples: number;
  input_offset: number;
  frames: number;
  output_offset: number;
  windows: number[][];
}
const meta = JSON.parse(fs.readFileSync(path.join(DIR, 'mfcc-fixture.json'), 'utf8')) as { cases: Case[] };
const f32 = (file: string) => {
  const b = fs.readFileSync(path.join(DIR, file));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
};
const input = f32('input.f32');
const expected = f32('expected.f32');

function worstError(ours: Float32Array, ref: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
  return worst;
}

describe.each(meta.cases.map((c) => [c.name, c] as const))('MFCC + deltas vs python_speech_features: %s', (_name, c) => {
  const x = input.subarray(c.input_offset, c.input_offset + c.samples);
  const ref = expected.subarray(c.output_offset, c.output_offset + c.frames * 26);

  test('same frame count and values within 1e-5', () => {
    const m = computeMfcc(x);
    expect(m.frames).toBe(c.frames);
    expect(m.dim).toBe(26);
    expect(m.data.length).toBe(ref.length);
    expect(worstError(m.data, ref)).toBeLessThan(1e-5);
  });

  test('streaming in uneven chunks gives identical numbers', () => {
    const ex = new MfccExtractor();
    const sizes = [1, 159, 161, 400, 7, 1000, 3];
    for (let i = 0, k = 0; i < x.length; k++) {
      const n = sizes[k % sizes.length];
      ex.push(x.subarray(i, i + n));
      i += n;
    }
    expect(sameBits(ex.finish().data, computeMfcc(x).data)).toBe(true);
  });

  test('30 fps windows pick the rows the reference picks', () => {
    const m = computeMfcc(x);
    const w = windowFeatures(m, 0, c.windows.length);
    expect(w.frameCount).toBe(c.windows.length);
    for (let i = 0; i < c.windows.length; i++) {
      for (let k = 0; k < 39; k++) {
        const row = c.windows[i][k];
        const got = w.data.subarray((i * 39 + k) * 26, (i * 39 + k + 1) * 26);
        expect(Array.from(got)).toEqual(Array.from(m.data.subarray(row * 26, (row + 1) * 26)));
      }
    }
  });
});
