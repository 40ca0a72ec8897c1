/** Builds test audio files at test time with the package's own FFmpeg (no binary fixtures in the repository). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Audio } from '../../src/audio/audio';
import { encodeWav } from '../../src/audio/encode-wav';
import { ffmpegPath } from '../../src/audio/ffmpeg-binary';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function tones(rate: number, seconds: number, parts: Array<[hz: number, amp: number]>): Audio {
  const n = Math.round(rate * seconds);
  const channels = parts.map(([hz, amp]) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate)));
  return { sampleRate: rate, channels };
}

export function writeWav(file: string, audio: Audio, bitDepth: 16 | 24 | 32 = 16): string {
  fs.writeFileSync(file, encodeWav(audio, { bitDepth }));
  return file;
}

/** Converts with FFmpeg, the output format chosen by the extension; `args` go before the output name. */
export function convert(input: string, output: string, args: string[] = []): string {
  execFileSync(ffmpegPath(), ['-nostdin', '-v', 'error', '-y', '-i', input, ...args, output]);
  return output;
}

/** Amplitude of the `hz` component over the middle half of `y` (least squares on sin and cos). */
export function amplitudeAt(y: Float32Array, rate: number, hz: number): number {
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
  return Math.hypot((ys * cc - yc * sc) / det, (yc * ss - ys * sc) / det);
}

export const db = (ratio: number) => 20 * Math.log10(ratio);
