/** encodeWav is read back by FFmpeg (an independent WAV reader) through decodeAudio. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Audio } from '../../src/audio/audio';
import { decodeAudio } from '../../src/audio/decode';
import { encodeWav } from '../../src/audio/encode-wav';
import { probeAudio } from '../../src/audio/probe';
import { tempDir, tones } from './test-audio-files';

let dir: string;
beforeAll(() => (dir = tempDir('musicface-wav-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const roundTrip = async (audio: Audio, bitDepth: 16 | 24 | 32, name: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, encodeWav(audio, { bitDepth }));
  return { file, decoded: await decodeAudio(file) };
};

/** A signal that visits the clipping region and tiny values. */
const awkward = (): Audio => {
  const a = Float32Array.from({ length: 5001 }, (_, i) => 1.3 * Math.sin(i * 0.01) + 1e-6 * (i % 7));
  const b = Float32Array.from({ length: 5001 }, (_, i) => (i % 100) / 100 - 0.5);
  return { sampleRate: 22050, channels: [a, b] };
};

test.each([
  [16, 32768],
  [24, 8388608],
])('%i-bit PCM decodes to round(x · scale) / scale, clipped', async (bits, scale) => {
  const src = awkward();
  const { decoded } = await roundTrip(src, bits as 16 | 24, `pcm${bits}.wav`);
  expect(decoded.sampleRate).toBe(22050);
  for (let c = 0; c < 2; c++) {
    const want = src.channels[c].map((x) => Math.min(scale - 1, Math.max(-scale, Math.round(x * scale))) / scale);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(decoded.channels[c][i] - want[i]));
    expect(decoded.channels[c].length).toBe(5001);
    expect(worst).toBe(0);
  }
});

test('32-bit float is lossless', async () => {
  const src = awkward();
  const { decoded } = await roundTrip(src, 32, 'float.wav');
  for (let c = 0; c < 2; c++) expect(Buffer.from(decoded.channels[c].buffer).equals(Buffer.from(src.channels[c].buffer))).toBe(true);
});

test.each([16, 32])('6 channels (WAVE_FORMAT_EXTENSIBLE, %i-bit) keep their order', async (bits) => {
  const src = tones(48000, 0.2, [
    [100, 0.1],
    [200, 0.2],
    [300, 0.3],
    [400, 0.4],
    [500, 0.5],
    [600, 0.6],
  ]);
  const { file, decoded } = await roundTrip(src, bits as 16 | 32, `six-${bits}.wav`);
  const info = await probeAudio(file);
  expect([info.channels, info.sampleRate]).toEqual([6, 48000]);
  decoded.channels.forEach((ch, c) => {
    const peak = ch.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeCloseTo(0.1 * (c + 1), 3);
  });
});

test('RIFF and data sizes are consistent, odd-sized data is padded', () => {
  const mono: Audio = { sampleRate: 8000, channels: [new Float32Array(3)] };
  const bytes = encodeWav(mono, { bitDepth: 24 }); // 9 data bytes → one pad byte
  const v = new DataView(bytes.buffer);
  expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
  expect(v.getUint32(4, true)).toBe(bytes.length - 8);
  const dataAt = bytes.length - 1 - 9 - 8;
  expect(new TextDecoder().decode(bytes.subarray(dataAt, dataAt + 4))).toBe('data');
  expect(v.getUint32(dataAt + 4, true)).toBe(9);
});

test('bad audio is refused', () => {
  expect(() => encodeWav({ sampleRate: 8000, channels: [] })).toThrow(/no channels/);
  expect(() => encodeWav({ sampleRate: 8000, channels: [new Float32Array(3), new Float32Array(4)] })).toThrow(/differ in length/);
  expect(() => encodeWav({ sampleRate: 8000, channels: [new Float32Array(3)] }, { bitDepth: 8 as 16 })).toThrow(/bitDepth/);
});
